"""Opening the database: a file that cannot work is one line naming DATABASE_PATH, and nothing is left open."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bot.errors import FatalStartupError
from bot.store import Store
from bot.store.database import Database, ReadOnlyDatabaseError
from tests.store.sqlite_files import make_read_only


def _worker_threads() -> list[threading.Thread]:
    # aiosqlite runs each connection in a non-daemon thread: one left behind keeps the process from exiting.
    return [t for t in threading.enumerate() if "_connection_worker_thread" in t.name and t.is_alive()]


async def _fails_to_open(path: Path) -> str:
    before = set(_worker_threads())
    with pytest.raises(FatalStartupError) as caught:
        await Database.open(path)
    started = [thread for thread in _worker_threads() if thread not in before]
    for thread in started:
        thread.join(timeout=2)
    assert not [thread for thread in started if thread.is_alive()]
    message = str(caught.value)
    assert message.startswith("DATABASE_PATH: ") and "\n" not in message
    return message


async def test_a_file_that_is_not_sqlite_is_named_and_nothing_stays_open(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a database\n" * 20)
    message = await _fails_to_open(path)
    assert f"'{path}' is not a SQLite database" in message
    assert path.read_text().startswith("these are my notes")  # left as it was


async def test_a_data_folder_that_cannot_be_created_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    message = await _fails_to_open(blocker / "kcollab" / "db.sqlite3")
    assert f"cannot create the folder '{blocker / 'kcollab'}'" in message


async def test_a_folder_where_no_file_can_be_created_is_named() -> None:
    # /proc exists and is a folder, but nobody, root included, can create a file in it.
    message = await _fails_to_open(Path("/proc/kcollab.sqlite3"))
    assert "cannot open or create '/proc/kcollab.sqlite3'" in message
    assert "writable" in message


async def test_a_read_only_database_opens_for_reading_but_refuses_a_write_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = await Store.open(path)
    await store.migrate()
    await store.meta.set("kept", "yes")
    await store.close()
    make_read_only(path)

    store = await Store.open(path)
    try:
        assert await store.meta.get("kept") == "yes"
        with pytest.raises(ReadOnlyDatabaseError) as caught:
            await store.meta.set("kept", "no")
        assert str(caught.value).startswith(f"DATABASE_PATH: '{path}' cannot be written")
        assert await store.meta.get("kept") == "yes"
    finally:
        await store.close()


async def test_a_read_only_database_that_needs_a_migration_stops_start_up(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = await Store.open(path)
    await store.migrate(target=1)
    await store.close()
    make_read_only(path)

    store = await Store.open(path)
    try:
        with pytest.raises(FatalStartupError, match=r"^DATABASE_PATH: .* cannot be written .*002_catalogue\.sql"):
            await store.migrate()
        assert await store.database.user_version() == 1
    finally:
        await store.close()


async def test_a_write_through_a_reader_is_refused(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        await store.migrate()
        async with store.database.read() as reader:
            with pytest.raises(Exception, match="readonly"):
                await reader.execute("INSERT INTO meta (key, value) VALUES ('sneaky', 'write')")
        assert await store.meta.get("sneaky") is None
    finally:
        await store.close()
