"""Pacing outgoing requests under Discord's global limit without blocking the event loop."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

GLOBAL_LIMIT = 50  # requests per second per bot, all routes together (Discord's documented global limit)


class Pacer:
    """Lets callers start at most ``rate`` requests per second, spaced evenly.

    Even spacing (one start every 1/rate s) keeps every one-second window under the limit, however the window is
    placed, which a burst-then-wait bucket does not. Waiting is ``asyncio.sleep``: the loop keeps serving.
    """

    def __init__(self, rate: float = GLOBAL_LIMIT * 0.94, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = 1.0 / rate
        self.clock = clock
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            now = self.clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)
