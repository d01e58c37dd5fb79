"""The real entry point (``python -m bot run``) against the fake Discord on port argv[1], on a clock read from argv[2].

For the restart soak: the soak moves the clock by writing a POSIX timestamp to the file, and kills this process with
SIGKILL at random moments. Two test-only changes, both from outside the bot's code: the bot's clock reads the file,
and the daily job runs every 0.1 s instead of on every real minute. ``SOAK_SEND_DELAY`` (seconds) holds each post
between Discord's answer and its record in SQLite, widening the window a kill can fall into.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import discord
import yarl
from apscheduler.triggers.interval import IntervalTrigger
from discord.gateway import DiscordWebSocket

import cogs.anniversaries._poster as poster
from bot.__main__ import main
from bot.client import KCollabBot
from bot.store.anniversaries import AnniversaryRepository

if __name__ == "__main__":
    port, clock_file = sys.argv[1], Path(sys.argv[2])
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")

    def file_clock() -> dt.datetime:
        return dt.datetime.fromtimestamp(float(clock_file.read_text()), dt.UTC)

    original_init = KCollabBot.__init__

    def init(self: KCollabBot, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.clock = file_clock

    KCollabBot.__init__ = init  # type: ignore[method-assign]
    poster.CronTrigger = lambda **_: IntervalTrigger(seconds=0.1)  # type: ignore[attr-defined]
    delay = float(os.environ.get("SOAK_SEND_DELAY", "0"))
    original_mark_sent = AnniversaryRepository.mark_sent

    async def slow_mark_sent(self: AnniversaryRepository, guild_id: int, local_date: dt.date, message_id: int) -> None:
        await asyncio.sleep(delay)
        await original_mark_sent(self, guild_id, local_date, message_id)

    AnniversaryRepository.mark_sent = slow_mark_sent  # type: ignore[method-assign]
    sys.exit(main(["run"]))
