"""Many interactions writing and reading at once: every write lands, no reader waits for a writer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store

GUILD = 1_100_000_000_000_000_000  # a real snowflake's size: more than 32 bits
ZONES = ("Asia/Seoul", "Europe/Paris", "America/New_York")


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / "db.sqlite3")
    await opened.migrate()
    yield opened
    await opened.close()


async def test_200_concurrent_writers_and_readers_all_succeed_and_every_write_lands(store: Store) -> None:
    async def write(i: int) -> None:
        await store.meta.set(f"key-{i}", f"value-{i}")
        await store.guilds.update(GUILD + i % 7, timezone=ZONES[i % len(ZONES)])
        await store.guilds.update_member(GUILD + i % 7, i)
        assert await store.meta.get(f"key-{i}") == f"value-{i}"  # a writer reads its own write at once

    async def read(i: int) -> None:
        await store.meta.get(f"key-{i}")
        await store.guilds.get(GUILD + i % 7)
        await store.guilds.member(GUILD + i % 7, i)

    results = await asyncio.gather(
        *(write(i) for i in range(200)), *(read(i) for i in range(200)), return_exceptions=True
    )

    assert [repr(result) for result in results if result is not None] == []
    for i in range(200):
        assert await store.meta.get(f"key-{i}") == f"value-{i}"
        assert (await store.guilds.member(GUILD + i % 7, i)).created_at is not None
    for g in range(7):
        assert (await store.guilds.get(GUILD + g)).timezone in ZONES


async def test_a_read_during_a_write_is_not_blocked_and_sees_only_committed_data(store: Store) -> None:
    await store.meta.set("colour", "old")
    async with store.database.transaction() as db:
        await db.execute("UPDATE meta SET value = 'new' WHERE key = 'colour'")
        assert await asyncio.wait_for(store.meta.get("colour"), 2) == "old"
    assert await store.meta.get("colour") == "new"


async def test_a_transaction_inside_one_of_the_same_task_is_refused_rather_than_waiting_for_ever(
    store: Store,
) -> None:
    async with store.database.transaction():
        with pytest.raises(RuntimeError, match="inside a transaction"):
            await asyncio.wait_for(store.meta.set("k", "v"), 2)
    await asyncio.wait_for(store.meta.set("k", "v"), 2)  # the writer was not left locked
    assert await store.meta.get("k") == "v"


async def test_a_cancelled_writer_leaves_nothing_behind_and_the_next_writer_proceeds(store: Store) -> None:
    inside = asyncio.Event()

    async def interrupted() -> None:
        async with store.database.transaction() as db:
            await db.execute("INSERT INTO meta (key, value) VALUES ('half', 'done')")
            inside.set()
            await asyncio.sleep(60)

    task = asyncio.create_task(interrupted())
    waiting = asyncio.create_task(store.meta.set("next", "yes"))  # queued behind the interrupted writer
    await inside.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.wait_for(waiting, 2)
    assert await store.meta.get("half") is None
    assert await store.meta.get("next") == "yes"
