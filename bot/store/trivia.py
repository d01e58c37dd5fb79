"""SQL for trivia: games, answers (each written the moment it is given), what a channel was asked, leaderboards.

Ranked points count only from games in which two or more members answered: one person farming solo games can fill
their stats, not the leaderboard. Every statement is accepted by SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from bot.store.database import Database, instant, utc_now
from bot.store.guilds import GuildRepository
from bot.trivia.facts import Facts, Person, Song

Clock = Callable[[], dt.datetime]
RECENT_QUESTIONS = 300  # a channel's next games avoid its last this-many questions
RANKED_PLAYERS = 2


@dataclass(frozen=True, slots=True)
class GameRecord:
    game_id: int
    guild_id: int
    channel_id: int
    starter_id: int
    state: str
    message_id: int | None


@dataclass(frozen=True, slots=True)
class Standing:
    user_id: int
    points: int
    rank: int


@dataclass(frozen=True, slots=True)
class Leaderboard:
    top: tuple[Standing, ...]
    caller: Standing | None


@dataclass(frozen=True, slots=True)
class MemberStats:
    games: int
    answered: int
    right: int
    best_streak: int
    points: int
    rank: int | None  # in the ranked leaderboard, all time; None without ranked points

    @property
    def accuracy(self) -> float:
        return self.right / self.answered if self.answered else 0.0


_RANKED = (
    "SELECT a.user_id, SUM(a.points) AS total FROM trivia_answers a"
    " WHERE a.guild_id = ? AND a.answered_at >= ? AND a.game_id IN ("
    "  SELECT game_id FROM trivia_answers WHERE guild_id = ? AND game_id IS NOT NULL"
    "  GROUP BY game_id HAVING COUNT(DISTINCT user_id) >= ?)"
    " GROUP BY a.user_id HAVING SUM(a.points) > 0 ORDER BY total DESC, a.user_id"
)


class TriviaRepository:
    def __init__(self, database: Database, guilds: GuildRepository, clock: Clock = utc_now) -> None:
        self.database = database
        self.guilds = guilds
        self.clock = clock

    def _now(self) -> str:
        return instant(self.clock())

    # ------------------------------------------------------------------ games
    async def start(
        self,
        *,
        game_id: int,
        guild_id: int,
        channel_id: int,
        starter_id: int,
        mode: str,
        difficulty: str,
        category: str | None,
        rounds: int,
        seconds: int,
    ) -> bool:
        """Record a running game; False when the channel already has one (one statement decides, so two starts in
        one channel, from one process or several, never both run)."""
        async with self.database.transaction() as db:
            await self.guilds.ensure(db, guild_id)
            async with db.execute(
                "INSERT INTO trivia_games (game_id, guild_id, channel_id, starter_id, mode, difficulty, category,"
                " rounds, seconds, state, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)"
                " ON CONFLICT DO NOTHING",
                (game_id, guild_id, channel_id, starter_id, mode, difficulty, category, rounds, seconds, self._now()),
            ) as cursor:
                return cursor.rowcount == 1

    async def running_in(self, channel_id: int) -> GameRecord | None:
        async with (
            self.database.read() as db,
            db.execute(
                "SELECT game_id, guild_id, channel_id, starter_id, state, message_id FROM trivia_games"
                " WHERE channel_id = ? AND state = 'running'",
                (channel_id,),
            ) as cursor,
        ):
            row = await cursor.fetchone()
        return GameRecord(*row) if row else None

    async def asked(self, game_id: int, guild_id: int, channel_id: int, number: int, key: str, message_id: int) -> None:
        """A question went out: the game's progress, and the channel's memory of what it was asked."""
        now = self._now()
        async with self.database.transaction() as db:
            await db.execute(
                "UPDATE trivia_games SET asked = ?, message_id = ? WHERE game_id = ?", (number, message_id, game_id)
            )
            await db.execute(
                "INSERT INTO trivia_asked (guild_id, channel_id, question_key, asked_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (channel_id, question_key) DO UPDATE SET asked_at = excluded.asked_at",
                (guild_id, channel_id, key, now),
            )

    async def recent(self, channel_id: int) -> set[str]:
        async with (
            self.database.read() as db,
            db.execute(
                "SELECT question_key FROM trivia_asked WHERE channel_id = ? ORDER BY asked_at DESC LIMIT ?",
                (channel_id, RECENT_QUESTIONS),
            ) as cursor,
        ):
            return {str(row[0]) async for row in cursor}

    async def end(self, game_id: int, state: str) -> None:
        async with self.database.transaction() as db:
            await db.execute(
                "UPDATE trivia_games SET state = ?, ended_at = ? WHERE game_id = ? AND state = 'running'",
                (state, self._now(), game_id),
            )

    async def abandon_running(self) -> list[GameRecord]:
        """Games left running by a process that stopped: mark them abandoned and return them (to tell their channels).

        One process runs the games today; with several, this needs a lease per game (see the README).
        """
        async with self.database.transaction() as db:
            async with db.execute(
                "SELECT game_id, guild_id, channel_id, starter_id, state, message_id FROM trivia_games"
                " WHERE state = 'running'"
            ) as cursor:
                rows = [GameRecord(*row) async for row in cursor]
            await db.execute(
                "UPDATE trivia_games SET state = 'abandoned', ended_at = ? WHERE state = 'running'", (self._now(),)
            )
        return rows

    # ------------------------------------------------------------------ answers
    async def record(
        self,
        *,
        guild_id: int,
        user_id: int,
        game_id: int | None,
        number: int,
        key: str,
        right: bool,
        points: int,
        streak: int,
    ) -> bool:
        """Write one answer; False if that member had already answered it (a second click, a second quiz)."""
        async with self.database.transaction() as db:
            await self.guilds.ensure(db, guild_id, user_id)
            async with db.execute(
                "INSERT INTO trivia_answers (guild_id, user_id, game_id, question_no, question_key, correct, points,"
                " streak, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (guild_id, user_id, game_id, number, key, int(right), points, streak, self._now()),
            ) as cursor:
                return cursor.rowcount == 1

    async def quiz_answered(self, guild_id: int, user_id: int, key: str) -> bool:
        async with (
            self.database.read() as db,
            db.execute(
                "SELECT 1 FROM trivia_answers WHERE guild_id = ? AND user_id = ? AND question_key = ?"
                " AND game_id IS NULL",
                (guild_id, user_id, key),
            ) as cursor,
        ):
            return await cursor.fetchone() is not None

    # ------------------------------------------------------------------ standings
    async def _ranked(self, guild_id: int, since: dt.datetime | None) -> list[Standing]:
        cutoff = instant(since) if since else ""
        async with (
            self.database.read() as db,
            db.execute(_RANKED, (guild_id, cutoff, guild_id, RANKED_PLAYERS)) as cursor,
        ):
            rows = [(int(r[0]), int(r[1])) async for r in cursor]
        standings: list[Standing] = []
        for index, (user, points) in enumerate(rows):
            # Equal points share a rank (1, 2, 2, 4).
            rank = standings[-1].rank if standings and standings[-1].points == points else index + 1
            standings.append(Standing(user, points, rank))
        return standings

    async def leaderboard(
        self, guild_id: int, caller_id: int, since: dt.datetime | None, size: int = 10
    ) -> Leaderboard:
        standings = await self._ranked(guild_id, since)
        caller = next((s for s in standings if s.user_id == caller_id), None)
        return Leaderboard(tuple(standings[:size]), caller)

    async def stats(self, guild_id: int, user_id: int) -> MemberStats:
        async with (
            self.database.read() as db,
            db.execute(
                "SELECT COUNT(DISTINCT game_id), COUNT(*), COALESCE(SUM(correct), 0), COALESCE(MAX(streak), 0),"
                " COALESCE(SUM(points), 0) FROM trivia_answers WHERE guild_id = ? AND user_id = ?",
                (guild_id, user_id),
            ) as cursor,
        ):
            row = await cursor.fetchone()
        assert row is not None
        ranked = await self._ranked(guild_id, None)
        rank = next((s.rank for s in ranked if s.user_id == user_id), None)
        return MemberStats(int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4]), rank)

    # ------------------------------------------------------------------ the catalogue, as trivia sees it
    async def facts(self, version: str) -> Facts:
        """Every song and artist of the loaded catalogue, for the question generator."""
        async with self.database.read() as db:
            async with db.execute("SELECT id, slug, name, side, kind, hangul FROM artists") as cursor:
                artists = [tuple(row) async for row in cursor]
            async with db.execute("SELECT artist_id, alias FROM artist_aliases") as cursor:
                aliases: dict[int, list[str]] = {}
                async for artist_id, alias in cursor:
                    aliases.setdefault(int(artist_id), []).append(str(alias))
            async with db.execute("SELECT member_id, group_id FROM memberships") as cursor:
                groups: dict[int, list[int]] = {}
                async for member_id, group_id in cursor:
                    groups.setdefault(int(member_id), []).append(int(group_id))
            async with db.execute("SELECT id, slug, title, year, month, day, precision FROM collabs") as cursor:
                collabs = [tuple(row) async for row in cursor]
            async with db.execute(
                "SELECT collab_id, artist_id, role FROM credits ORDER BY collab_id, position"
            ) as cursor:
                credits: dict[int, list[tuple[int, str]]] = {}
                async for collab_id, artist_id, role in cursor:
                    credits.setdefault(int(collab_id), []).append((int(artist_id), str(role)))
            async with db.execute("SELECT collab_id, chart, peak FROM chart_peaks") as cursor:
                peaks: dict[int, list[tuple[str, int]]] = {}
                async for collab_id, chart, peak in cursor:
                    peaks.setdefault(int(collab_id), []).append((str(chart), int(peak)))
            async with db.execute("SELECT collab_id, url FROM sources") as cursor:
                sources: dict[int, str] = {}
                async for collab_id, url in cursor:
                    # The first web page a record cites: the "why" line links to it (dataset rows have no page).
                    if str(url).startswith(("http://", "https://")):
                        sources.setdefault(int(collab_id), str(url))
        slugs = {int(row[0]): str(row[1]) for row in artists}
        people = {
            str(slug): Person(
                str(slug),
                str(name),
                str(side),
                str(kind),
                hangul,
                tuple(aliases.get(int(artist_id), ())),
                tuple(slugs[g] for g in groups.get(int(artist_id), ()) if g in slugs),
            )
            for artist_id, slug, name, side, kind, hangul in artists
        }
        songs = tuple(
            Song(
                str(slug),
                str(title),
                int(year),
                month,
                day,
                str(precision),
                tuple((slugs[a], role) for a, role in credits.get(int(collab_id), ()) if a in slugs),
                tuple(peaks.get(int(collab_id), ())),
                sources.get(int(collab_id)),
            )
            for collab_id, slug, title, year, month, day, precision in collabs
        )
        return Facts(people, songs, version)
