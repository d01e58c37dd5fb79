"""A loopback fake of Discord that speaks the real protocol to an unmodified discord.py client.

REST (the routes the bot uses) and the gateway websocket run in one aiohttp server on 127.0.0.1. Everything the
bot sends back is recorded as an :class:`Output`; tests wait for outputs with a timeout.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.e2e import discord_rules as rules

API = "/api/v10"
EPHEMERAL = 1 << 6
LOADING = 1 << 7
ALL_PERMISSIONS = str((1 << 50) - 1)
# What the README's invite link grants: View Channels, Send Messages, Embed Links, Read Message History.
BOT_PERMISSIONS = (
    rules.VIEW_CHANNEL
    | rules.SEND_MESSAGES
    | rules.SEND_MESSAGES_IN_THREADS
    | rules.EMBED_LINKS
    | rules.READ_MESSAGE_HISTORY
)
RESPONSE_WINDOW = 3.0  # seconds to send the initial response
TOKEN_LIFETIME = 15 * 60.0  # seconds an interaction token accepts follow-ups and edits
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content
MESSAGE_CONTENT = 1 << 15
MEMBER_PERMISSIONS = str(0x0000_0400 | 0x0000_0800 | 0x8000_0000 | 0x0000_4000)  # view, send, use commands, links

Json = dict[str, Any]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


@dataclass
class Output:
    """One thing the bot did: ``kind`` is callback, followup, edit, channel_message or autocomplete."""

    kind: str
    message: Json
    token: str | None = None
    channel_id: int | None = None
    callback_type: int | None = None
    choices: list[Json] = field(default_factory=list)
    read: bool = False  # a test looked at it; the quiet check at the end of each test lists the rest
    ping_ok: bool = False  # a test checked that this message pings whom it should (a role the server opted into)

    @property
    def pings(self) -> bool:
        """Whether Discord would notify anyone for this message."""
        return bool(
            self.message.get("mentions") or self.message.get("mention_roles") or self.message.get("mention_everyone")
        )

    @property
    def content(self) -> str:
        return str(self.message.get("content") or "")

    @property
    def embeds(self) -> list[Json]:
        return list(self.message.get("embeds") or [])

    @property
    def components(self) -> list[Json]:
        return list(self.message.get("components") or [])

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.message.get("flags") or 0) & EPHEMERAL)

    @property
    def message_id(self) -> int:
        return int(self.message["id"])

    def text(self) -> str:
        """Content plus every embed's visible text, for assertions."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            for fld in embed.get("fields") or []:
                parts += [fld.get("name") or "", fld.get("value") or ""]
            parts.append((embed.get("footer") or {}).get("text") or "")
            parts.append((embed.get("author") or {}).get("name") or "")
        return "\n".join(parts)

    def buttons(self) -> list[Json]:
        return [c for row in self.components for c in row.get("components", []) if c.get("type") == 2]

    def selects(self) -> list[Json]:
        return [c for row in self.components for c in row.get("components", []) if c.get("type") == 3]


@dataclass
class Member:
    id: int
    name: str
    permissions: str = MEMBER_PERMISSIONS
    roles: list[int] = field(default_factory=list)

    def user(self) -> Json:
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.name,
            "discriminator": "0",
            "avatar": None,
        }

    def member(self) -> Json:
        return {
            "user": self.user(),
            "roles": [str(r) for r in self.roles],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "permissions": self.permissions,
            "nick": None,
        }


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    status: int
    body: Any
    headers: dict[str, str]
    times: int


@dataclass
class Refusal:
    """An error the fake answered, as Discord would have: the bot did something Discord does not accept."""

    method: str
    path: str
    status: int
    code: int
    message: str
    errors: Json = field(default_factory=dict)

    def __str__(self) -> str:
        where = ", ".join(rules.error_paths(self.errors))
        return f"{self.method} {self.path} -> {self.status} {self.code} {self.message}" + (
            f" [{where}]" if where else ""
        )


@dataclass
class _InteractionState:
    id: int
    kind: int  # 2 command, 3 component, 4 autocomplete
    created: float
    channel: int
    responded: bool = False
    original: int | None = None  # the original response's message id
    message: int | None = None  # for a component: the message it is on


class NotOffered(Exception):
    """Discord's client would not offer this command here (e.g. a guild-only command in a DM)."""


