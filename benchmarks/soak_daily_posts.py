"""The restart soak over a simulated year: daily posts to several servers while the bot is killed with SIGKILL.

Each simulated day the bot's clock (a file the bot process reads) jumps to just after the post time; with the given
chance the process is killed, half the time at a random moment (start-up, reconciling, claiming, sending) and half
the time right after Discord received a post and before the bot recorded it. Reported: kills, kills in that window,
duplicate posts and missed posts (target 0 and 0). CI runs the same soak over a month
(``tests/e2e/test_restart_soak.py``).

Run: ``.venv/bin/python benchmarks/soak_daily_posts.py [--days 365 --servers 3 --kill-chance 0.5 --seed 1]``.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import tempfile
import time
from pathlib import Path

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.soak import soak


async def run(days: int, servers: int, kill_chance: float, seed: int) -> None:
    fake = FakeDiscord()
    await fake.start()
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory() as folder:
            result = await soak(fake, Path(folder), days=days, servers=servers, kill_chance=kill_chance, seed=seed)
    finally:
        await fake.stop()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}; {time.perf_counter() - started:.0f} s")
    print(
        f"{days} days x {servers} servers: {result.kills} SIGKILLs ({result.sent_then_killed} between send and "
        f"record), {result.duplicates} duplicate posts, {result.missed} missed posts"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--servers", type=int, default=3)
    parser.add_argument("--kill-chance", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(run(args.days, args.servers, args.kill_chance, args.seed))


if __name__ == "__main__":
    main()
