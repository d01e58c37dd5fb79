"""The restart soak: simulated days of daily posts while the bot process is killed with SIGKILL at random moments.

Shared by the CI test (a month) and ``benchmarks/soak_daily_posts.py`` (a year). Each simulated day the clock jumps to
just after the post time; the bot is killed at a random moment with probability ``kill_chance`` (before, during or
after the send, including between Discord's answer and the record in SQLite), restarted, and the day ends when every
server's post for it is in the channel or ``day_timeout`` passes. Duplicates and missed posts are counted from what
the fake Discord received.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import random
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bot.catalogue.sync import sync_catalogue
from bot.paths import CATALOGUE_DIR
from bot.store import Store
from tests.e2e.fake_discord import FakeDiscord, Output

ROOT = Path(__file__).resolve().parents[2]
MARKER = "K-Collab · on this day · "


@dataclass
class SoakResult:
    days: int
    servers: int
    kills: int = 0
    sent_then_killed: int = 0  # kills that fell between a post reaching Discord and its record
    duplicates: int = 0
    missed: int = 0
    posts: dict[tuple[int, str], int] = field(default_factory=dict)


def _posts(fake: FakeDiscord) -> dict[tuple[int, str], int]:
    counts: dict[tuple[int, str], int] = {}
    for output in fake.outputs:
        if output.kind != "channel_message":
            continue
        output.read = True
        footer = (output.embeds[0].get("footer") or {}).get("text", "") if output.embeds else ""
        if MARKER in footer:
            key = (int(output.channel_id or 0), footer.split(MARKER)[1])
            counts[key] = counts.get(key, 0) + 1
    return counts


async def _first_post_of(fake: FakeDiscord, day: dt.date, *, timeout: float) -> None:
    def of_the_day(output: Output) -> bool:
        footer = (output.embeds[0].get("footer") or {}).get("text", "") if output.embeds else ""
        return output.kind == "channel_message" and footer == MARKER + day.isoformat()

    with contextlib.suppress(TimeoutError):
        await fake.wait_for(of_the_day, timeout=timeout)


async def soak(
    fake: FakeDiscord,
    folder: Path,
    *,
    days: int,
    servers: int = 3,
    kill_chance: float = 0.5,
    seed: int = 1,
    day_timeout: float = 20.0,
    send_delay: float = 0.3,
) -> SoakResult:
    rng = random.Random(seed)
    database, clock = folder / "soak.sqlite3", folder / "clock"
    channels = [fake.channel_id] + [fake.add_channel()[1] for _ in range(servers - 1)]
    guilds = [fake.guild_id] + [fake.extra_channels[c] for c in channels[1:]]
    store = await Store.open(database)
    try:
        await store.migrate()
        await sync_catalogue(store, CATALOGUE_DIR)
        for guild, channel in zip(guilds, channels, strict=True):
            await store.anniversaries.configure(
                guild, channel_id=channel, post_time=dt.time(9), timezone="Asia/Seoul", role_id=None,
                quiet_days="upcoming",
            )  # fmt: skip
    finally:
        await store.close()
    env = {
        **os.environ,
        "DISCORD_TOKEN": "soak-token",
        "DATABASE_PATH": str(database),
        "CATALOGUE_DIR": str(CATALOGUE_DIR),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "SOAK_SEND_DELAY": str(send_delay),
    }
    env.pop("DEV_GUILD_ID", None)
    result = SoakResult(days, servers)
    process: asyncio.subprocess.Process | None = None

    async def start() -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "tests" / "e2e" / "run_soak_bot.py"), str(fake.port), str(clock),
            cwd=folder, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=(folder / "bot.log").open("a"),
        )  # fmt: skip

    first = dt.date(2027, 1, 1)
    try:
        for offset in range(days):
            day = first + dt.timedelta(days=offset)
            # 09:00:30 KST on the day: due now.
            moment = dt.datetime.combine(day, dt.time(0, 0, 30), tzinfo=dt.UTC)
            clock.write_text(str(moment.timestamp()))
            if process is None or process.returncode is not None:
                process = await start()
            if rng.random() < kill_chance:
                if rng.random() < 0.5:
                    # Anywhere: at start-up, reconciling, claiming, sending, recording.
                    await asyncio.sleep(rng.uniform(0.0, 1.5))
                else:
                    # Between send and record: as soon as Discord has a post of the day, before the bot records it.
                    await _first_post_of(fake, day, timeout=day_timeout)
                    result.sent_then_killed += 1
                process.send_signal(signal.SIGKILL)
                await process.wait()
                result.kills += 1
                process = await start()
            loop = asyncio.get_running_loop()
            deadline = loop.time() + day_timeout
            while loop.time() < deadline:
                counts = _posts(fake)
                if all(counts.get((c, day.isoformat()), 0) >= 1 for c in channels):
                    break
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.2)  # a duplicate would show up now
    finally:
        if process is not None and process.returncode is None:
            process.send_signal(signal.SIGKILL)
            await process.wait()
    result.posts = _posts(fake)
    for offset in range(days):
        label = (first + dt.timedelta(days=offset)).isoformat()
        for channel in channels:
            count = result.posts.get((channel, label), 0)
            result.missed += count == 0
            result.duplicates += max(0, count - 1)
    return result
