"""The daily post's fan-out: N servers due in the same minute, against the loopback Discord with its global limit.

The real bot (real discord.py, setup_hook, SQLite file, the anniversary cog and its scheduler job) posts to N
servers whose post time is the same minute; the fake Discord runs in its own process and answers 429 (global) to
any request beyond 50 in a second, as Discord does. Reported: posts delivered (exactly one per server?), 429s,
wall time against the bound the limit sets (N / 50 s), the bot's CPU time and its peak memory.
The baseline, in the same run, is the same fan-out without the pacer (requests as fast as the loop sends them).

Run: ``.venv/bin/python benchmarks/bench_daily_posts.py [--servers 2000]``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import resource
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import discord
import yarl
from discord.gateway import DiscordWebSocket

from bot.client import KCollabBot
from bot.config import Settings
from bot.pacing import GLOBAL_LIMIT
from bot.paths import CATALOGUE_DIR
from cogs.anniversaries._poster import JOB_ID

ROOT = Path(__file__).resolve().parents[1]


class NoPacer:
    async def wait(self) -> None:
        return None


def stats(port: int) -> dict[str, Any]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_fake/stats") as response:
        data: dict[str, Any] = json.load(response)
    return data


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run(servers: int, baseline_first: bool) -> None:
    fake = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "benchmarks" / "fake_discord_process.py"),
        str(servers),
        str(GLOBAL_LIMIT),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        limit=2**24,  # the first line lists every channel
    )
    assert fake.stdout is not None and fake.stdin is not None
    info = json.loads(await fake.stdout.readline())
    port = info["port"]
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(token="bench", database_path=Path(folder) / "bench.sqlite3", catalogue_dir=CATALOGUE_DIR)
        bot = KCollabBot(settings, guild_ready_timeout=0.01)
        started = asyncio.create_task(bot.start("bench"))
        await asyncio.wait_for(bot.wait_until_ready(), 30)
        # The bench drives the tick itself, twice, on two different days: the job the cog schedules once the bot is
        # ready (after reconciling) must not run on its own meanwhile.
        for _ in range(600):
            if bot.scheduler.get_job(JOB_ID) is not None:
                bot.scheduler.remove_job(JOB_ID)
                break
            await asyncio.sleep(0.05)
        for guild, channel in info["channels"]:
            await bot.store.anniversaries.configure(
                guild, channel_id=channel, post_time=dt.time(9), timezone="Asia/Seoul", role_id=None,
                quiet_days="upcoming",
            )  # fmt: skip
        poster = bot.get_cog("AnniversaryCog").poster  # type: ignore[union-attr]
        rss_before = peak_rss_mib()
        results = {}
        runs = [("paced (the bot)", 30, poster.pacer), ("baseline: unpaced", 29, NoPacer())]
        if baseline_first:
            runs.reverse()
        for name, day, pacer in runs:
            poster.pacer = pacer
            at = dt.datetime(2026, 11, day, 0, 0, 30, tzinfo=dt.UTC)  # 09:00:30 in Seoul

            def clock(at: dt.datetime = at) -> dt.datetime:
                return at

            bot.clock = clock
            before = stats(port)
            cpu, wall = time.process_time(), time.perf_counter()
            sent = await poster.tick()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            after = stats(port)
            posts = {k: v - before["posts"].get(k, 0) for k, v in after["posts"].items()}
            results[name] = {
                "sent": sent,
                "servers_with_one_post": sum(1 for v in posts.values() if v == 1),
                "servers_with_more": sum(1 for v in posts.values() if v > 1),
                "429s": after["global_429s"] - before["global_429s"],
                "wall_s": wall,
                "cpu_s": cpu,
            }
        rss_peak = peak_rss_mib()
        await bot.close()
        started.cancel()
    fake.stdin.close()
    await fake.wait()

    bound = servers / GLOBAL_LIMIT
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{servers} servers due in the same minute; the {GLOBAL_LIMIT}/s global limit sets a bound of {bound:.1f} s")
    print("| run | posts sent | servers with exactly one | with more | 429s | wall s | vs bound | bot CPU s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        print(
            f"| {name} | {r['sent']} | {r['servers_with_one_post']} | {r['servers_with_more']} | {r['429s']} "
            f"| {r['wall_s']:.1f} | {r['wall_s'] / bound:.2f} | {r['cpu_s']:.1f} |"
        )
    print(f"bot peak RSS: {rss_peak:.0f} MiB (before the fan-outs: {rss_before:.0f} MiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=2000)
    parser.add_argument("--baseline-first", action="store_true", help="run the unpaced fan-out first")
    args = parser.parse_args()
    asyncio.run(run(args.servers, args.baseline_first))


if __name__ == "__main__":
    main()
