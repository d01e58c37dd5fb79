"""Time a test moves by hand: the bot's countdowns (``bot.timers``) run on it instead of the event loop's clock."""

from __future__ import annotations

import asyncio


class ManualTimers:
    def __init__(self) -> None:
        self._now = 1_000.0
        self._tick = asyncio.Event()

    def now(self) -> float:
        return self._now

    async def wait(self, deadline: float, wake: asyncio.Event) -> None:
        while self._now < deadline and not wake.is_set():
            waiters = {asyncio.ensure_future(self._tick.wait()), asyncio.ensure_future(wake.wait())}
            try:
                await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiter in waiters:
                    waiter.cancel()

    async def advance(self, seconds: float) -> None:
        """Move time on and let every countdown that is now due run."""
        self._now += seconds
        tick, self._tick = self._tick, asyncio.Event()
        tick.set()
        for _ in range(50):  # plenty of loop turns for what is now due to run as far as it can
            await asyncio.sleep(0)
