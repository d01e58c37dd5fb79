"""Discord's rules for what the API accepts, as pure functions the loopback fake applies.

Each ``*_errors`` function returns Discord's nested error shape for a 50035 "Invalid Form Body" answer
(``{"embeds": {"0": {"description": {"_errors": [{"code": …, "message": …}]}}}}``), empty when the payload is fine.
The limits are Discord's documented ones (messages, embeds, components, application commands, autocomplete).
"""

from __future__ import annotations

import re
from typing import Any

Json = dict[str, Any]

# Permission bits (https://discord.com/developers/docs/topics/permissions)
ADMINISTRATOR = 1 << 3
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
SEND_MESSAGES_IN_THREADS = 1 << 38  # in a thread this, not SEND_MESSAGES, lets one post
ALL = (1 << 50) - 1

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
EMBED_LIMITS = {"title": 256, "description": 4096}
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
ROWS_MAX = 5
BUTTONS_PER_ROW = 5
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
SELECT_OPTIONS_MAX = 25
SELECT_TEXT_MAX = 100
PLACEHOLDER_MAX = 150
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
COMMANDS_MAX = 100
OPTIONS_MAX = 25
DESCRIPTION_MAX = 100
NAME = re.compile(r"^[-_'\w]{1,32}$")


class Errors:
    """Builds Discord's nested ``errors`` object."""

    def __init__(self) -> None:
        self.tree: Json = {}

    def add(self, path: tuple[str | int, ...], code: str, message: str) -> None:
        node = self.tree
        for key in path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def too_long(self, path: tuple[str | int, ...], limit: int) -> None:
        self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def required(self, path: tuple[str | int, ...]) -> None:
        self.add(path, "BASE_TYPE_REQUIRED", "This field is required")

    def __bool__(self) -> bool:
        return bool(self.tree)


def error_paths(tree: Json, prefix: str = "") -> list[str]:
    """``["embeds.0.description"]``: where a 50035 answer says the problems are."""
    paths = []
    for key, value in tree.items():
        if key == "_errors":
            paths.append(prefix)
        elif isinstance(value, dict):
            paths += error_paths(value, f"{prefix}.{key}" if prefix else key)
    return paths


# ----------------------------------------------------------------------------------------------- messages
def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def embed_size(embed: Json) -> int:
    """What counts towards the 6,000 characters shared by a message's embeds."""
    size = len(_text(embed.get("title"))) + len(_text(embed.get("description")))
    size += len(_text((embed.get("footer") or {}).get("text"))) + len(_text((embed.get("author") or {}).get("name")))
    for item in embed.get("fields") or []:
        size += len(_text(item.get("name"))) + len(_text(item.get("value")))
    return size


def _embed_errors(errors: Errors, index: int, embed: Json) -> None:
    base: tuple[str | int, ...] = ("embeds", index)
    for key, limit in EMBED_LIMITS.items():
        if len(_text(embed.get(key))) > limit:
            errors.too_long((*base, key), limit)
    fields = embed.get("fields") or []
    if len(fields) > FIELDS_MAX:
        errors.too_long((*base, "fields"), FIELDS_MAX)
    for number, item in enumerate(fields):
        for key, limit in (("name", FIELD_NAME_MAX), ("value", FIELD_VALUE_MAX)):
            text = _text(item.get(key))
            if not text.strip():
                errors.required((*base, "fields", number, key))
            elif len(text) > limit:
                errors.too_long((*base, "fields", number, key), limit)
    if len(_text((embed.get("footer") or {}).get("text"))) > FOOTER_MAX:
        errors.too_long((*base, "footer", "text"), FOOTER_MAX)
    if len(_text((embed.get("author") or {}).get("name"))) > AUTHOR_MAX:
        errors.too_long((*base, "author", "name"), AUTHOR_MAX)


def _select_errors(errors: Errors, path: tuple[str | int, ...], select: Json) -> None:
    options = select.get("options") or []
    if select.get("type") == 3 and not 1 <= len(options) <= SELECT_OPTIONS_MAX:
        errors.add((*path, "options"), "BASE_TYPE_BAD_LENGTH", f"Must be between 1 and {SELECT_OPTIONS_MAX} in length.")
    values = set()
    for number, option in enumerate(options):
        for key in ("label", "value", "description"):
            text = _text(option.get(key))
            if key != "description" and not text:
                errors.required((*path, "options", number, key))
            elif len(text) > SELECT_TEXT_MAX:
                errors.too_long((*path, "options", number, key), SELECT_TEXT_MAX)
        if option.get("value") in values:
            errors.add((*path, "options", number, "value"), "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED", "duplicate")
        values.add(option.get("value"))
    if len(_text(select.get("placeholder"))) > PLACEHOLDER_MAX:
        errors.too_long((*path, "placeholder"), PLACEHOLDER_MAX)


