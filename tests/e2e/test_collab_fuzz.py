"""Arbitrary text through the real bot: /collab search and autocomplete never raise, always answer.

Hypothesis drives synchronous tests, so the fake Discord and the bot run in a loop on a background thread for
the whole module; each example is one real interaction through the loopback gateway.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.client import KCollabBot
from bot.config import Settings
from bot.paths import CATALOGUE_DIR
from tests.e2e.fake_discord import FakeDiscord

T = TypeVar("T")


class BackgroundBot:
    def __init__(self, database: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.database = database
        self.fake = FakeDiscord()  # its asyncio objects bind to the loop on first use, in the thread
        self.bot: KCollabBot | None = None
        self.task: asyncio.Task[None] | None = None

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 30) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _start(self) -> None:
        await self.fake.start()
        discord.http.Route.BASE = self.fake.api_base
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.fake.gateway_url)
        settings = Settings(
            token="fake-token",
            database_path=self.database,
            dev_guild_id=self.fake.guild_id,
            catalogue_dir=CATALOGUE_DIR,
        )
        self.bot = KCollabBot(settings, guild_ready_timeout=0.01)
        self.task = asyncio.create_task(self.bot.start("fake-token"))
        await asyncio.wait_for(self.bot.wait_until_ready(), 20)

    async def _stop(self) -> None:
        assert self.bot is not None and self.task is not None
        await self.bot.close()
        await asyncio.wait_for(self.task, 10)
        await self.fake.stop()

    def __enter__(self) -> BackgroundBot:
        self.thread.start()
        self.run(self._start())
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.run(self._stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)


@pytest.fixture(scope="module")
def background_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BackgroundBot]:
    base, gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    try:
        with BackgroundBot(tmp_path_factory.mktemp("fuzz") / "kcollab.sqlite3") as running:
            yield running
    finally:
        discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


ANY_TEXT = st.text(max_size=300) | st.text(
    alphabet=st.sampled_from('"*-^:()ANDORNEAR정국ÉéＡ\u200b\u0000 '), max_size=40
)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(text=ANY_TEXT)
def test_search_answers_any_text(background_bot: BackgroundBot, text: str) -> None:
    async def go() -> None:
        reply = await (await background_bot.fake.slash("collab search", query=text)).reply()
        assert reply.content or reply.embeds
        assert "Something went wrong" not in reply.content

    background_bot.run(go())


@FAST
@given(text=ANY_TEXT)
def test_autocomplete_answers_any_text(background_bot: BackgroundBot, text: str) -> None:
    async def go() -> None:
        for path, option in (("collab song", "title"), ("collab artist", "name")):
            options: dict[str, Any] = {option: text}
            choices = await background_bot.fake.autocomplete(path, option, **options)
            assert len(choices) <= 25

    background_bot.run(go())


@pytest.fixture(scope="module")
def artist_names(background_bot: BackgroundBot) -> list[str]:
    """Every name, alias and Hangul name of every artist in the catalogue (normalised)."""
    assert background_bot.bot is not None
    terms = background_bot.run(background_bot.bot.catalogue.reader.all_terms())
    return sorted({t.term for t in terms if t.kind == "artist"})


def _mistyped(name: str, data: st.DataObject) -> str:
    """``name`` as someone might type it: as is, in capitals, or with two neighbouring letters swapped."""
    how = data.draw(st.sampled_from(["as is", "upper", "swap"]))
    if how == "upper":
        return name.upper()
    if how == "swap" and len(name) >= 4:
        i = data.draw(st.integers(1, len(name) - 3))
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name


@FAST
@given(data=st.data())
def test_searching_any_artists_name_lists_each_result_once_within_discords_limits(
    background_bot: BackgroundBot, artist_names: list[str], data: st.DataObject
) -> None:
    query = _mistyped(data.draw(st.sampled_from(artist_names)), data)

    async def go() -> None:
        reply = await (await background_bot.fake.slash("collab search", query=query)).reply()
        assert "Something went wrong" not in reply.content
        if not reply.embeds:  # a name cut or swapped beyond recognition: "No song or artist matches"
            assert reply.ephemeral
            return
        lines = str(reply.embeds[0]["description"]).splitlines()
        assert 1 <= len(lines) <= 10
        options = [o["value"] for o in reply.selects()[0]["options"]]  # song:slug, artist:slug
        assert len(options) == len(lines) and len(set(options)) == len(options)
        await background_bot.fake.assert_quiet()  # the fake refused nothing Discord would refuse

    background_bot.run(go())
