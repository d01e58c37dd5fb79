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
from bot.normalise import normalise
from bot.ui import cards
from bot.ui.paging import Rendered, key_budget, send_pages
from bot.ui.text import safe

PER_PAGE = 10
MAX_RESULTS = 50
SEARCH, ARTIST, GROUP_ONLY = "s", "a", "ao"  # page sources: a search, an artist with or without members' songs

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
            description=(f"via {r.via} · {r.detail}" if r.via else r.detail)[:100],
            emoji=cards.KIND_ICON[r.kind],
        )
        for r in results
    ]


def _pages(count: int) -> int:
    return max(1, (count + PER_PAGE - 1) // PER_PAGE)


@app_commands.guild_only()
class Collab(commands.GroupCog, group_name="collab", group_description="K-pop × international collaborations"):
    def __init__(self, bot: KCollabBot) -> None:
        self.bot = bot
        self.lookup: Lookup = bot.catalogue
        super().__init__()

    async def cog_load(self) -> None:
        sources = self.bot.page_sources
        sources.register(SEARCH, self._search_page, pick=self._open)
        sources.register(ARTIST, self._artist_page_with_members)
        sources.register(GROUP_ONLY, self._artist_page_alone)

    async def cog_unload(self) -> None:
        for code in (SEARCH, ARTIST, GROUP_ONLY):
            self.bot.page_sources.unregister(code)

    async def _not_found(self, what: str, text: str) -> UserError:
        near = await self.lookup.did_you_mean(text)
        hint = f" Did you mean: {', '.join(safe(n, 80) for n in near)}?" if near else ""
        shown = safe(text.strip(), 80) or "that"
        return UserError(f"No {what} matches “{shown}”.{hint}")

    # ------------------------------------------------------------------ page sources (state lives in custom ids)
    async def _search_page(self, query: str, page: int) -> Rendered | None:
        # An artist the query names comes with its songs: at least a page of them.
        found = await self.lookup.search_page(query, page, PER_PAGE, limit=MAX_RESULTS, least=PER_PAGE)
        if not found.results:
            return None
        return Rendered(cards.results_page(query, found), _pages(found.total), _options(found.results))

    async def _artist_page(self, slug: str, page: int, include_members: bool) -> Rendered | None:
        found = await self.lookup.artist(slug, include_members)
        if found is None:
            return None
        detail, collabs = found
        page = min(page, _pages(len(collabs)) - 1)
        return Rendered(cards.artist_card(detail, collabs, page, PER_PAGE), _pages(len(collabs)))

    async def _artist_page_with_members(self, slug: str, page: int) -> Rendered | None:
        return await self._artist_page(slug, page, include_members=True)

    async def _artist_page_alone(self, slug: str, page: int) -> Rendered | None:
        return await self._artist_page(slug, page, include_members=False)

    # ------------------------------------------------------------------ autocomplete
    async def _songs(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return _choices(await self.lookup.autocomplete(current, "song"))

    async def _artists(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return _choices(await self.lookup.autocomplete(current, "artist"))

    # ------------------------------------------------------------------ commands
    @app_commands.command()
    @app_commands.describe(query="A song, an artist, an alias or a Hangul name")
    async def search(self, interaction: Interaction, query: str) -> None:
        """Find songs and artists, best matches first; an artist's name lists their songs too."""
        if not query.strip():
            raise UserError("Type something to search for: a song, an artist, an alias or a Hangul name.")
        # The query rides in the buttons' custom ids; a long one is replaced by its normalised form, which the
        # search treats the same, cut to what fits.
        key = query.strip()
        budget = key_budget(SEARCH, interaction.user.id)
        if len(key) > budget:
            key = normalise(key)[:budget].strip()
        if not key or not await send_pages(interaction, SEARCH, key):  # one search: the page's own
            raise await self._not_found("song or artist", query)

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
        artist_id = await self.lookup.artist_id(name) if name.strip() else None
        slug = await self.lookup.artist_slug(artist_id) if artist_id is not None else None
        if slug is None:
            raise await self._not_found("artist", name) if name.strip() else UserError("Give an artist's name.")
        if not await send_pages(interaction, ARTIST if include_members else GROUP_ONLY, slug):
            raise await self._not_found("artist", name)

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
