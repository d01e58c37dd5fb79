"""Numbered migrations: applied in order, each once, from any older version."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import Store
from bot.store.database import migrations


async def _schema(store: Store) -> list[tuple[str, str]]:
    async with store.database.connection.execute(
        "SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name"
    ) as cursor:
        return [(row[0], row[1]) for row in await cursor.fetchall()]


async def test_fresh_database_reaches_the_latest_version(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        assert await store.migrate() == len(migrations())
        assert await store.database.user_version() == len(migrations())
    finally:
        await store.close()


async def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        await store.migrate()
        before = await _schema(store)
        await store.migrate()
        assert await _schema(store) == before
    finally:
        await store.close()


@pytest.mark.parametrize("start", range(len(migrations())))
async def test_every_older_version_upgrades_to_the_same_schema(tmp_path: Path, start: int) -> None:
    fresh = await Store.open(tmp_path / "fresh.sqlite3")
    old = await Store.open(tmp_path / "old.sqlite3")
    try:
        await fresh.migrate()
        await old.migrate(target=start)
        assert await old.database.user_version() == start
        await old.close()
        old = await Store.open(tmp_path / "old.sqlite3")  # as a later start of the bot would
        await old.migrate()
        assert await _schema(old) == await _schema(fresh)
    finally:
        await fresh.close()
        await old.close()


async def test_a_failing_migration_leaves_the_database_at_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "migrations"
    broken.mkdir()
    (broken / "001_init.sql").write_text("CREATE TABLE a (x INTEGER);")
    (broken / "002_bad.sql").write_text("CREATE TABLE b (y INTEGER); THIS IS NOT SQL;")
    monkeypatch.setattr("bot.store.database.MIGRATIONS_DIR", broken)
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        with pytest.raises(Exception, match="syntax error"):
            await store.migrate()
        assert await store.database.user_version() == 1
        assert [name for name, _ in await _schema(store)] == ["a"]  # b was rolled back with its migration
    finally:
        await store.close()


async def test_wal_and_foreign_keys_are_on(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        async with store.database.connection.execute("PRAGMA journal_mode") as cursor:
            assert (await cursor.fetchone())[0] == "wal"  # type: ignore[index]
        async with store.database.connection.execute("PRAGMA foreign_keys") as cursor:
            assert (await cursor.fetchone())[0] == 1  # type: ignore[index]
    finally:
        await store.close()