class FakeDiscord:
    def __init__(self) -> None:
        self._ids = itertools.count(1_100_000_000_000_000_000)
        self.application_id = self.new_id()
        self.bot_user = {
            "id": str(self.application_id),
            "username": "K-Collab",
            "discriminator": "0",
            "bot": True,
            "avatar": None,
            "global_name": None,
        }
        self.guild_id = self.new_id()
        self.channel_id = self.new_id()
        self.other_channel_id = self.new_id()
        self.voice_channel_id = self.new_id()
        self.forum_channel_id = self.new_id()
        self.thread_id = self.new_id()  # a public thread in the "general" channel
        self.fans_role_id = self.new_id()
        # Channels beyond the guild's own, in servers the gateway does not describe (benchmarks: thousands of servers).
        self.extra_channels: dict[int, int] = {}  # channel -> guild
        # Discord's global limit: more than this many requests in any second get a global 429. None: not enforced.
        self.global_limit: int | None = None
        self.global_429s = 0
        self._recent: list[float] = []
        self.owner = Member(self.new_id(), "owner", ALL_PERMISSIONS)
        self.alice = Member(self.new_id(), "alice")
        self.bob = Member(self.new_id(), "bob")
        self.moderator = Member(self.new_id(), "mod", str(0x20 | 0x0000_0400 | 0x0000_0800 | 0x8000_0000))
        self.global_commands: dict[str, Json] = {}  # name -> synced schema
        self.guild_commands: dict[int, dict[str, Json]] = {}  # guild -> name -> synced schema
        self.sync_calls: list[tuple[int | None, list[Json]]] = []
        self.messages: dict[int, Json] = {}
        self.outputs: list[Output] = []
        self.requests: list[tuple[str, str]] = []
        self.faults: list[Fault] = []
        self.identifies = 0
        self.resumes = 0
        # Privileged intents switched on in the Developer Portal (1 << 15 message content, 1 << 1 members,
        # 1 << 8 presences). IDENTIFY asking for one that is not granted is closed with 4014, as Discord does.
        self.granted_intents = 0
        self.intents = 0  # what the bot asked for at IDENTIFY
        self.token_valid = True
        self.refusals: list[Refusal] = []
        self.skew = 0.0  # seconds added to the clock: lets a test age interaction tokens without waiting
        self.bot_role_id = self.new_id()
        self.bot_permissions = BOT_PERMISSIONS  # the bot's managed role
        self.everyone_permissions = int(MEMBER_PERMISSIONS)
        self.overwrites: dict[int, list[Json]] = {}  # channel -> permission overwrites
        self.deleted_channels: set[int] = set()
        self._interactions: dict[str, _InteractionState] = {}  # token -> state
        self._changed = asyncio.Condition()
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._runner: web.AppRunner | None = None
        self.port = 0

    def new_id(self) -> int:
        return next(self._ids)

    def now(self) -> float:
        return time.monotonic() + self.skew

    def advance(self, seconds: float) -> None:
        """Move the fake's clock on: interaction windows and token lifetimes are measured on it."""
        self.skew += seconds

    @property
    def commands(self) -> dict[str, Json]:
        """The commands a member of the test guild sees: global ones, and the guild's own copies over them."""
        return {**self.global_commands, **self.guild_commands.get(self.guild_id, {})}

    # ----------------------------------------------------------------------------------------------- checks
    def unread(self) -> list[Output]:
        return [o for o in self.outputs if not o.read]

    def take_refusals(self) -> list[Refusal]:
        """The refusals so far, which the test now owns (the quiet check no longer reports them)."""
        taken, self.refusals = self.refusals, []
        return taken

    async def assert_quiet(self, settle: float = 0.05) -> None:
        """Nothing was sent that the test did not read, nothing was refused, nothing pinged anyone."""
        await asyncio.sleep(settle)
        problems = [f"unread {o.kind}: {o.text()[:200]!r}" for o in self.unread()]
        problems += [f"refused: {r}" for r in self.refusals]
        problems += [
            f"pings: {o.kind} {o.message.get('mentions')} {o.message.get('mention_roles')}"
            for o in self.outputs
            if o.pings and not o.ping_ok
        ]
        assert not problems, "the bot did more than the test expected:\n" + "\n".join(problems)

    def bot_permissions_in(self, channel_id: int) -> int:
        roles = {self.guild_id: self.everyone_permissions, self.bot_role_id: self.bot_permissions}
        # A thread has no overwrites of its own: its parent channel's apply.
        source = self.channel_id if channel_id == self.thread_id else channel_id
        return rules.channel_permissions(
            self.guild_id, roles, self.application_id, [self.bot_role_id], self.overwrites.get(source, [])
        )

    async def set_overwrites(self, channel_id: int, overwrites: list[Json]) -> None:
        """Change a channel's permission overwrites, telling the bot as Discord does (CHANNEL_UPDATE)."""
        self.overwrites[channel_id] = overwrites
        await self.dispatch("CHANNEL_UPDATE", self._channel(channel_id))

    async def remove_bot(self) -> None:
        """The bot is kicked from the test server (GUILD_DELETE without ``unavailable``)."""
        await self.dispatch("GUILD_DELETE", {"id": str(self.guild_id)})

    async def delete_channel(self, channel_id: int) -> None:
        self.deleted_channels.add(channel_id)
        await self.dispatch("CHANNEL_DELETE", self._channel(channel_id))

    # ----------------------------------------------------------------------------------------------- server
    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/_fake/stats", self._stats)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(site.name.rsplit(":", 1)[1])

    async def stop(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @staticmethod
    def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
        # discord.py reads a body as JSON only when Content-Type is exactly application/json.
        return web.Response(
            body=json.dumps(data).encode(),
            status=status,
            headers={"Content-Type": "application/json", **(headers or {})},
        )

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        path = request.path
        self.requests.append((request.method, path))
        if self.global_limit is not None and path.startswith(API) and "/interactions/" not in path:
            now = time.monotonic()
            self._recent = [t for t in self._recent if now - t < 1.0]
            if len(self._recent) >= self.global_limit:
                self.global_429s += 1
                headers = {"Via": "1.1 google", "X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"}
                body = {"message": "You are being rate limited.", "retry_after": 1.0, "global": True}
                return self._json(body, 429, headers)
            self._recent.append(now)
        if not self.token_valid and path.startswith(API) and "/interactions/" not in path:
            return self._json({"message": "401: Unauthorized", "code": 0}, 401)
        for fault in self.faults:
            if fault.times > 0 and fault.method == request.method and fault.path.search(path):
                fault.times -= 1
                return self._json(fault.body, fault.status, fault.headers)
        response: web.StreamResponse = await handler(request)
        return response

    def fail(self, method: str, path: str, status: int, *, times: int = 1, retry_after: float = 0.1) -> None:
        """Answer the next ``times`` matching requests with ``status`` (429 carries ``retry_after``)."""
        headers: dict[str, str] = {}
        body: Json = {"message": "fault injected by the test", "code": 0}
        if status == 429:
            headers = {"Via": "1.1 google", "X-RateLimit-Scope": "user"}
            body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}
        elif status == 403:
            body = {"message": "Missing Access", "code": 50001}
        elif status == 404:
            body = {"message": "Unknown Channel", "code": 10003}
        self.faults.append(Fault(method, re.compile(path), status, body, headers, times))

    # ----------------------------------------------------------------------------------------------- REST
    def _refuse(
        self, request: web.Request, status: int, code: int, message: str, errors: rules.Errors | None = None
    ) -> web.Response:
        tree = errors.tree if errors else {}
        self.refusals.append(Refusal(request.method, request.path, status, code, message, tree))
        body: Json = {"message": message, "code": code}
        if tree:
            body["errors"] = tree
        return self._json(body, status)

    def _invalid(self, request: web.Request, errors: rules.Errors) -> web.Response:
        return self._refuse(request, 400, 50035, "Invalid Form Body", errors)

    async def _body(self, request: web.Request) -> Json:
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            payload: Json = {}
            async for part in reader:
                if getattr(part, "name", None) == "payload_json":
                    payload = json.loads(await part.text())  # type: ignore[union-attr]
            return payload
        if request.can_read_body:
            data = await request.json()
            return data if isinstance(data, dict) else {"items": data}
        return {}

    async def _rest(self, request: web.Request) -> web.Response:
        tail = "/" + request.match_info["tail"]
        method = request.method
        body = await self._body(request)
        app = str(self.application_id)
        if method == "GET" and tail == "/users/@me":
            return self._json(self.bot_user)
        if method == "GET" and tail == "/oauth2/applications/@me":
            return self._json(
                {
                    "id": app,
                    "name": "K-Collab",
                    "icon": None,
                    "description": "",
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "verify_key": "00",
                    "flags": 0,
                    "owner": self.owner.user(),
                    "team": None,
                    "interactions_endpoint_url": None,
                    "summary": "",
                    "rpc_origins": [],
                }
            )
        if match := re.fullmatch(rf"/applications/{app}(?:/guilds/(\d+))?/commands", tail):
            guild = int(match.group(1)) if match.group(1) else None
            if method == "PUT":
                commands = body.get("items", [])
                if errors := rules.commands_errors(commands):
                    return self._invalid(request, errors)
                return self._json(self._sync(guild, commands))
            synced = self.global_commands if guild is None else self.guild_commands.get(guild, {})
            return self._json(list(synced.values()))
        if match := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", tail):
            return await self._callback(request, int(match.group(1)), match.group(2), body)
        if match := re.fullmatch(rf"/webhooks/{app}/([^/]+)(?:/messages/([^/]+))?", tail):
            token, which = match.groups()
            state = self._interactions.get(token)
            if state is None or not state.responded:
                return self._refuse(request, 404, 10015, "Unknown Webhook")
            if self.now() - state.created > TOKEN_LIFETIME:
                return self._refuse(request, 401, 50027, "Invalid Webhook Token")
            if which is None:
                if method != "POST":
                    return self._refuse(request, 405, 0, "405: Method Not Allowed")
                if errors := rules.message_errors(body, new=True):
                    return self._invalid(request, errors)
                return self._json(await self._followup(token, body))
            message_id = (state.original or 0) if which == "@original" else int(which)
            if message_id not in self.messages:
                return self._refuse(request, 404, 10008, "Unknown Message")
            if method == "PATCH":
                if errors := rules.message_errors(body, new=False):
                    return self._invalid(request, errors)
                return self._json(await self._edit(message_id, body, token))
            if method == "DELETE":
                self.messages.pop(message_id, None)
                return web.Response(status=204)
            return self._json(self.messages[message_id])
        if match := re.fullmatch(r"/channels/(\d+)(/messages(?:/(\d+))?)?", tail):
            channel = int(match.group(1))
            if not self._known_channel(channel) or channel in self.deleted_channels:
                return self._refuse(request, 404, 10003, "Unknown Channel")
            permissions = self.bot_permissions_in(channel)
            if not permissions & rules.VIEW_CHANNEL:
                return self._refuse(request, 403, 50001, "Missing Access")
            if match.group(2) is None:
                return self._json(self._channel(channel))
            if match.group(3) is None:
                if method == "GET":
                    if not permissions & rules.READ_MESSAGE_HISTORY:
                        return self._json([])  # Discord answers an empty history without the permission
                    recent = [m for m in self.messages.values() if int(m["channel_id"]) == channel]
                    limit = int(request.query.get("limit", "50"))
                    return self._json(sorted(recent, key=lambda m: int(m["id"]), reverse=True)[:limit])
                # In a thread Discord asks for Send Messages in Threads instead of Send Messages.
                send = rules.SEND_MESSAGES_IN_THREADS if channel == self.thread_id else rules.SEND_MESSAGES
                if not permissions & send or (body.get("embeds") and not permissions & rules.EMBED_LINKS):
                    return self._refuse(request, 403, 50013, "Missing Permissions")
                if errors := rules.message_errors(body, new=True):
                    return self._invalid(request, errors)
                message = self._store_message(channel, body)
                await self._record(Output("channel_message", message, channel_id=channel))
                return self._json(message)
            message_id = int(match.group(3))
            found = self.messages.get(message_id)
            if found is None or int(found["channel_id"]) != channel or int(found.get("flags") or 0) & EPHEMERAL:
                return self._refuse(request, 404, 10008, "Unknown Message")
            if method == "PATCH":
                if found["author"]["id"] != self.bot_user["id"]:
                    return self._refuse(request, 403, 50005, "Cannot edit a message authored by another user")
                if errors := rules.message_errors(body, new=False):
                    return self._invalid(request, errors)
                return self._json(await self._edit(message_id, body, None))
            return self._json(found)
        return self._json({"message": f"404: not faked: {method} {tail}", "code": 0}, 404)

    async def _stats(self, request: web.Request) -> web.Response:
        """What a benchmark driving the fake from another process needs to know."""
        per_channel: dict[str, int] = {}
        for output in self.outputs:
            if output.kind == "channel_message":
                per_channel[str(output.channel_id)] = per_channel.get(str(output.channel_id), 0) + 1
        return self._json({"posts": per_channel, "global_429s": self.global_429s, "refusals": len(self.refusals)})

    def _known_channel(self, channel: int) -> bool:
        return channel in (self.channel_id, self.other_channel_id, self.thread_id) or channel in self.extra_channels

    def add_channel(self, guild_id: int | None = None) -> tuple[int, int]:
        """A text channel (not sent over the gateway) in a server of its own, or in ``guild_id``: (guild, channel)."""
        guild, channel = guild_id or self.new_id(), self.new_id()
        self.extra_channels[channel] = guild
        return guild, channel

    def _sync(self, guild: int | None, commands: list[Json]) -> list[Json]:
        self.sync_calls.append((guild, commands))
        answered = []
        synced_now: dict[str, Json] = {}
        for command in commands:
            synced = {
                **command,
                "id": str(self.new_id()),
                "application_id": str(self.application_id),
                "version": str(self.new_id()),
                "default_member_permissions": command.get("default_member_permissions"),
                "type": command.get("type", 1),
            }
            if guild is not None:
                synced["guild_id"] = str(guild)
            synced_now[command["name"]] = synced
            answered.append(synced)
        # A bulk overwrite replaces the whole set: commands left out are deleted.
        if guild is None:
            self.global_commands = synced_now
        else:
            self.guild_commands[guild] = synced_now
        return answered

    def _store_message(self, channel_id: int, payload: Json, *, interaction: bool = False) -> Json:
        message_id = self.new_id()
        content = payload.get("content") or ""
        users, roles, everyone = rules.mentions(content, payload.get("allowed_mentions"))
        message: Json = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "guild_id": str(self.extra_channels.get(channel_id, self.guild_id)),
            "author": self.bot_user,
            "content": content,
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": everyone,
            "mentions": [{"id": u, "username": "someone", "discriminator": "0", "avatar": None} for u in users],
            "mention_roles": roles,
            "attachments": [],
            "embeds": payload.get("embeds") or [],
            "pinned": False,
            "type": 20 if interaction else 0,
            "flags": int(payload.get("flags") or 0),
            "components": payload.get("components") or [],
            "allowed_mentions": payload.get("allowed_mentions"),
        }
        if interaction:
            message["webhook_id"] = str(self.application_id)
            message["application_id"] = str(self.application_id)
        self.messages[message_id] = message
        return message

    async def _callback(self, request: web.Request, interaction_id: int, token: str, body: Json) -> web.Response:
        state = self._interactions.get(token)
        if state is None or state.id != interaction_id or self.now() - state.created > RESPONSE_WINDOW:
            return self._refuse(request, 404, 10062, "Unknown interaction")
        if state.responded:
            return self._refuse(request, 400, 40060, "Interaction has already been acknowledged.")
        kind = int(body["type"])
        data = body.get("data") or {}
        allowed = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}}[state.kind]
        if kind not in allowed:
            errors = rules.Errors()
            errors.add(("type",), "INTERACTION_RESPONSE_TYPE_INVALID", "Invalid interaction response type")
            return self._invalid(request, errors)
        if kind == 8:
            errors = rules.choices_errors(data.get("choices") or [])
        elif kind in (4, 7):
            errors = rules.message_errors(data, new=kind == 4)
            errors.tree = {"data": errors.tree} if errors.tree else {}
        else:
            errors = rules.Errors()
        if errors:
            return self._invalid(request, errors)
        state.responded = True
        channel = state.channel
        interaction: Json = {
            "id": str(interaction_id),
            "type": state.kind,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(int(data.get("flags") or 0) & EPHEMERAL),
        }
        resource: Json = {"type": kind}
        if kind in (4, 5):
            payload = dict(data)
            if kind == 5:
                payload["flags"] = int(payload.get("flags") or 0) | LOADING
            message = self._store_message(channel, payload, interaction=True)
            state.original = int(message["id"])
            interaction["response_message_id"] = message["id"]
            resource["message"] = message
            await self._record(Output("callback", message, token, channel, kind))
        elif kind == 7:
            assert state.message is not None
            state.original = state.message
            message = await self._edit(state.message, data, token, callback_type=7)
            interaction["response_message_id"] = message["id"]
            resource["message"] = message
        elif kind == 8:
            await self._record(Output("autocomplete", {}, token, channel, kind, choices=data.get("choices", [])))
        else:  # 6 deferred update, 9 modal
            if kind == 6:
                state.original = state.message
            await self._record(Output("callback", {"flags": 0, **data}, token, channel, kind))
        return self._json({"interaction": interaction, "resource": resource})

    async def _followup(self, token: str, body: Json) -> Json:
        state = self._interactions[token]
        original = self.messages.get(state.original) if state.original else None
        if original is not None and int(original.get("flags") or 0) & LOADING:
            # The first follow-up after a "thinking" deferral replaces the loading message.
            flags = int(original["flags"]) & EPHEMERAL
            users, roles, everyone = rules.mentions(body.get("content") or "", body.get("allowed_mentions"))
            original.update(
                {
                    "content": body.get("content") or "",
                    "embeds": body.get("embeds") or [],
                    "components": body.get("components") or [],
                    "flags": flags,
                    "mentions": [{"id": u} for u in users],
                    "mention_roles": roles,
                    "mention_everyone": everyone,
                }
            )
            message = original
        else:
            message = self._store_message(state.channel, body, interaction=True)
        await self._record(Output("followup", message, token, state.channel))
        return message

    async def _edit(self, message_id: int, body: Json, token: str | None, callback_type: int | None = None) -> Json:
        message = self.messages[message_id]
        for key in ("content", "embeds", "components"):
            if key in body:
                message[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        if int(message.get("flags") or 0) & LOADING:
            message["flags"] = int(message["flags"]) & ~LOADING
        message["edited_timestamp"] = _now()
        channel = int(message["channel_id"])
        await self._record(Output("edit", message, token, channel, callback_type))
        return message

    async def _record(self, output: Output) -> None:
        # Copy so later edits do not rewrite what a test already read.
        output.message = json.loads(json.dumps(output.message))
        async with self._changed:
            self.outputs.append(output)
            self._changed.notify_all()

    # ----------------------------------------------------------------------------------------------- gateway
    def _channel(self, channel_id: int) -> Json:
        if channel_id == self.thread_id:
            return self._thread()
        kinds = {self.voice_channel_id: (2, "voice"), self.forum_channel_id: (15, "forum")}
        kind, name = kinds.get(channel_id, (0, "general" if channel_id == self.channel_id else "other"))
        extra: Json = {}
        if kind == 2:
            extra = {"bitrate": 64000, "user_limit": 0}
        elif kind == 15:
            extra = {"available_tags": [], "flags": 0, "default_reaction_emoji": None}
        return extra | {
            "id": str(channel_id),
            "type": kind,
            "name": name,
            "position": 0,
            "guild_id": str(self.extra_channels.get(channel_id, self.guild_id)),
            "permission_overwrites": self.overwrites.get(channel_id, []),
            "nsfw": False,
            "parent_id": None,
        }

    def _thread(self) -> Json:
        return {
            "id": str(self.thread_id),
            "type": 11,  # a public thread
            "name": "trivia night",
            "guild_id": str(self.guild_id),
            "parent_id": str(self.channel_id),
            "owner_id": str(self.moderator.id),
            "last_message_id": None,
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": "2024-01-01T00:00:00+00:00",
                "locked": False,
            },
        }

    def _guild(self) -> Json:
        members = [self.owner, self.alice, self.bob, self.moderator]
        bot_member = {
            "user": self.bot_user,
            "roles": [str(self.bot_role_id)],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
        }
        return {
            "id": str(self.guild_id),
            "name": "K-pop fans",
            "icon": None,
            "owner_id": str(self.owner.id),
            "unavailable": False,
            "large": False,
            "member_count": len(members) + 1,
            "roles": [
                {
                    "id": str(self.guild_id),
                    "name": "@everyone",
                    "permissions": str(self.everyone_permissions),
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                },
                self._bot_role(),
                {
                    "id": str(self.fans_role_id),
                    "name": "fans",
                    "permissions": "0",
                    "position": 1,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": True,
                },
            ],
            "channels": [
                self._channel(c)
                for c in (self.channel_id, self.other_channel_id, self.voice_channel_id, self.forum_channel_id)
            ],
            "members": [m.member() for m in members] + [bot_member],
            "emojis": [],
            "stickers": [],
            "features": [],
            "threads": [self._thread()],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "voice_states": [],
            "presences": [],
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "system_channel_flags": 0,
            "joined_at": "2024-01-01T00:00:00+00:00",
        }

    def _bot_role(self) -> Json:
        return {
            "id": str(self.bot_role_id),
            "name": "K-Collab",
            "permissions": str(self.bot_permissions),
            "position": 1,
            "color": 0,
            "hoist": False,
            "managed": True,
            "mentionable": False,
            "tags": {"bot_id": str(self.application_id)},
        }

    async def set_bot_permissions(self, permissions: int) -> None:
        """Change the bot's role, telling the bot as Discord does (GUILD_ROLE_UPDATE)."""
        self.bot_permissions = permissions
        await self.dispatch("GUILD_ROLE_UPDATE", {"guild_id": str(self.guild_id), "role": self._bot_role()})

    async def _send(self, payload: Json) -> None:
        assert self._ws is not None
        await self._ws.send_str(json.dumps(payload))

    async def dispatch(self, event: str, data: Json) -> None:
        self._seq += 1
        await self._send({"op": 0, "t": event, "s": self._seq, "d": data})

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await self._send({"op": 10, "d": {"heartbeat_interval": 41250}})
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            payload = json.loads(message.data)
            op = payload.get("op")
            if op == 1:
                await self._send({"op": 11})
            elif op == 2:
                self.identifies += 1
                requested = int(payload["d"].get("intents") or 0)
                self.intents = requested
                if requested & PRIVILEGED_INTENTS & ~self.granted_intents:
                    await ws.close(code=4014, message=b"Disallowed intent(s).")
                    break
                if not self.token_valid:
                    await ws.close(code=4004, message=b"Authentication failed.")
                    break
                await self.dispatch(
                    "READY",
                    {
                        "v": 10,
                        "user": self.bot_user,
                        "guilds": [{"id": str(self.guild_id), "unavailable": True}],
                        "session_id": "fake-session",
                        "resume_gateway_url": self.gateway_url,
                        "application": {"id": str(self.application_id), "flags": 0},
                        "private_channels": [],
                        "relationships": [],
                    },
                )
                await self.dispatch("GUILD_CREATE", self._guild())
            elif op == 6:
                self.resumes += 1
                self._seq = int(payload["d"].get("seq") or self._seq)
                await self.dispatch("RESUMED", {})
        return ws

    async def revoke_token(self) -> None:
        """The token is reset in the Developer Portal mid-session: REST answers 401, the gateway closes with 4004."""
        self.token_valid = False
        if self._ws is not None and not self._ws.closed:
            await self._ws.close(code=4004, message=b"Authentication failed.")

    async def reconnect(self) -> None:
        """Ask the client to reconnect (op 7); it resumes on ``resume_gateway_url``."""
        await self._send({"op": 7, "d": None})

    # ----------------------------------------------------------------------------------------------- test actions
    def _interaction(
        self,
        kind: int,
        data: Json,
        member: Member,
        channel_id: int | None,
        message: Json | None = None,
        *,
        dm: bool = False,
    ) -> tuple[Json, str]:
        token = f"token-{self.new_id()}"
        channel = channel_id or self.channel_id
        interaction_id = self.new_id()
        self._interactions[token] = _InteractionState(
            interaction_id, kind, self.now(), channel, message=int(message["id"]) if message else None
        )
        payload: Json = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": kind,
            "token": token,
            "version": 1,
            "attachment_size_limit": 10_485_760,
            "locale": "en-US",
            "entitlements": [],
            "data": data,
        }
        if dm:
            payload |= {
                "channel_id": str(channel),
                "channel": {"id": str(channel), "type": 1, "recipients": [member.user()]},
                "user": member.user(),
                "app_permissions": str(rules.ALL & ~rules.MENTION_EVERYONE),
                "authorizing_integration_owners": {"1": str(member.id)},
                "context": 1,
            }
        else:
            payload |= {
                "guild_id": str(self.guild_id),
                "channel_id": str(channel),
                "channel": self._channel(channel),  # Discord sends the whole channel, cached or not
                "member": member.member(),
                "app_permissions": str(self.bot_permissions_in(channel)),
                "guild_locale": "en-US",
                "authorizing_integration_owners": {"0": str(self.guild_id)},
                "context": 0,
            }
        if message is not None:
            payload["message"] = message
        return payload, token

    def _command_data(self, path: str, options: dict[str, Any], focused: str | None, *, dm: bool = False) -> Json:
        names = path.split()
        offered = self.global_commands if dm else self.commands
        command = offered.get(names[0])
        if command is None and names[0] in self.commands:
            raise NotOffered(f"/{names[0]} is only synced to a server")
        assert command is not None, f"/{names[0]} was never synced; synced: {sorted(self.commands)}"
        if dm and (1 not in (command.get("contexts") or [0, 1, 2]) or command.get("dm_permission") is False):
            raise NotOffered(f"/{names[0]} is a server-only command: Discord does not offer it in DMs")
        schema_options = command.get("options") or []
        leaf: list[Json] = []
        top: list[Json] = leaf
        for name in names[1:]:
            sub = next((o for o in schema_options if o["name"] == name), None)
            assert sub is not None, f"no subcommand {name!r} in /{path}"
            inner: list[Json] = []
            leaf.append({"type": sub["type"], "name": name, "options": inner})
            leaf = inner
            schema_options = sub.get("options") or []
        resolved: Json = {}
        for name, value in options.items():
            spec = next((o for o in schema_options if o["name"] == name), None)
            assert spec is not None, f"/{path} has no option {name!r}"
            if spec["type"] == 7:  # a channel: Discord sends its id and the channel in ``resolved``
                channel = self._channel(int(value))
                channel["permissions"] = str(rules.ALL)
                resolved.setdefault("channels", {})[str(value)] = channel
                value = str(value)
            elif spec["type"] == 6:  # a user: Discord sends the id, and the user and member in ``resolved``
                who = next(m for m in (self.owner, self.alice, self.bob, self.moderator) if m.id == int(value))
                resolved.setdefault("users", {})[str(value)] = who.user()
                member_data = who.member()
                member_data.pop("user")
                resolved.setdefault("members", {})[str(value)] = member_data
                value = str(value)
            elif spec["type"] == 8:  # a role
                role = next(r for r in self._guild()["roles"] if int(r["id"]) == int(value))
                resolved.setdefault("roles", {})[str(value)] = role
                value = str(value)
            option: Json = {"type": spec["type"], "name": name, "value": value}
            if name == focused:
                option["focused"] = True
            leaf.append(option)
        data: Json = {"id": command["id"], "name": names[0], "type": 1, "options": top}
        if resolved:
            data["resolved"] = resolved
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return data

    async def slash(
        self,
        path: str,
        *,
        member: Member | None = None,
        channel_id: int | None = None,
        dm: bool = False,
        option_values: dict[str, Any] | None = None,
        **options: Any,
    ) -> Interaction:
        """Invoke ``/path`` (e.g. ``"collab search"``) with ``options`` as ``member`` (in a DM with ``dm``).

        ``option_values`` passes options whose names clash with this method's own (an option called ``member``).
        """
        data = self._command_data(path, {**options, **(option_values or {})}, None, dm=dm)
        payload, token = self._interaction(2, data, member or self.alice, self.new_id() if dm else channel_id, dm=dm)
        return await self._send_interaction(payload, token)

    async def autocomplete(
        self, path: str, focused: str, *, member: Member | None = None, timeout: float = 5.0, **options: Any
    ) -> list[Json]:
        """The choices the bot offers while ``focused`` is being typed."""
        data = self._command_data(path, options, focused)
        payload, token = self._interaction(4, data, member or self.alice, None)
        handle = await self._send_interaction(payload, token)
        output = await handle.next(lambda o: o.kind == "autocomplete", timeout=timeout)
        return output.choices

    async def click(
        self, message: Json, custom_id: str, *, member: Member | None = None, values: list[str] | None = None
    ) -> Interaction:
        """Click a button (or choose ``values`` in a select menu) on a message the bot sent."""
        component_type = 3 if values is not None else 2
        data: Json = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        current = self.messages.get(int(message["id"]), message)
        payload, token = self._interaction(3, data, member or self.alice, int(current["channel_id"]), current)
        return await self._send_interaction(payload, token)

    async def post(self, content: str, *, member: Member | None = None, channel_id: int | None = None) -> None:
        """A member posts ``content`` in a channel (MESSAGE_CREATE)."""
        author = member or self.alice
        channel = channel_id or self.channel_id
        mentions = [self.bot_user] if f"<@{self.application_id}>" in content else []
        if not self.intents & MESSAGE_CONTENT and not mentions:
            # Without the Message Content intent Discord sends a message's event with its content empty.
            content = ""
        await self.dispatch(
            "MESSAGE_CREATE",
            {
                "id": str(self.new_id()),
                "channel_id": str(channel),
                "guild_id": str(self.guild_id),
                "type": 0,
                "content": content,
                "author": author.user(),
                "member": author.member(),
                "timestamp": _now(),
                "edited_timestamp": None,
                "tts": False,
                "mention_everyone": False,
                "mentions": mentions,
                "mention_roles": [],
                "attachments": [],
                "embeds": [],
                "pinned": False,
                "flags": 0,
                "components": [],
            },
        )

    async def _send_interaction(self, payload: Json, token: str) -> Interaction:
        start = len(self.outputs)
        await self.dispatch("INTERACTION_CREATE", payload)
        return Interaction(self, token, start)

    async def wait_index(self, predicate: Callable[[Output], bool], *, start: int = 0, timeout: float = 5.0) -> int:
        """The index of the first output from ``start`` on that satisfies ``predicate``."""

        async def find() -> int:
            index = start
            async with self._changed:
                while True:
                    while index < len(self.outputs):
                        if predicate(self.outputs[index]):
                            return index
                        index += 1
                    await self._changed.wait()

        return await asyncio.wait_for(find(), timeout)

    async def wait_for(self, predicate: Callable[[Output], bool], *, start: int = 0, timeout: float = 5.0) -> Output:
        output = self.outputs[await self.wait_index(predicate, start=start, timeout=timeout)]
        output.read = True
        return output

    async def channel_message(self, channel_id: int | None = None, *, start: int = 0, timeout: float = 5.0) -> Output:
        channel = channel_id or self.channel_id
        return await self.wait_for(
            lambda o: o.kind == "channel_message" and o.channel_id == channel, start=start, timeout=timeout
        )


class Interaction:
    """An interaction a test sent; read the bot's answers to it."""

    def __init__(self, fake: FakeDiscord, token: str, start: int) -> None:
        self.fake = fake
        self.token = token
        self.start = start
        self.cursor = start

    def outputs(self) -> list[Output]:
        """Every answer to this interaction so far (a test that reads them all has seen them)."""
        found = [o for o in self.fake.outputs[self.start :] if o.token == self.token]
        for output in found:
            output.read = True
        return found

    async def next(self, predicate: Callable[[Output], bool] | None = None, *, timeout: float = 5.0) -> Output:
        """The next answer to this interaction (matching ``predicate``) after the ones already read."""
        index = await self.fake.wait_index(
            lambda o: o.token == self.token and (predicate is None or predicate(o)),
            start=self.cursor,
            timeout=timeout,
        )
        self.cursor = index + 1
        output = self.fake.outputs[index]
        output.read = True
        return output

    async def reply(self, *, timeout: float = 5.0) -> Output:
        """The message the user finally sees: the reply, or the follow-up/edit after a deferral."""
        output = await self.next(timeout=timeout)
        if output.callback_type == 5:
            return await self.next(lambda o: o.kind in ("followup", "edit"), timeout=timeout)
        return output
