"""Numbered migrations: applied in order, each once, from any older version."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.database import Migration, migrations


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


# From 003 on, migrations are SQL that PostgreSQL accepts too (the bot may one day move off SQLite); these are the
# SQLite-only words a migration would most likely slip in.
_SQLITE_ONLY = re.compile(
    r"\b(STRICT|AUTOINCREMENT|WITHOUT\s+ROWID|INSERT\s+OR|REPLACE\s+INTO|PRAGMA)\b", re.IGNORECASE
)


@pytest.mark.parametrize("migration", [m for m in migrations() if m.version >= 3], ids=lambda m: m.name)
def test_migrations_from_003_on_avoid_sqlite_only_sql(migration: Migration) -> None:
    assert _SQLITE_ONLY.findall(migration.sql) == []


async def test_server_and_member_rows_keep_64_bit_ids_and_go_with_their_server(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        await store.migrate()
        biggest = 2**63 - 1  # Discord ids are 64-bit; PostgreSQL needs BIGINT for them
        async with store.database.transaction() as db:
            await db.execute(
                "INSERT INTO guilds (guild_id, created_at, updated_at) VALUES (?, 'now', 'now')", (biggest,)
            )
            await db.execute(
                "INSERT INTO guild_members (guild_id, user_id, created_at, updated_at) VALUES (?, ?, 'now', 'now')",
                (biggest, biggest),
            )
        async with store.database.transaction() as db:
            await db.execute("DELETE FROM guilds WHERE guild_id = ?", (biggest,))  # the members cascade
        async with store.database.connection.execute("SELECT count(*) FROM guild_members") as cursor:
            assert (await cursor.fetchone())[0] == 0  # type: ignore[index]
    finally:
        await store.close()


async def test_upgrading_from_002_keeps_the_data_already_stored(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        await store.migrate(target=2)
        await store.meta.set("catalogue_hash", "abc")
        await store.migrate()
        assert await store.meta.get("catalogue_hash") == "abc"
        assert (await store.guilds.get(1)).created_at is None
    finally:
        await store.close()
