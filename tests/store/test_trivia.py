"""Trivia's SQL on a real SQLite file: one running game per channel, answers once, the ranked-points rule."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.trivia import TriviaRepository

GUILD = 1_234_567_890_123_456_789
CHANNEL = 1_234_567_890_123_456_111
ALICE, BOB = 987_654_321_098_765_432, 987_654_321_098_765_433


@pytest.fixture
async def repo(tmp_path: Path) -> AsyncIterator[TriviaRepository]:
    store = await Store.open(tmp_path / "db.sqlite3")
    await store.migrate()
    yield TriviaRepository(store.database, store.guilds, clock=lambda: dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
    await store.close()


async def start(repo: TriviaRepository, game_id: int, channel: int = CHANNEL) -> bool:
    return await repo.start(
        game_id=game_id,
        guild_id=GUILD,
        channel_id=channel,
        starter_id=ALICE,
        mode="buttons",
        difficulty="normal",
        category=None,
        rounds=5,
        seconds=20,
    )


async def answer(repo: TriviaRepository, game_id: int | None, user: int, points: int, number: int = 1) -> bool:
    return await repo.record(
        guild_id=GUILD, user_id=user, game_id=game_id, number=number, key="k", right=points > 0, points=points, streak=1
    )


async def test_of_many_simultaneous_starts_in_one_channel_exactly_one_runs(repo: TriviaRepository) -> None:
    results = await asyncio.gather(*(start(repo, game_id) for game_id in range(1, 21)))
    assert results.count(True) == 1
    assert await start(repo, 99, channel=CHANNEL + 1)  # another channel is free
    running = await repo.running_in(CHANNEL)
    assert running is not None and running.game_id == results.index(True) + 1
    await repo.end(running.game_id, "finished")
    assert await start(repo, 100)  # the channel is free once the game ended


async def test_an_answer_is_written_once_and_a_quiz_once_per_key(repo: TriviaRepository) -> None:
    await start(repo, 1)
    assert await answer(repo, 1, ALICE, 100)
    assert not await answer(repo, 1, ALICE, 50)
    assert await answer(repo, None, ALICE, 0)
    assert not await answer(repo, None, ALICE, 0)
    stats = await repo.stats(GUILD, ALICE)
    assert (stats.games, stats.answered, stats.points) == (1, 2, 100)


async def test_solo_games_count_in_stats_but_not_in_the_ranked_leaderboard(repo: TriviaRepository) -> None:
    await start(repo, 1)
    await answer(repo, 1, ALICE, 900)  # alone
    await repo.end(1, "finished")
    await start(repo, 2)
    await answer(repo, 2, ALICE, 10)
    await answer(repo, 2, BOB, 20)
    board = await repo.leaderboard(GUILD, ALICE, None)
    assert [(s.user_id, s.points, s.rank) for s in board.top] == [(BOB, 20, 1), (ALICE, 10, 2)]
    assert board.caller is not None and board.caller.rank == 2
    assert (await repo.stats(GUILD, ALICE)).points == 910


async def test_games_left_running_are_marked_abandoned_once(repo: TriviaRepository) -> None:
    await start(repo, 1)
    await start(repo, 2, channel=CHANNEL + 1)
    abandoned = await repo.abandon_running()
    assert sorted(g.game_id for g in abandoned) == [1, 2]
    assert await repo.abandon_running() == []
    assert await repo.running_in(CHANNEL) is None
