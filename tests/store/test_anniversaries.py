"""The daily post's state in SQLite: one claim per server and local day, retries only when their time comes."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store

DAY = dt.date(2026, 11, 30)
NOON = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / "db.sqlite3")
    await opened.migrate()
    await opened.anniversaries.configure(
        1, channel_id=10, post_time=dt.time(9), timezone="Asia/Seoul", role_id=None, quiet_days="upcoming"
    )
    yield opened
    await opened.close()


async def test_only_one_of_many_concurrent_claims_wins(store: Store) -> None:
    wins = await asyncio.gather(*(store.anniversaries.claim(1, DAY, 10, NOON) for _ in range(50)))
    assert wins.count(True) == 1


async def test_a_sent_post_is_never_claimed_again(store: Store) -> None:
    assert await store.anniversaries.claim(1, DAY, 10, NOON)
    await store.anniversaries.mark_sent(1, DAY, 555)
    assert not await store.anniversaries.claim(1, DAY, 10, NOON + dt.timedelta(hours=1))
    record = (await store.anniversaries.posts_on([DAY]))[(1, DAY)]
    assert (record.state, record.message_id) == ("sent", 555)


async def test_a_retry_is_claimed_only_once_its_time_has_come(store: Store) -> None:
    assert await store.anniversaries.claim(1, DAY, 10, NOON)
    await store.anniversaries.mark_retry(1, DAY, NOON + dt.timedelta(minutes=1), "503")
    assert not await store.anniversaries.claim(1, DAY, 10, NOON + dt.timedelta(seconds=59, microseconds=999_999))
    assert await store.anniversaries.claim(1, DAY, 10, NOON + dt.timedelta(minutes=1))
    record = (await store.anniversaries.posts_on([DAY]))[(1, DAY)]
    assert (record.state, record.attempts) == ("claimed", 2)


async def test_unfinished_claims_are_listed_for_reconciling(store: Store) -> None:
    assert await store.anniversaries.claim(1, DAY, 10, NOON)
    assert [(p.guild_id, p.local_date) for p in await store.anniversaries.unfinished()] == [(1, DAY)]
    await store.anniversaries.mark_failed(1, DAY, "403")
    assert await store.anniversaries.unfinished() == []


async def test_forgetting_a_server_forgets_its_posts(store: Store) -> None:
    assert await store.anniversaries.claim(1, DAY, 10, NOON)
    assert await store.guilds.forget(1)
    assert await store.anniversaries.get(1) is None
    assert await store.anniversaries.posts_on([DAY]) == {}
