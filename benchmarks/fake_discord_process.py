"""Run the loopback fake Discord in a process of its own, so a benchmark measures the bot's CPU and memory alone.

Usage: ``python benchmarks/fake_discord_process.py CHANNELS [GLOBAL_LIMIT]``. Prints one JSON line
``{"port": …, "guild_id": …, "channels": [[guild, channel], …]}``, then serves until its standard input closes.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys

from tests.e2e.fake_discord import FakeDiscord


async def main(channels: int, limit: int | None) -> None:
    # The fake counts requests per second when it handles them; a garbage-collection pause in the fake would bunch
    # requests that arrived evenly and count them as a burst. Discord has no such pause on the bot's behalf.
    gc.disable()
    fake = FakeDiscord()
    fake.global_limit = limit
    pairs = [fake.add_channel() for _ in range(channels)]
    await fake.start()
    print(json.dumps({"port": fake.port, "guild_id": fake.guild_id, "channels": pairs}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until the parent closes our stdin
    await fake.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else None))
