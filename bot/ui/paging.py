"""Paged messages whose buttons keep working through restarts: all their state is in the components' custom ids.

A pager's ◀ ▶ buttons and its select menu are :class:`discord.ui.DynamicItem` s. A custom id says which page source
renders the pages (``s`` for a search, registered by the feature that owns it), whose message it is, which page the
button leads to and the key the source renders from (a query, a slug). Nothing lives in memory, so a press answers the
same after a clean restart, a kill -9 or a day: the bot renders the page again from the catalogue.

Every component the bot sends must start with one of :data:`LIVE_PREFIXES`; anything else (a button from an older
version of the bot) gets a plain "this message has expired" instead of Discord's "This interaction failed".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.errors import UserError
from bot.ui.errors import reply_to_error

log = logging.getLogger(__name__)

CUSTOM_ID_MAX = 100
PAGE_PREFIX = "pg"
PICK_PREFIX = "pk"
# Every feature's component prefixes: pagers here; trivia's answer, Quiz me and quiz answer buttons (cogs/trivia).
LIVE_PREFIXES = (PAGE_PREFIX, PICK_PREFIX, "tq", "qz", "qa")
ANYONE = 0  # the owner id of components anyone may use (on a scheduled post nobody "ran")
NOT_YOURS = "These buttons are not yours: run the command yourself to browse."
EXPIRED = "This message has expired: run the command again."


@dataclass(frozen=True, slots=True)
class Rendered:
    """One page of a paged message, and how many pages there are."""

    embed: discord.Embed
    count: int
    options: Sequence[discord.SelectOption] = field(default_factory=tuple)


PageSource = Callable[[str, int], Awaitable["Rendered | None"]]  # (key, page) -> the page, or None: it is gone
Picker = Callable[[discord.Interaction[Any], str], Awaitable[None]]  # (interaction, chosen value)


@dataclass(frozen=True, slots=True)
class _Source:
    render: PageSource
    pick: Picker | None
    placeholder: str


class PageSources:
    """What each kind of paged message is rendered from; features register theirs in ``cog_load``."""

    def __init__(self) -> None:
        self._sources: dict[str, _Source] = {}

    def register(self, code: str, render: PageSource, pick: Picker | None = None, placeholder: str = "") -> None:
        if not re.fullmatch(r"[a-z]{1,3}", code):
            raise ValueError(f"page source code {code!r} must be 1-3 lower-case letters")
        self._sources[code] = _Source(render, pick, placeholder or "Open a card…")

    def unregister(self, code: str) -> None:
        self._sources.pop(code, None)

    def get(self, code: str) -> _Source | None:
        return self._sources.get(code)


def key_budget(code: str, owner_id: int) -> int:
    """How many characters of key fit in a page button's custom id (the longest page number is 4 digits)."""
    return CUSTOM_ID_MAX - len(f"{PAGE_PREFIX}:{code}:{owner_id}:0000:")


def _sources(interaction: discord.Interaction[Any]) -> PageSources:
    sources = getattr(interaction.client, "page_sources", None)
    if not isinstance(sources, PageSources):
        raise RuntimeError("the client has no page_sources")
    return sources


async def _answer(
    interaction: discord.Interaction[Any],
    owner_id: int,
    run: Callable[[discord.Interaction[Any]], Awaitable[None]],
    where: str,
) -> None:
    """Run a component's action for its owner (anyone, for ``ANYONE``), answering every error.

    discord.py only logs what a dynamic item's callback raises: routing it to the one error handler here means a
    press always gets an answer.
    """
    try:
        if owner_id != ANYONE and interaction.user.id != owner_id:
            raise UserError(NOT_YOURS)
        await run(interaction)
    except Exception as error:  # every error is answered and logged by reply_to_error
        await reply_to_error(interaction, error, where=where)


