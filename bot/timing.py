"""Monotonic time for the features that wait (trivia's countdowns): one interface, so tests can move it."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Protocol


class Timers(Protocol):
    def now(self) -> float:
        """Monotonic seconds."""
        ...

    async def wait(self, deadline: float, wake: asyncio.Event) -> None:
        """Return at ``deadline`` (a :meth:`now` value) or as soon as ``wake`` is set, whichever comes first."""
        ...


class RealTimers:
    """The event loop's clock."""

    def now(self) -> float:
        return asyncio.get_running_loop().time()

    async def wait(self, deadline: float, wake: asyncio.Event) -> None:
        remaining = deadline - self.now()
        if remaining <= 0 or wake.is_set():
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), remaining)
