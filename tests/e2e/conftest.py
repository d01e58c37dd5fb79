"""Start the REAL bot (real discord.py, setup_hook, SQLite file, cogs) against the loopback fake Discord."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket

from bot.client import KCollabBot
from bot.config import Settings
from bot.paths import CATALOGUE_DIR
from tests.e2e.fake_discord import FakeDiscord

BotFactory = Callable[..., Any]


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def point_at_fake(fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> None:
    # discord.py has no base-URL option: these two class attributes are where it builds its URLs from.
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))


class RunningBot:
    def __init__(self, bot: KCollabBot, task: asyncio.Task[None]) -> None:
        self.bot = bot
        self.task = task

    async def stop(self) -> None:
        await self.bot.close()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(self.task, 10)


@pytest.fixture
async def start_bot(fake: FakeDiscord, point_at_fake: None, tmp_path: Path) -> AsyncIterator[BotFactory]:
    """A factory: ``await start_bot(catalogue_dir=..., database_path=...)`` returns a ready bot."""
    running: list[RunningBot] = []

    async def start(**overrides: Any) -> KCollabBot:
        extensions = overrides.pop("extensions", "cogs")
        clock = overrides.pop("clock", None)
        timers = overrides.pop("timers", None)
        values: dict[str, Any] = {
            "token": "fake-token",
            "database_path": tmp_path / "kcollab.sqlite3",
            "dev_guild_id": fake.guild_id,
            "owner_ids": frozenset({fake.owner.id}),
            "catalogue_dir": CATALOGUE_DIR,
        }
        values.update(overrides)
        bot = KCollabBot(Settings(**values), extensions=extensions, guild_ready_timeout=0.01)
        if clock is not None:
            bot.clock = clock  # before start: the first scheduled run must already read the test's clock
        if timers is not None:
            bot.timers = timers  # countdowns (trivia) run on time the test moves
        task = asyncio.create_task(bot.start("fake-token"))
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({task, ready}, timeout=20, return_when=asyncio.FIRST_COMPLETED)
        if ready not in done:
            ready.cancel()
            if task.done():
                task.result()  # raises the start-up error
            raise TimeoutError("the bot did not become ready")
        running.append(RunningBot(bot, task))
        return bot

    try:
        yield start
        if running:
            # Every test checks, after its expected replies, that the bot sent nothing else, that the fake refused
            # nothing (a late or second response, a limit, a missing permission) and that no message pinged anyone.
            await fake.assert_quiet()
    finally:
        for item in running:
            if not item.bot.is_closed():
                await item.stop()


@pytest.fixture
async def bot(start_bot: BotFactory) -> KCollabBot:
    """The bot on the real catalogue, ready, commands synced to the test guild."""
    started: KCollabBot = await start_bot()
    return started
