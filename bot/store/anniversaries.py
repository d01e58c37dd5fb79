"""SQL for daily anniversary posts: each server's settings and the state of each day's post.

A post's life: ``claimed`` (by one conditional statement, so two ticks or two processes never both send it), then
``sent`` with its message id, or ``retry`` (429/5xx: tried again later that day), ``failed`` (403/404: not today),
or ``skipped`` (a quiet day the server chose to pass over). Every statement here is accepted by SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from bot.store.database import Database, instant, utc_now
from bot.store.guilds import GuildRepository

Clock = Callable[[], dt.datetime]
CLAIMED, SENT, RETRY, FAILED, SKIPPED = "claimed", "sent", "retry", "failed", "skipped"
QUIET_DAY_CHOICES = ("upcoming", "skip")


@dataclass(frozen=True, slots=True)
class AnniversarySettings:
    guild_id: int
    channel_id: int
    post_time: dt.time
    timezone: str | None  # the server's zone (guilds.timezone); None: the bot's DEFAULT_TIMEZONE
    enabled: bool
    role_id: int | None
    quiet_days: str  # "upcoming": a short "coming up" on a day without anniversaries; "skip": no post
    problem: str | None  # why the last post failed or posting stopped


@dataclass(frozen=True, slots=True)
class PostRecord:
    guild_id: int
    local_date: dt.date
    state: str
    channel_id: int
    message_id: int | None
    attempts: int
    retry_at: dt.datetime | None
    error: str | None
    updated_at: dt.datetime


_SETTINGS = (
    "SELECT s.guild_id, s.channel_id, s.post_time, g.timezone, s.enabled, s.role_id, s.quiet_days, s.problem"
    " FROM anniversary_settings s JOIN guilds g ON g.guild_id = s.guild_id"
)
_POSTS = (
    "SELECT guild_id, local_date, state, channel_id, message_id, attempts, retry_at, error, updated_at"
    " FROM anniversary_posts"
)


def _settings(row: tuple[object, ...]) -> AnniversarySettings:
    return AnniversarySettings(
        guild_id=int(str(row[0])),
        channel_id=int(str(row[1])),
        post_time=dt.time.fromisoformat(str(row[2])),
        timezone=str(row[3]) if row[3] is not None else None,
        enabled=bool(row[4]),
        role_id=int(str(row[5])) if row[5] is not None else None,
        quiet_days=str(row[6]),
        problem=str(row[7]) if row[7] is not None else None,
    )


def _post(row: tuple[object, ...]) -> PostRecord:
    return PostRecord(
        guild_id=int(str(row[0])),
        local_date=dt.date.fromisoformat(str(row[1])),
        state=str(row[2]),
        channel_id=int(str(row[3])),
        message_id=int(str(row[4])) if row[4] is not None else None,
        attempts=int(str(row[5])),
        retry_at=dt.datetime.fromisoformat(str(row[6])) if row[6] is not None else None,
        error=str(row[7]) if row[7] is not None else None,
        updated_at=dt.datetime.fromisoformat(str(row[8])),
    )


class AnniversaryRepository:
    def __init__(self, database: Database, guilds: GuildRepository, clock: Clock = utc_now) -> None:
        self.database = database
        self.guilds = guilds
        self.clock = clock

    def _now(self) -> str:
        return self.clock().astimezone(dt.UTC).isoformat()

    # ------------------------------------------------------------------ settings
    async def configure(
        self,
        guild_id: int,
        *,
        channel_id: int,
        post_time: dt.time,
        timezone: str | None,
        role_id: int | None,
        quiet_days: str,
    ) -> AnniversarySettings:
        """Turn daily posts on for the server with these settings.

        The zone is one of the server's settings (``guilds``): ``timezone=None`` keeps the one stored, if any.
        """
        # The server's row, with every declared default, comes from the one place that declares them.
        await (self.guilds.update(guild_id, timezone=timezone) if timezone else self.guilds.update(guild_id))
        now = self._now()
        async with self.database.transaction() as db:
            await db.execute(
                "INSERT INTO anniversary_settings (guild_id, channel_id, post_time, enabled, role_id, quiet_days,"
                " problem, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, NULL, ?, ?)"
                " ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id,"
                " post_time = excluded.post_time, enabled = 1, role_id = excluded.role_id,"
                " quiet_days = excluded.quiet_days, problem = NULL, updated_at = excluded.updated_at",
                (guild_id, channel_id, post_time.strftime("%H:%M"), role_id, quiet_days, now, now),
            )
        settings = await self.get(guild_id)
        assert settings is not None
        return settings

    async def get(self, guild_id: int) -> AnniversarySettings | None:
        async with self.database.read() as db, db.execute(f"{_SETTINGS} WHERE s.guild_id = ?", (guild_id,)) as cur:
            row = await cur.fetchone()
        return _settings(tuple(row)) if row is not None else None

    async def set_enabled(self, guild_id: int, enabled: bool, problem: str | None = None) -> bool:
        """Turn posts on or off, settings kept; ``problem`` says why when the bot stops them itself."""
        async with self.database.transaction() as db:
            cursor = await db.execute(
                "UPDATE anniversary_settings SET enabled = ?, problem = ?, updated_at = ? WHERE guild_id = ?",
                (int(enabled), problem, self._now(), guild_id),
            )
            return cursor.rowcount > 0

    async def set_problem(self, guild_id: int, problem: str | None) -> None:
        async with self.database.transaction() as db:
            await db.execute(
                "UPDATE anniversary_settings SET problem = ?, updated_at = ? WHERE guild_id = ?",
                (problem, self._now(), guild_id),
            )

    async def enabled(self) -> list[AnniversarySettings]:
        """Every server with daily posts on: the scheduler's one question to the store each tick."""
        async with self.database.read() as db, db.execute(f"{_SETTINGS} WHERE s.enabled = 1") as cursor:
            return [_settings(tuple(row)) for row in await cursor.fetchall()]

    # ------------------------------------------------------------------ posts
    async def posts_on(self, local_dates: list[dt.date]) -> dict[tuple[int, dt.date], PostRecord]:
        """The post rows of these local dates, by (server, date)."""
        if not local_dates:
            return {}
        marks = ",".join("?" * len(local_dates))
        async with (
            self.database.read() as db,
            db.execute(f"{_POSTS} WHERE local_date IN ({marks})", [d.isoformat() for d in local_dates]) as cursor,
        ):
            return {(p.guild_id, p.local_date): p for p in (_post(tuple(r)) for r in await cursor.fetchall())}

    async def last_post(self, guild_id: int) -> PostRecord | None:
        async with (
            self.database.read() as db,
            db.execute(f"{_POSTS} WHERE guild_id = ? ORDER BY local_date DESC LIMIT 1", (guild_id,)) as cursor,
        ):
            row = await cursor.fetchone()
        return _post(tuple(row)) if row is not None else None

    async def last_sent(self, guild_id: int) -> PostRecord | None:
        async with (
            self.database.read() as db,
            db.execute(
                f"{_POSTS} WHERE guild_id = ? AND state = ? ORDER BY local_date DESC LIMIT 1", (guild_id, SENT)
            ) as cursor,
        ):
            row = await cursor.fetchone()
        return _post(tuple(row)) if row is not None else None

    async def claim(self, guild_id: int, local_date: dt.date, channel_id: int, now: dt.datetime) -> bool:
        """Claim the server's post for ``local_date``: True for exactly one caller.

        One conditional statement: a new row, or a row waiting to be retried whose time (``now`` on the scheduler's
        clock) has come. A row that is claimed, sent, failed or skipped stays as it is: nothing posts a day twice.
        """
        written = self._now()
        async with self.database.transaction() as db:
            cursor = await db.execute(
                "INSERT INTO anniversary_posts (guild_id, local_date, state, channel_id, attempts, updated_at)"
                " VALUES (?, ?, 'claimed', ?, 1, ?)"
                " ON CONFLICT (guild_id, local_date) DO UPDATE SET state = 'claimed',"
                " attempts = anniversary_posts.attempts + 1, channel_id = excluded.channel_id,"
                " updated_at = excluded.updated_at"
                " WHERE anniversary_posts.state = 'retry' AND anniversary_posts.retry_at <= ?",
                (guild_id, local_date.isoformat(), channel_id, written, instant(now)),
            )
            return cursor.rowcount == 1

    async def _finish(self, guild_id: int, local_date: dt.date, state: str, **values: object) -> None:
        columns = ", ".join(f"{name} = ?" for name in values)
        async with self.database.transaction() as db:
            await db.execute(
                f"UPDATE anniversary_posts SET state = ?, {columns}, updated_at = ?"
                " WHERE guild_id = ? AND local_date = ? AND state = 'claimed'",
                (state, *values.values(), self._now(), guild_id, local_date.isoformat()),
            )

    async def mark_sent(self, guild_id: int, local_date: dt.date, message_id: int) -> None:
        await self._finish(guild_id, local_date, SENT, message_id=message_id, error=None)

    async def mark_retry(self, guild_id: int, local_date: dt.date, retry_at: dt.datetime, error: str) -> None:
        await self._finish(guild_id, local_date, RETRY, retry_at=instant(retry_at), error=error)

    async def mark_failed(self, guild_id: int, local_date: dt.date, error: str) -> None:
        await self._finish(guild_id, local_date, FAILED, error=error)

    async def mark_skipped(self, guild_id: int, local_date: dt.date) -> None:
        await self._finish(guild_id, local_date, SKIPPED, error=None)

    async def unfinished(self) -> list[PostRecord]:
        """Claims never finished: the process stopped between claiming and recording (maybe after sending)."""
        async with self.database.read() as db, db.execute(f"{_POSTS} WHERE state = ?", (CLAIMED,)) as cursor:
            return [_post(tuple(row)) for row in await cursor.fetchall()]
