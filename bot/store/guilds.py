"""Per-server settings and per-member state: each declared once, with its default, in the dataclasses below.

A setting is a field of :class:`GuildSettings` (and a column of ``guilds``); per-member state is a field of
:class:`MemberState` (and a column of ``guild_members``). A feature that needs one adds the field with its default
here and the column in a numbered migration; a server or member without a row reads as every default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

import aiosqlite

from bot.store.database import Database, utc_now

Clock = Callable[[], dt.datetime]
# Rows carry these besides their settings or state; they are the repository's to write, never a caller's.
_KEYS = frozenset({"guild_id", "user_id", "created_at", "updated_at"})


@dataclass(frozen=True, slots=True)
class GuildSettings:
    """One server's settings. ``created_at`` is None while the server has no row (every setting at its default)."""

    guild_id: int
    # IANA time zone for the server's dates (daily posts); None means the bot's DEFAULT_TIMEZONE.
    timezone: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    def timezone_or(self, default: str) -> str:
        return self.timezone if self.timezone is not None else default


@dataclass(frozen=True, slots=True)
class MemberState:
    """One member's state in one server. ``created_at`` is None while the member has no row."""

    guild_id: int
    user_id: int
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class _Table:
    """How one of the dataclasses above maps to its table: key columns, then one column per declared field."""

    name: str
    keys: tuple[str, ...]
    row: type[Any]

    @property
    def defaults(self) -> dict[str, object]:
        return {f.name: f.default for f in fields(self.row) if f.name not in _KEYS}

    def check(self, changes: Mapping[str, object]) -> None:
        # Column names are built into the SQL: only declared names may get there.
        unknown = sorted(set(changes) - set(self.defaults))
        if unknown:
            raise TypeError(f"{self.row.__name__} declares no {', '.join(unknown)}")

    def select(self) -> str:
        columns = ", ".join((*self.defaults, "created_at", "updated_at"))
        return f"SELECT {columns} FROM {self.name} WHERE " + " AND ".join(f"{key} = ?" for key in self.keys)

    def upsert(self, changes: Mapping[str, object] | None) -> str:
        """Insert a row with every declared default (so the row alone tells what applied when it was written), or on
        conflict set the ``changes`` columns and ``updated_at`` (or nothing, for ``changes=None``)."""
        columns = [*self.keys, *self.defaults, "created_at", "updated_at"]
        action = "NOTHING"
        if changes is not None:
            action = "UPDATE SET " + ", ".join(f"{name} = excluded.{name}" for name in (*changes, "updated_at"))
        return (
            f"INSERT INTO {self.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            f" ON CONFLICT ({', '.join(self.keys)}) DO {action}"
        )

    def values(self, keys: tuple[int, ...], changes: Mapping[str, object], now: str) -> tuple[object, ...]:
        return (*keys, *{**self.defaults, **changes}.values(), now, now)

    def load(self, keys: tuple[int, ...], row: aiosqlite.Row) -> Any:
        values = dict(zip(row.keys(), row, strict=True))
        values["created_at"] = dt.datetime.fromisoformat(values["created_at"])
        values["updated_at"] = dt.datetime.fromisoformat(values["updated_at"])
        return self.row(*keys, **values)


_GUILDS = _Table("guilds", ("guild_id",), GuildSettings)
_MEMBERS = _Table("guild_members", ("guild_id", "user_id"), MemberState)


class GuildRepository:
    """Reads return dataclasses (every default for a server or member never stored); writes are upserts."""

    def __init__(self, database: Database, clock: Clock = utc_now) -> None:
        self.database = database
        self.clock = clock

    def _now(self) -> str:
        return self.clock().astimezone(dt.UTC).isoformat()

    async def _get(self, table: _Table, keys: tuple[int, ...]) -> Any:
        async with self.database.read() as db, db.execute(table.select(), keys) as cursor:
            row = await cursor.fetchone()
        return table.row(*keys) if row is None else table.load(keys, row)

    async def _update(self, table: _Table, keys: tuple[int, ...], changes: Mapping[str, object]) -> Any:
        table.check(changes)
        now = self._now()
        async with self.database.transaction() as db:
            if table is _MEMBERS:
                # A member's row needs its server's (so forgetting the server cascades to it).
                await db.execute(_GUILDS.upsert(None), _GUILDS.values(keys[:1], {}, now))
            await db.execute(table.upsert(changes), table.values(keys, changes, now))
            async with db.execute(table.select(), keys) as cursor:
                row = await cursor.fetchone()
        assert row is not None
        return table.load(keys, row)

    async def ensure(self, db: aiosqlite.Connection, guild_id: int, user_id: int | None = None) -> None:
        """Inside a caller's transaction: give the server (and the member) a row with every default if it has none,
        so a feature's row can reference it."""
        now = self._now()
        await db.execute(_GUILDS.upsert(None), _GUILDS.values((guild_id,), {}, now))
        if user_id is not None:
            await db.execute(_MEMBERS.upsert(None), _MEMBERS.values((guild_id, user_id), {}, now))

    # ------------------------------------------------------------------ servers
    async def get(self, guild_id: int) -> GuildSettings:
        """The server's settings, or every default if it has none stored."""
        settings: GuildSettings = await self._get(_GUILDS, (guild_id,))
        return settings

    async def update(self, guild_id: int, **changes: Any) -> GuildSettings:
        """Set the named settings (the others keep their value); returns them all."""
        settings: GuildSettings = await self._update(_GUILDS, (guild_id,), changes)
        return settings

    async def forget(self, guild_id: int) -> bool:
        """Delete everything stored for the server (it removed the bot, or asked); False if there was nothing."""
        async with self.database.transaction() as db:
            # Members go explicitly as well as by the cascade, which works only with foreign_keys = ON.
            await db.execute("DELETE FROM guild_members WHERE guild_id = ?", (guild_id,))
            async with db.execute("DELETE FROM guilds WHERE guild_id = ?", (guild_id,)) as cursor:
                return cursor.rowcount > 0

    # ------------------------------------------------------------------ members
    async def member(self, guild_id: int, user_id: int) -> MemberState:
        """The member's state in the server, or every default if none is stored."""
        state: MemberState = await self._get(_MEMBERS, (guild_id, user_id))
        return state

    async def update_member(self, guild_id: int, user_id: int, **changes: Any) -> MemberState:
        """Set the named state of the member (the rest keeps its value); returns it all."""
        state: MemberState = await self._update(_MEMBERS, (guild_id, user_id), changes)
        return state
