"""200 trivia games at once in one process, through the loopback Discord, several players answering each question.

The real bot (real discord.py, setup_hook, SQLite file, the trivia cog, real timers) runs N button games side by side,
each in its own channel, P members pressing answers at random moments of every question. Reported:
- button press -> acknowledgement latency (from the fake sending INTERACTION_CREATE to the bot's callback arriving),
  p50/p99, against the target p99 <= 20 ms;
- event-loop stalls: the longest time a 5 ms heartbeat task waited beyond its sleep, against the target 50 ms;
- memory per running game (tracemalloc: the bot's Python allocations with the games running, over N);
- timers: every game task is gone after shutdown, none left pending.
The baseline, in the same run and the same process, is the same press on a bot with no game running (the harness's
own floor: gateway event, discord.py dispatch, an ephemeral answer, the HTTP round trip).
The fake Discord runs in the same event loop, so its own work counts in both latency and stalls: the figures are an
upper bound for the bot alone.

Run: ``.venv/bin/python benchmarks/bench_trivia.py [--games 200] [--players 4] [--rounds 4] [--seconds 15]``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import discord
import yarl
from discord.gateway import DiscordWebSocket

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.client import KCollabBot  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.paths import CATALOGUE_DIR  # noqa: E402
from tests.e2e.fake_discord import FakeDiscord, Member, Output  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Stamps:
    """When each interaction's answer reached the fake (perf_counter seconds), by token."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.at: dict[str, float] = {}
        self.events: dict[str, asyncio.Event] = {}
        self.unanswered = 0
        # Once the games are started the fake stops keeping a copy of everything the bot sent: thousands of kept
        # outputs in this same process would make the collector's full passes, and their stalls, the fake's.
        self.keep = True
        self.why: list[str] = []
        record = fake._record

        async def stamped(output: Output) -> None:
            if output.token is not None and output.kind == "callback":
                self.at.setdefault(output.token, time.perf_counter())
                event = self.events.get(output.token)
                if event is not None:
                    event.set()
            if self.keep:
                await record(output)

        fake._record = stamped  # type: ignore[method-assign]

    async def press(self, fake: FakeDiscord, message: dict[str, Any], custom_id: str, member: Member) -> float:
        started = time.perf_counter()
        data = {"custom_id": custom_id, "component_type": 2}
        current = fake.messages.get(int(message["id"]), message)
        payload, token = fake._interaction(3, data, member, int(current["channel_id"]), current)
        event = self.events[token] = asyncio.Event()
        await fake.dispatch("INTERACTION_CREATE", payload)
        try:
            await asyncio.wait_for(event.wait(), 10)
        except TimeoutError:
            self.unanswered += 1
            ids = [c.get("custom_id") for row in current.get("components", []) for c in row.get("components", [])]
            self.why.append(f"{custom_id} on {ids[:1]} flags={current.get('flags')}")
            return float("nan")
        finally:
            del self.events[token]
        return (self.at.pop(token) - started) * 1000


gc_pauses: list[float] = []
_gc_started = [0.0]


