"""Loading the catalogue into SQLite: one transaction, only when the files changed, never a broken one."""

from __future__ import annotations

from pathlib import Path

from bot.catalogue.model import ReleaseDate
from bot.catalogue.sync import sync_catalogue
from bot.store import Store
from tests.catalogue.debut_catalogue import add_debuts


async def _open(tmp_path: Path) -> Store:
    store = await Store.open(tmp_path / "db.sqlite3")
    await store.migrate()
    return store


async def _dump(store: Store) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for table in ("artists", "collabs", "credits", "sources", "search_terms", "memberships"):
        async with store.database.connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2") as cursor:
            rows.extend(tuple(row) for row in await cursor.fetchall())
    return rows


async def test_first_sync_loads_and_second_changes_nothing(tmp_path: Path, small_catalogue: Path) -> None:
    store = await _open(tmp_path)
    try:
        assert (await sync_catalogue(store, small_catalogue)).status == "loaded"
        before = await _dump(store)
        assert (await sync_catalogue(store, small_catalogue)).status == "unchanged"
        assert await _dump(store) == before
        assert (await store.catalogue.size()).collabs == 2
    finally:
        await store.close()


async def test_edited_file_is_reloaded(tmp_path: Path, small_catalogue: Path) -> None:
    store = await _open(tmp_path)
    try:
        await sync_catalogue(store, small_catalogue)
        path = small_catalogue / "collabs" / "2024.yaml"
        path.write_text(path.read_text().replace("title: APT.", "title: APT. (Remastered)"))
        assert (await sync_catalogue(store, small_catalogue)).status == "loaded"
        async with store.database.connection.execute("SELECT title FROM collabs ORDER BY title") as cursor:
            assert [row[0] for row in await cursor.fetchall()] == ["APT. (Remastered)", "Sour Candy"]
    finally:
        await store.close()


async def test_broken_edit_keeps_the_last_good_catalogue(tmp_path: Path, small_catalogue: Path) -> None:
    store = await _open(tmp_path)
    try:
        await sync_catalogue(store, small_catalogue)
        before = await _dump(store)
        path = small_catalogue / "collabs" / "2024.yaml"
        path.write_text(path.read_text().replace("precision: day", "precision: someday"))
        result = await sync_catalogue(store, small_catalogue)
        assert result.status == "rejected"
        assert any("precision 'someday'" in p for p in result.problems)
        assert await _dump(store) == before
    finally:
        await store.close()


async def test_aliases_and_hangul_become_search_terms(tmp_path: Path, small_catalogue: Path) -> None:
    store = await _open(tmp_path)
    try:
        await sync_catalogue(store, small_catalogue)
        async with store.database.connection.execute(
            "SELECT term FROM search_terms WHERE kind = 'artist' ORDER BY term"
        ) as cursor:
            terms = {row[0] for row in await cursor.fetchall()}
        assert {"rose", "로제", "roseanne park", "blackpink", "블랙핑크"} <= terms
    finally:
        await store.close()


async def test_debuts_are_loaded_and_read_back_by_calendar_day(tmp_path: Path, small_catalogue: Path) -> None:
    add_debuts(small_catalogue)
    store = await _open(tmp_path)
    try:
        assert (await sync_catalogue(store, small_catalogue)).status == "loaded"
        [twice] = await store.lookup.debuts_on([(10, 20)])
        assert (twice.artist.slug, twice.artist.name, twice.release, twice.album) == (
            "twice",
            "TWICE",
            "Like Ooh-Ahh",
            "The Story Begins",
        )
        assert twice.released == ReleaseDate(2015, 10, 20)
        both = await store.lookup.debuts_on([(8, 8), (6, 12), (1, 1)])
        assert [d.artist.slug for d in both] == ["bts", "blackpink"]  # oldest first
        assert await store.lookup.debut_days() == {(6, 12), (8, 8), (10, 20)}  # NewJeans' month has no day
        async with store.database.connection.execute("SELECT count(*) FROM debut_sources") as cursor:
            assert (await cursor.fetchone())[0] == 4  # type: ignore[index]
    finally:
        await store.close()


async def test_an_edited_debuts_file_is_reloaded(tmp_path: Path, small_catalogue: Path) -> None:
    debuts = add_debuts(small_catalogue)
    store = await _open(tmp_path)
    try:
        await sync_catalogue(store, small_catalogue)
        debuts.write_text(debuts.read_text().replace("release: Like Ooh-Ahh", "release: Like OOH-AHH"))
        assert (await sync_catalogue(store, small_catalogue)).status == "loaded"
        [twice] = await store.lookup.debuts_on([(10, 20)])
        assert twice.release == "Like OOH-AHH"
        debuts.unlink()
        assert (await sync_catalogue(store, small_catalogue)).status == "loaded"
        assert await store.lookup.debuts_on([(10, 20)]) == []
    finally:
        await store.close()


async def test_a_broken_debut_keeps_the_last_good_catalogue(tmp_path: Path, small_catalogue: Path) -> None:
    debuts = add_debuts(small_catalogue)
    store = await _open(tmp_path)
    try:
        await sync_catalogue(store, small_catalogue)
        debuts.write_text(debuts.read_text().replace("artist: twice", "artist: twyce"))
        result = await sync_catalogue(store, small_catalogue)
        assert result.status == "rejected" and any("unknown artist id 'twyce'" in p for p in result.problems)
        assert [d.artist.slug for d in await store.lookup.debuts_on([(10, 20)])] == ["twice"]
    finally:
        await store.close()
