"""The SQLite connections, their pragmas, transactions and numbered migrations."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import sqlite3
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.errors import FatalStartupError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
READERS = 2
_PRAGMAS = ("foreign_keys = ON", "synchronous = NORMAL", "busy_timeout = 5000")
_WRITABLE_FIX = "make the file and its folder writable by the bot's user, or set DATABASE_PATH to a writable place"


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """The migration files in order; their numbers must run 1, 2, 3… without gaps."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match is None:
            raise RuntimeError(f"migration file name {path.name!r} is not NNN_name.sql")
        found.append(Migration(int(match.group(1)), path.name, path.read_text(encoding="utf-8")))
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(f"migration {migration.name} should be number {expected:03d}")
    return found


def utc_now() -> dt.datetime:
    """The wall clock in UTC: the default clock of the repositories (the bot hands them its own)."""
    return dt.datetime.now(dt.UTC)


def instant(moment: dt.datetime) -> str:
    """One fixed-width UTC text form, so that comparing the text in SQL compares the instants (both databases)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


class ReadOnlyDatabaseError(Exception):
    """SQLite refused a write because the database (its file, folder or file system) is read-only.

    ``str(error)`` is one line naming ``DATABASE_PATH`` and the fix; start-up code turns it into a
    :class:`~bot.errors.FatalStartupError` when the write cannot be skipped.
    """

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"DATABASE_PATH: {str(path)!r} cannot be written ({detail}); {_WRITABLE_FIX}")
        self.path = path


class _Held:
    """A transaction in progress, seen by the task running it and by every task that task starts meanwhile."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.active = True


_holding: ContextVar[_Held | None] = ContextVar("holding_the_writer", default=None)


def _code(error: BaseException) -> int:
    # Extended result codes (SQLITE_READONLY_DBMOVED…) carry the primary code in their low byte.
    return int(getattr(error, "sqlite_errorcode", -1)) & 0xFF


def _open_error(path: Path, error: sqlite3.Error) -> FatalStartupError:
    code = _code(error)
    if code == sqlite3.SQLITE_NOTADB:
        return FatalStartupError(
            f"DATABASE_PATH: {str(path)!r} is not a SQLite database ({error}); point DATABASE_PATH at the bot's "
            "database, or at a file name that does not exist yet to start a new one"
        )
    if code == sqlite3.SQLITE_READONLY:
        return FatalStartupError(str(ReadOnlyDatabaseError(path, str(error))))
    return FatalStartupError(f"DATABASE_PATH: cannot open or create {str(path)!r} ({error}); {_WRITABLE_FIX}")


def _probe(path: Path) -> None:
    sqlite3.connect(path).close()


async def _connect(path: Path, pragmas: tuple[str, ...]) -> aiosqlite.Connection:
    connection = await aiosqlite.connect(path, isolation_level=None)
    try:
        connection.row_factory = aiosqlite.Row
        for pragma in pragmas:
            await connection.execute(f"PRAGMA {pragma}")
    except BaseException:
        # aiosqlite's worker thread is not a daemon: a connection left open keeps the process alive for ever.
        await connection.close()
        raise
    return connection


async def _close_all(connections: list[aiosqlite.Connection]) -> None:
    """Close every connection, the first last, even if one fails: each holds a thread that would keep the process up.

    The first is the writer: the last connection to close checkpoints the WAL and removes its file.
    """
    async with AsyncExitStack() as stack:
        for connection in connections:
            stack.push_async_callback(connection.close)