def _page_id(code: str, owner_id: int, page: int, key: str) -> str:
    return f"{PAGE_PREFIX}:{code}:{owner_id}:{page}:{key}"


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"{PAGE_PREFIX}:(?P<code>[a-z]{{1,3}}):(?P<owner>\d+):(?P<page>\d+):(?P<key>.*)",
):
    """◀ or ▶: leads to ``page`` of the message ``key`` renders to."""

    def __init__(self, code: str, owner_id: int, page: int, key: str, *, forward: bool) -> None:
        super().__init__(
            discord.ui.Button(
                emoji="▶" if forward else "◀",
                style=discord.ButtonStyle.secondary,
                custom_id=_page_id(code, owner_id, page, key),
            )
        )
        self.code, self.owner_id, self.page, self.key = code, owner_id, page, key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> PageButton:
        emoji = getattr(item, "emoji", None)
        forward = emoji is None or str(emoji) != "◀"
        return cls(match["code"], int(match["owner"]), int(match["page"]), match["key"], forward=forward)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _answer(interaction, self.owner_id, self._turn, f"page button {self.code}")

    async def _turn(self, interaction: discord.Interaction[Any]) -> None:
        source = _sources(interaction).get(self.code)
        rendered = await source.render(self.key, self.page) if source else None
        if source is None or rendered is None:
            raise UserError(EXPIRED)
        page = min(self.page, rendered.count - 1)
        view = pager_view(self.code, self.owner_id, self.key, page, rendered, source.placeholder, source.pick)
        await interaction.response.edit_message(embed=rendered.embed, view=view)


class PickSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]], template=rf"{PICK_PREFIX}:(?P<code>[a-z]{{1,3}}):(?P<owner>\d+)"
):
    """The page's menu: each option's value is what the source's picker opens (a song or artist card)."""

    def __init__(
        self, code: str, owner_id: int, options: Sequence[discord.SelectOption] = (), placeholder: str = ""
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=f"{PICK_PREFIX}:{code}:{owner_id}",
                placeholder=placeholder or None,
                options=list(options)[:25] or [discord.SelectOption(label="-")],
            )
        )
        self.code, self.owner_id = code, owner_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> PickSelect:
        return cls(match["code"], int(match["owner"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _answer(interaction, self.owner_id, self._pick, f"page menu {self.code}")

    async def _pick(self, interaction: discord.Interaction[Any]) -> None:
        source = _sources(interaction).get(self.code)
        values = self.item.values  # filled from the interaction by discord.py
        if source is None or source.pick is None or not values:
            raise UserError(EXPIRED)
        await source.pick(interaction, str(values[0]))


_LIVE = "|".join(LIVE_PREFIXES)


class ExpiredComponent(discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"(?!(?:{_LIVE}):).+"):
    """Any other custom id: a component from an older version of the bot, answered plainly instead of failing."""

    def __init__(self, custom_id: str) -> None:
        super().__init__(discord.ui.Button(label="expired", custom_id=custom_id))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ExpiredComponent:
        return cls(match.string)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await reply_to_error(interaction, UserError(EXPIRED), where="expired component")


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (PageButton, PickSelect, ExpiredComponent)


def pager_view(
    code: str,
    owner_id: int,
    key: str,
    page: int,
    rendered: Rendered,
    placeholder: str,
    pick: Picker | None,
) -> discord.ui.View:
    """◀ only after the first page, ▶ only before the last, and the page's menu; a footer says where we are."""
    view = discord.ui.View(timeout=None)
    if page > 0:
        view.add_item(PageButton(code, owner_id, page - 1, key, forward=False))
    if page < rendered.count - 1:
        view.add_item(PageButton(code, owner_id, page + 1, key, forward=True))
    if rendered.options and pick is not None:
        view.add_item(PickSelect(code, owner_id, rendered.options, placeholder))
    if rendered.count > 1:
        rendered.embed.set_footer(text=f"Page {page + 1}/{rendered.count}")
    return view


async def send_pages(interaction: discord.Interaction[Any], code: str, key: str) -> bool:
    """Answer ``interaction`` with page 1 of what source ``code`` renders from ``key``.

    False, with nothing sent, when the source has nothing for ``key``: the caller says why in its own words.
    """
    source = _sources(interaction).get(code)
    if source is None:
        raise RuntimeError(f"no page source {code!r} is registered")
    rendered = await source.render(key, 0)
    if rendered is None:
        return False
    view = pager_view(code, interaction.user.id, key, 0, rendered, source.placeholder, source.pick)
    if view.children:
        await interaction.response.send_message(embed=rendered.embed, view=view)
    else:
        await interaction.response.send_message(embed=rendered.embed)
    return True
