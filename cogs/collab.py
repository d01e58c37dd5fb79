"""/collab: search the catalogue, song and artist cards, links between artists, a random song."""

from __future__ import annotations

import datetime as dt
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.catalogue.lookup import Lookup, Result
from bot.client import KCollabBot
from bot.errors import UserError
from bot.ui import cards
from bot.ui.paging import Page, Pager
from bot.ui.text import safe

PER_PAGE = 10
MAX_RESULTS = 50

Interaction = discord.Interaction[KCollabBot]


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _choices(results: list[Result]) -> list[app_commands.Choice[str]]:
    choices = []
    for result in results:
        label = f"{result.name} — {result.detail}"
        choices.append(app_commands.Choice(name=label if len(label) <= 100 else label[:99] + "…", value=result.value))
    return choices


def _options(results: list[Result]) -> list[discord.SelectOption]:
    return [
        discord.SelectOption(
            label=r.name[:100],
            value=f"{r.kind}:{r.value}"[:100],
            description=r.detail[:100],
            emoji=cards.KIND_ICON[r.kind],
        )
        for r in results
    ]


@app_commands.guild_only()
class Collab(commands.GroupCog, group_name="collab", group_description="K-pop × international collaborations"):
    def __init__(self, bot: KCollabBot) -> None:
        self.bot = bot
        self.lookup = Lookup(bot.store.lookup)
        super().__init__()

    async def cog_load(self) -> None:
        await self.lookup.warm()

    async def _not_found(self, what: str, text: str) -> UserError:
        near = await self.lookup.did_you_mean(text)
        hint = f" Did you mean: {', '.join(safe(n, 80) for n in near)}?" if near else ""
        shown = safe(text.strip(), 80) or "that"
        return UserError(f"No {what} matches “{shown}”.{hint}")

    # ------------------------------------------------------------------ autocomplete
    async def _songs(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return _choices(await self.lookup.autocomplete(current, "song"))

    async def _artists(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return _choices(await self.lookup.autocomplete(current, "artist"))

    # ------------------------------------------------------------------ commands
    @app_commands.command()
    @app_commands.describe(query="A song, an artist, an alias or a Hangul name")
    async def search(self, interaction: Interaction, query: str) -> None:
        """Find songs and artists, best matches first."""
        if not query.strip():
            raise UserError("Type something to search for: a song, an artist, an alias or a Hangul name.")
        hits = await self.lookup.search(query, limit=MAX_RESULTS)
        if not hits:
            raise await self._not_found("song or artist", query)
        results = await self.lookup.describe(hits)
        pages = [
            Page(cards.results_page(query, results, n, PER_PAGE), _options(results[n * PER_PAGE : (n + 1) * PER_PAGE]))
            for n in range((len(results) + PER_PAGE - 1) // PER_PAGE)
        ]
        await Pager(interaction.user.id, pages, on_pick=self._open).send(interaction)

    async def _open(self, interaction: discord.Interaction[Any], value: str) -> None:
        kind, _, slug = value.partition(":")
        if kind == "song":
            song = await self.lookup.song(slug)
            if song is None:
                raise UserError("That song is no longer in the catalogue.")
            await interaction.response.send_message(embed=cards.song_card(song, _today()))
        else:
            await self._send_artist(interaction, slug, include_members=True)

    @app_commands.command()
    @app_commands.describe(title="The song's title (pick from the list or type it)")
    @app_commands.autocomplete(title=_songs)
    async def song(self, interaction: Interaction, title: str) -> None:
        """Show a collaboration's card: artists, release, charts, links and sources."""
        if not title.strip():
            raise UserError("Give a song title.")
        song = await self.lookup.song(title)
        if song is None:
            raise await self._not_found("song", title)
        await interaction.response.send_message(embed=cards.song_card(song, _today()))

    @app_commands.command()
    @app_commands.describe(
        name="An artist, group or member", include_members="For a group, list its members' songs too"
    )
    @app_commands.autocomplete(name=_artists)
    async def artist(self, interaction: Interaction, name: str, include_members: bool = True) -> None:
        """Show an artist's card and their collaborations by date."""
        await self._send_artist(interaction, name, include_members=include_members)

    async def _send_artist(self, interaction: discord.Interaction[Any], name: str, *, include_members: bool) -> None:
        if not name.strip():
            raise UserError("Give an artist's name.")
        found = await self.lookup.artist(name, include_members)
        if found is None:
            raise await self._not_found("artist", name)
        detail, collabs = found
        count = max(1, (len(collabs) + PER_PAGE - 1) // PER_PAGE)
        pages = [Page(cards.artist_card(detail, collabs, n, PER_PAGE)) for n in range(count)]
        await Pager(interaction.user.id, pages).send(interaction)

    @app_commands.command()
    @app_commands.describe(first="One artist", second="Another artist")
    @app_commands.autocomplete(first=_artists, second=_artists)
    async def between(self, interaction: Interaction, first: str, second: str) -> None:
        """What links two artists: their songs together, or the shortest chain of collaborations."""
        first_id = await self.lookup.artist_id(first) if first.strip() else None
        if first_id is None:
            raise await self._not_found("artist", first)
        second_id = await self.lookup.artist_id(second) if second.strip() else None
        if second_id is None:
            raise await self._not_found("artist", second)
        if first_id == second_id:
            raise UserError("Pick two different artists.")
        connection = await self.lookup.between(first_id, second_id)
        await interaction.response.send_message(embed=cards.connection_card(connection))

    @app_commands.command()
    @app_commands.describe(year="Only songs released that year")
    async def random(self, interaction: Interaction, year: app_commands.Range[int, 2000, 2100] | None = None) -> None:
        """A random collaboration's card."""
        song = await self.lookup.random_song(year)
        if song is None:
            raise UserError(
                f"No collaboration from {year} is in the catalogue yet." if year else "The catalogue is empty."
            )
        await interaction.response.send_message(embed=cards.song_card(song, _today()))


async def setup(bot: KCollabBot) -> None:
    await bot.add_cog(Collab(bot))