class Database:
    """One SQLite file in WAL mode: a single writer behind a lock, and a small pool of readers.

    Every write goes through :meth:`transaction`, which takes the writer for the whole transaction, so concurrent
    writers queue instead of colliding on one connection. Reads go through :meth:`read`, on connections of their
    own: WAL lets them run while a write is in progress, and they see only committed data. ``connection`` is the
    writer, for code that reads the schema or runs ad-hoc queries outside the repositories (tests, benchmarks).
    """

    def __init__(self, path: Path, writer: aiosqlite.Connection, readers: list[aiosqlite.Connection]) -> None:
        self.path = path
        self.connection = writer
        self._readers = list(readers)
        self._idle: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        for reader in readers:
            self._idle.put_nowait(reader)
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path, *, readers: int = READERS) -> Database:
        """Open (or create) the database; any failure is a one-line :class:`FatalStartupError`, nothing left open."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise FatalStartupError(
                f"DATABASE_PATH: cannot create the folder {str(path.parent)!r} ({error.strerror}); create it, "
                "or set DATABASE_PATH to a file in a folder the bot's user can write"
            ) from error
        opened: list[aiosqlite.Connection] = []
        try:
            # A file SQLite cannot open is found here, once, in a plain thread. If aiosqlite.connect failed instead,
            # its worker thread would be told to stop without being awaited, and would report to an event loop a
            # failed start has already closed: a traceback on the way out of a one-line startup error.
            await asyncio.to_thread(_probe, path)
            opened.append(await _connect(path, ("journal_mode = WAL", *_PRAGMAS)))
            for _ in range(readers):
                # query_only: a write through a reader would escape the writer's lock; SQLite refuses it instead.
                opened.append(await _connect(path, (*_PRAGMAS, "query_only = ON")))
        except BaseException as error:
            await _close_all(opened)
            if isinstance(error, sqlite3.Error):
                raise _open_error(path, error) from error
            raise
        log.debug("opened %s with %d readers", path, readers)
        return cls(path, opened[0], opened[1:])

    async def close(self) -> None:
        await _close_all([self.connection, *self._readers])

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """A reader for the caller alone until the block ends; close every cursor inside the block.

        Each statement sees the data committed when it starts (a write committed before the call is visible). Inside
        a :meth:`transaction`, read through the connection it gives instead, to see its uncommitted changes.
        """
        reader = await self._idle.get()
        try:
            yield reader
        finally:
            self._idle.put_nowait(reader)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run the block as one write transaction; transactions run one at a time, in the order they were asked for.

        The block commits when it ends and rolls back if it raises or is cancelled. Raises
        :class:`ReadOnlyDatabaseError` if SQLite refuses to write, and ``RuntimeError`` when called inside a
        transaction, from its own task or one started in the block: it would wait for the block, which waits for it.
        """
        held = _holding.get()
        if held is not None and held.active and held.database is self:
            raise RuntimeError("transaction() inside a transaction: use the connection the outer one gave")
        async with self._write_lock:
            held = _Held(self)
            token = _holding.set(held)
            try:
                await self.connection.execute("BEGIN IMMEDIATE")
                yield self.connection
                await self.connection.execute("COMMIT")
            except BaseException as error:
                # Whatever failed (BEGIN, the block, COMMIT, a cancellation), the next writer must find no
                # transaction open. rollback() is a no-op without one, and aiosqlite runs it after a BEGIN still
                # queued, so it is right even when the task was cancelled mid-BEGIN.
                await self.connection.rollback()
                if isinstance(error, sqlite3.Error) and _code(error) == sqlite3.SQLITE_READONLY:
                    raise ReadOnlyDatabaseError(self.path, str(error)) from error
                raise
            finally:
                held.active = False
                _holding.reset(token)

    async def user_version(self) -> int:
        async with self.read() as reader, reader.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self, target: int | None = None) -> int:
        """Apply every migration newer than ``PRAGMA user_version``, each in its own transaction."""
        current = await self.user_version()
        for migration in migrations():
            if migration.version <= current or (target is not None and migration.version > target):
                continue
            script = f"BEGIN IMMEDIATE;\n{migration.sql}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
            async with self._write_lock:
                try:
                    await self.connection.executescript(script)
                except BaseException as error:
                    await self.connection.rollback()
                    if isinstance(error, sqlite3.Error) and _code(error) == sqlite3.SQLITE_READONLY:
                        # Migrations run at start-up only, and the bot cannot run on an older schema.
                        detail = f"{error}; migration {migration.name} must be applied"
                        raise FatalStartupError(str(ReadOnlyDatabaseError(self.path, detail))) from error
                    raise
            log.info("applied migration %s", migration.name)
            current = migration.version
        return current
