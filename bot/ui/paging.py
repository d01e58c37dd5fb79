"""A paged message with ◀ ▶ buttons and an optional select menu; only its owner may use it."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.ui.errors import BaseView

log = logging.getLogger(__name__)

PAGE_TIMEOUT = 180.0  # seconds; interaction tokens last 15 minutes, so the view can still edit its message


@dataclass(frozen=True, slots=True)
class Page:
    embed: discord.Embed
    options: Sequence[discord.SelectOption] = field(default_factory=tuple)


Picker = Callable[[discord.Interaction[Any], str], Awaitable[None]]


class Pager(BaseView):
    def __init__(
        self,
        owner_id: int,
        pages: Sequence[Page],
        *,
        on_pick: Picker | None = None,
        placeholder: str = "Open a card…",
        timeout: float | None = None,
    ) -> None:
        super().__init__(timeout=PAGE_TIMEOUT if timeout is None else timeout)
        self.owner_id = owner_id
        self.pages = list(pages)
        self.index = 0
        self.on_pick = on_pick
        self.placeholder = placeholder
        self.message: discord.InteractionMessage | None = None
        self.previous = discord.ui.Button[Pager](emoji="◀", style=discord.ButtonStyle.secondary, custom_id="page:prev")
        self.next = discord.ui.Button[Pager](emoji="▶", style=discord.ButtonStyle.secondary, custom_id="page:next")
        self.previous.callback = self._go_previous  # type: ignore[method-assign]
        self.next.callback = self._go_next  # type: ignore[method-assign]
        self._arrange()

    @property
    def page(self) -> Page:
        return self.pages[self.index]

    def _arrange(self) -> None:
        """Offer ◀ only after the first page, ▶ only before the last, and the page's select menu."""
        self.clear_items()
        if self.index > 0:
            self.add_item(self.previous)
        if self.index < len(self.pages) - 1:
            self.add_item(self.next)
        if self.page.options and self.on_pick is not None:
            select = discord.ui.Select[Pager](
                placeholder=self.placeholder, options=list(self.page.options)[:25], custom_id="page:pick"
            )
            select.callback = self._pick  # type: ignore[method-assign]
            self.add_item(select)
        if len(self.pages) > 1:
            self.page.embed.set_footer(text=f"Page {self.index + 1}/{len(self.pages)}")

    @property
    def idle(self) -> bool:
        """A single page with nothing to choose needs no view at all."""
        return not self.children

    async def send(self, interaction: discord.Interaction[Any]) -> None:
        if self.idle:
            await interaction.response.send_message(embed=self.page.embed)
            self.stop()
            return
        response = await interaction.response.send_message(embed=self.page.embed, view=self)
        if isinstance(response.resource, discord.InteractionMessage):
            self.message = response.resource

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "These buttons are not yours: run the command yourself to browse.", ephemeral=True
        )
        return False

    async def _turn(self, interaction: discord.Interaction[Any], step: int) -> None:
        self.index = max(0, min(len(self.pages) - 1, self.index + step))
        self._arrange()
        await interaction.response.edit_message(embed=self.page.embed, view=self)

    async def _go_previous(self, interaction: discord.Interaction[Any]) -> None:
        await self._turn(interaction, -1)

    async def _go_next(self, interaction: discord.Interaction[Any]) -> None:
        await self._turn(interaction, +1)

    async def _pick(self, interaction: discord.Interaction[Any]) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        values = data.get("values") or []
        if self.on_pick is not None and values:
            await self.on_pick(interaction, str(values[0]))

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True
        if self.message is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)
