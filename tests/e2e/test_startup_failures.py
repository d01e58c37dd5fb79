"""A database that cannot work stops `python -m bot run` at once: one line naming DATABASE_PATH, exit status 2.

Before, the process printed a traceback and then never exited (an aiosqlite thread kept it alive), so a service
manager never restarted it. The store opens in setup_hook, after the login, so the real entry point runs against
the loopback Discord.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.store import Store
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.processes import start_entry_point
from tests.store.sqlite_files import make_read_only

ROOT = Path(__file__).resolve().parents[2]


async def _run(fake: FakeDiscord, database: Path, cwd: Path) -> tuple[int, str]:
    process = await start_entry_point(
        fake,
        cwd,
        "run",
        env={"DATABASE_PATH": str(database), "CATALOGUE_DIR": str(ROOT / "data" / "catalogue")},
        drop=("DEV_GUILD_ID", "LOG_LEVEL"),
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        # The bug this guards against is a process that never ends.
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode, stderr.decode()


def _the_error(status: int, stderr: str) -> str:
    """The one ``error:`` line, after checking the exit was the configuration kind: status 2, no traceback."""
    assert status == 2, stderr
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    assert stderr.strip().splitlines()[-1] == errors[0]
    assert errors[0].startswith("error: DATABASE_PATH: ")
    return errors[0]


async def test_a_file_that_is_not_sqlite_stops_the_bot_in_one_line(fake: FakeDiscord, tmp_path: Path) -> None:
    database = tmp_path / "bot.yaml"
    database.write_text("token: not-here\n" * 40)
    line = _the_error(*await _run(fake, database, tmp_path))
    assert "is not a SQLite database" in line and "point DATABASE_PATH at" in line


async def test_a_data_folder_that_cannot_be_created_stops_the_bot_in_one_line(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    (tmp_path / "data").write_text("a file where the data folder should be")
    line = _the_error(*await _run(fake, tmp_path / "data" / "kcollab.sqlite3", tmp_path))
    assert "cannot create the folder" in line and "set DATABASE_PATH" in line


async def test_a_folder_the_bot_cannot_write_stops_the_bot_in_one_line(fake: FakeDiscord, tmp_path: Path) -> None:
    # /proc is a folder nobody can create a file in, root included (tests run as root, whom chmod does not stop).
    line = _the_error(*await _run(fake, Path("/proc/kcollab.sqlite3"), tmp_path))
    assert "cannot open or create '/proc/kcollab.sqlite3'" in line and "writable" in line


async def test_a_read_only_database_that_needs_a_catalogue_reload_stops_the_bot_in_one_line(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    database = tmp_path / "kcollab.sqlite3"
    store = await Store.open(database)
    await store.migrate()  # no catalogue loaded: the start must load it
    await store.close()
    make_read_only(database)
    line = _the_error(*await _run(fake, database, tmp_path))
    assert "cannot be written" in line and "the catalogue files changed" in line
