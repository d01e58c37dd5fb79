"""A month of daily posts while the bot is killed with SIGKILL at random moments: no duplicate, no missed day."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.soak import soak


async def test_a_month_of_kills_brings_no_duplicate_and_no_missed_post(fake: FakeDiscord, tmp_path: Path) -> None:
    result = await soak(fake, tmp_path, days=30, servers=3, kill_chance=0.5, seed=20261130)
    assert result.kills >= 10 and result.sent_then_killed >= 5  # it did kill the bot, often, in the worst window
    assert (result.duplicates, result.missed) == (0, 0), result
    fake.take_refusals()  # a post interrupted mid-request may leave the fake a half-read request; nothing to judge