def _gc_timer(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    else:
        gc_pauses.append((time.perf_counter() - _gc_started[0]) * 1000)


async def heartbeat(lags: list[float], stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        before = loop.time()
        await asyncio.sleep(0.005)
        lags.append((loop.time() - before - 0.005) * 1000)


async def main(games: int, players: int, rounds: int, seconds: int) -> None:
    fake = FakeDiscord()
    await fake.start()
    discord.http.Route.BASE = fake.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    stamps = Stamps(fake)
    members = [Member(fake.new_id(), f"player{i}") for i in range(players)]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            token="fake-token",
            database_path=Path(tmp) / "bench.sqlite3",
            dev_guild_id=fake.guild_id,
            catalogue_dir=CATALOGUE_DIR,
        )
        bot = KCollabBot(settings, freeze_gc=True, guild_ready_timeout=0.01)  # as `python -m bot run` builds it
        runner = asyncio.create_task(bot.start("fake-token"))
        await asyncio.wait_for(bot.wait_until_ready(), 30)
        cog: Any = bot.get_cog("Trivia")
        seen = {"n": 0}

        async def on_interaction(interaction: discord.Interaction) -> None:
            seen["n"] += 1

        bot.add_listener(on_interaction)

        # Baseline: the same press with no game running ("this question has closed").
        button = {"type": 2, "style": 1, "label": "A", "custom_id": "tq:1:1:0"}
        probe = fake._store_message(fake.channel_id, {"components": [{"type": 1, "components": [button]}]})
        baseline = [await stamps.press(fake, probe, "tq:1:1:0", members[0]) for _ in range(200)]

        channels = [fake.add_channel(fake.guild_id)[1] for _ in range(games)]
        tracemalloc.start()
        before, _ = tracemalloc.get_traced_memory()
        t0 = time.perf_counter()
        for channel in channels:
            handle = await fake.slash("trivia start", channel_id=channel, rounds=rounds, seconds=seconds)
            await handle.reply(timeout=30)
        print(f"started in {time.perf_counter() - t0:.1f}", flush=True)
        with_games, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        started_games = len(cog.games)  # games are long enough that none has ended yet

        stamps.keep = False
        fake.outputs.clear()
        lags: list[float] = []
        stop = asyncio.Event()
        beat = asyncio.create_task(heartbeat(lags, stop))
        gc.callbacks.append(_gc_timer)
        latencies: list[float] = []
        rng = random.Random(1)

        async def play(channel: int) -> None:
            """Each member presses a button of the question on screen, at a random moment of its first half."""
            number, shown = 0, None
            while True:
                game = cog.games.get(channel)
                if game is None:
                    return
                if game.number <= number or game.message_id in (None, shown):  # the next question is not out yet
                    await asyncio.sleep(0.05)
                    continue
                shown = game.message_id
                number, message = game.number, fake.messages[game.message_id]
                presses = []
                for member in members:
                    await asyncio.sleep(rng.uniform(0, seconds * 0.5) / players)
                    option = rng.randrange(4)
                    custom_id = f"tq:{game.game_id}:{number}:{option}"
                    presses.append(asyncio.ensure_future(stamps.press(fake, message, custom_id, member)))
                latencies.extend(x for x in await asyncio.gather(*presses) if x == x)

        wall = time.perf_counter()
        await asyncio.gather(*(play(channel) for channel in channels))
        for _ in range((rounds * seconds + 60) * 5):  # the games' last reveals and scoreboards
            if not cog.games:
                break
            await asyncio.sleep(0.2)
        wall = time.perf_counter() - wall
        print(f"played in {wall:.1f}", flush=True)
        stop.set()
        await beat
        finished = started_games - len(cog.games)

        # Shutdown with games running: start a few more, then close; no game task may be left pending.
        stamps.keep = True
        for channel in channels[:20]:
            await (await fake.slash("trivia start", channel_id=channel, rounds=5, seconds=60)).reply(timeout=30)
        await asyncio.sleep(0.5)
        tasks = list(cog.tasks.values())
        await bot.close()
        await asyncio.wait_for(runner, 30)
        left = sum(1 for task in tasks if not task.done())
        await fake.stop()

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"games: {started_games} started, {finished} finished; {players} players; {rounds} rounds of {seconds} s")
    print(f"presses answered: {len(latencies)} in {wall:.1f} s; unanswered: {stamps.unanswered}")
    print("unanswered examples:", stamps.why[:5])
    print(f"gc: {len(gc_pauses)} collections, longest {max(gc_pauses, default=0):.1f} ms")
    print(f"interactions the bot received: {seen['n']}")
    print(f"refused by the fake: {len(fake.refusals)} {[str(r) for r in fake.refusals[:3]]}")
    print(
        f"baseline press (no game): p50 {statistics.median(baseline):.2f} ms, p99 {percentile(baseline, 0.99):.2f} ms"
    )
    print(
        f"press -> acknowledgement with {games} games: p50 {statistics.median(latencies):.2f} ms, "
        f"p99 {percentile(latencies, 0.99):.2f} ms (target p99 <= 20 ms); "
        f"p50 ratio to baseline {statistics.median(latencies) / statistics.median(baseline):.2f}"
    )
    print(
        f"event-loop lag (5 ms heartbeat): max {max(lags):.1f} ms, p99 {percentile(lags, 0.99):.1f} ms, "
        f"over 50 ms: {sum(1 for lag in lags if lag > 50)} (target: none)"
    )
    print(f"memory per running game: {(with_games - before) / max(started_games, 1) / 1024:.1f} KiB (tracemalloc)")
    print(f"game tasks still pending after shutdown: {left} of {len(tasks)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--players", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()
    import logging

    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main(args.games, args.players, args.rounds, args.seconds))