def _component_errors(errors: Errors, rows: list[Json]) -> None:
    if len(rows) > ROWS_MAX:
        errors.too_long(("components",), ROWS_MAX)
    seen: set[str] = set()
    for row_number, row in enumerate(rows):
        if row.get("type") != 1:
            errors.add(("components", row_number, "type"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "must be an action row")
            continue
        items = row.get("components") or []
        selects = [c for c in items if c.get("type") in (3, 5, 6, 7, 8)]
        if not items or len(items) > BUTTONS_PER_ROW or (selects and len(items) > 1):
            errors.add(
                ("components", row_number, "components"),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "The specified component exceeds the maximum width",
            )
        for number, item in enumerate(items):
            path: tuple[str | int, ...] = ("components", row_number, "components", number)
            custom_id = item.get("custom_id")
            if item.get("type") == 2 and item.get("style") == 5:
                if not item.get("url"):
                    errors.required((*path, "url"))
            elif not custom_id:
                errors.required((*path, "custom_id"))
            elif len(custom_id) > CUSTOM_ID_MAX:
                errors.too_long((*path, "custom_id"), CUSTOM_ID_MAX)
            elif custom_id in seen:
                errors.add(
                    (*path, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"
                )
            if custom_id:
                seen.add(custom_id)
            if item.get("type") == 2:
                if not item.get("label") and not item.get("emoji"):
                    errors.required((*path, "label"))
                if len(_text(item.get("label"))) > BUTTON_LABEL_MAX:
                    errors.too_long((*path, "label"), BUTTON_LABEL_MAX)
            else:
                _select_errors(errors, path, item)


def message_errors(body: Json, *, new: bool) -> Errors:
    """What Discord would refuse in a message body (``new``: a message being created, not an edit)."""
    errors = Errors()
    content = _text(body.get("content"))
    if len(content) > CONTENT_MAX:
        errors.too_long(("content",), CONTENT_MAX)
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        errors.too_long(("embeds",), EMBEDS_MAX)
    for index, embed in enumerate(embeds):
        _embed_errors(errors, index, embed)
    if sum(embed_size(e) for e in embeds) > EMBED_TOTAL_MAX:
        errors.add(("embeds",), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
    _component_errors(errors, body.get("components") or [])
    if new and not content and not embeds and not body.get("components") and not body.get("attachments"):
        errors.add(("content",), "BASE_TYPE_REQUIRED", "Cannot send an empty message")
    return errors


def choices_errors(choices: list[Json]) -> Errors:
    errors = Errors()
    if len(choices) > CHOICES_MAX:
        errors.too_long(("data", "choices"), CHOICES_MAX)
    for number, choice in enumerate(choices):
        name = _text(choice.get("name"))
        if not 1 <= len(name) <= CHOICE_NAME_MAX:
            errors.add(
                ("data", "choices", number, "name"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
            )
        value = choice.get("value")
        if isinstance(value, str) and len(value) > CHOICE_VALUE_MAX:
            errors.too_long(("data", "choices", number, "value"), CHOICE_VALUE_MAX)
    return errors


# ----------------------------------------------------------------------------------------------- mentions
_USER = re.compile(r"<@!?(\d+)>")
_ROLE = re.compile(r"<@&(\d+)>")


def mentions(content: str, allowed: Json | None) -> tuple[list[str], list[str], bool]:
    """Who a message's content pings once ``allowed_mentions`` is applied: user ids, role ids, @everyone/@here.

    Without ``allowed_mentions`` Discord parses everything (what a bot gets if it forgets to set them).
    """
    parse = {"users", "roles", "everyone"} if allowed is None else set(allowed.get("parse") or [])
    users_allowed = {str(u) for u in (allowed or {}).get("users") or []}
    roles_allowed = {str(r) for r in (allowed or {}).get("roles") or []}
    users = [u for u in dict.fromkeys(_USER.findall(content)) if "users" in parse or u in users_allowed]
    roles = [r for r in dict.fromkeys(_ROLE.findall(content)) if "roles" in parse or r in roles_allowed]
    everyone = "everyone" in parse and ("@everyone" in content or "@here" in content)
    return users, roles, everyone


# ----------------------------------------------------------------------------------------------- permissions
def channel_permissions(
    guild_id: int, base_roles: dict[int, int], member_id: int, member_roles: list[int], overwrites: list[Json]
) -> int:
    """Discord's algorithm: @everyone and the member's roles, then the channel's overwrites in their order."""
    permissions = base_roles.get(guild_id, 0)
    for role in member_roles:
        permissions |= base_roles.get(role, 0)
    if permissions & ADMINISTRATOR:
        return ALL
    by_id = {int(o["id"]): o for o in overwrites}
    if everyone := by_id.get(guild_id):
        permissions = (permissions & ~int(everyone["deny"])) | int(everyone["allow"])
    allow = deny = 0
    for role in member_roles:
        if overwrite := by_id.get(role):
            allow |= int(overwrite["allow"])
            deny |= int(overwrite["deny"])
    permissions = (permissions & ~deny) | allow
    if (member := by_id.get(member_id)) and int(member.get("type", 1)) == 1:
        permissions = (permissions & ~int(member["deny"])) | int(member["allow"])
    if not permissions & VIEW_CHANNEL:
        return 0
    return permissions


# ----------------------------------------------------------------------------------------------- commands
def _option_errors(errors: Errors, path: tuple[str | int, ...], options: list[Json], depth: int) -> None:
    if len(options) > OPTIONS_MAX:
        errors.too_long((*path, "options"), OPTIONS_MAX)
    names: set[str] = set()
    seen_optional = False
    kinds = {int(o.get("type", 0)) for o in options}
    if kinds & {1, 2} and kinds - {1, 2}:
        errors.add((*path, "options"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "sub-commands mix with options")
    for number, option in enumerate(options):
        where = (*path, "options", number)
        kind = int(option.get("type", 0))
        name = _text(option.get("name"))
        if not NAME.match(name) or name != name.lower():
            errors.add((*where, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if name in names:
            errors.add((*where, "name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "duplicate option name")
        names.add(name)
        if not 1 <= len(_text(option.get("description"))) <= DESCRIPTION_MAX:
            errors.add((*where, "description"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
        if not 1 <= kind <= 11:
            errors.add((*where, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, …, 11}.")
        if kind in (1, 2):
            if (kind == 2 and depth > 0) or (kind == 1 and depth > 1):
                errors.add((*where, "type"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "nested too deep")
            if kind == 2 and any(int(o.get("type", 0)) != 1 for o in option.get("options") or []):
                errors.add(
                    (*where, "options"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "a group holds sub-commands"
                )
            _option_errors(errors, where, option.get("options") or [], depth + 1)
            continue
        if option.get("required"):
            if seen_optional:
                errors.add(
                    (*where, "required"),
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            seen_optional = True
        choices = option.get("choices") or []
        if len(choices) > CHOICES_MAX:
            errors.too_long((*where, "choices"), CHOICES_MAX)
        if choices and option.get("autocomplete"):
            errors.add((*where, "autocomplete"), "AUTOCOMPLETE_WITH_CHOICES", "autocomplete cannot be set with choices")


def commands_errors(commands: list[Json]) -> Errors:
    """What Discord refuses in a bulk overwrite of application commands."""
    errors = Errors()
    chat = [c for c in commands if int(c.get("type", 1)) == 1]
    if len(chat) > COMMANDS_MAX:
        errors.too_long((), COMMANDS_MAX)
    names: set[tuple[int, str]] = set()
    for number, command in enumerate(commands):
        kind = int(command.get("type", 1))
        name = _text(command.get("name"))
        if kind == 1 and (not NAME.match(name) or name != name.lower()):
            errors.add((number, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if (kind, name) in names:
            errors.add(
                (number, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique"
            )
        names.add((kind, name))
        if kind == 1:
            if not 1 <= len(_text(command.get("description"))) <= DESCRIPTION_MAX:
                errors.add((number, "description"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
            _option_errors(errors, (number,), command.get("options") or [], 0)
    return errors
