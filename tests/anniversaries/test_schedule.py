"""Who is due, retries and anniversary arithmetic: pure, no Discord."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.anniversaries.digest import anniversaries, is_milestone, ordinal
from bot.anniversaries.schedule import due, retry_time
from bot.catalogue.model import ReleaseDate, SongSummary
from bot.pacing import GLOBAL_LIMIT, Pacer
from bot.store.anniversaries import RETRY, SENT, AnniversarySettings, PostRecord


def _server(guild: int, zone: str | None, at: str = "09:00") -> AnniversarySettings:
    return AnniversarySettings(guild, guild * 10, dt.time.fromisoformat(at), zone, True, None, "upcoming", None)


def _post(guild: int, day: dt.date, state: str, retry_at: dt.datetime | None = None) -> PostRecord:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return PostRecord(guild, day, state, guild * 10, None, 1, retry_at, None, now)


def test_due_servers_are_those_past_their_time_without_a_post_today() -> None:
    now = dt.datetime(2026, 11, 30, 1, 0, tzinfo=dt.UTC)  # 10:00 in Seoul, 20:00 on the 29th in New York
    servers = [
        _server(1, "Asia/Seoul"),
        _server(2, "America/New_York"),
        _server(3, None, "13:00"),
        _server(4, "Asia/Seoul"),
    ]
    posts = {(4, dt.date(2026, 11, 30)): _post(4, dt.date(2026, 11, 30), SENT)}
    found = due(now, servers, posts, "UTC")
    assert [(d.settings.guild_id, d.local_date) for d in found] == [
        (2, dt.date(2026, 11, 29)),  # its 09:00 came first
        (1, dt.date(2026, 11, 30)),
    ]


def test_a_post_waiting_for_a_retry_is_due_only_when_its_time_comes() -> None:
    now = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
    day = dt.date(2026, 11, 30)
    later = {(1, day): _post(1, day, RETRY, now + dt.timedelta(minutes=1))}
    assert due(now, [_server(1, "UTC")], later, "UTC") == []
    ready = {(1, day): _post(1, day, RETRY, now)}
    assert [(d.settings.guild_id, d.attempt) for d in due(now, [_server(1, "UTC")], ready, "UTC")] == [(1, 2)]


def test_retries_back_off_and_stop_when_the_day_ends() -> None:
    zone = ZoneInfo("UTC")
    day = dt.date(2026, 11, 30)
    noon = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    delays = [(retry_time(n, noon, day, zone) or noon) - noon for n in (1, 2, 3, 4, 5, 9)]
    assert delays == sorted(delays) and delays[0] == dt.timedelta(minutes=1)
    assert retry_time(1, dt.datetime(2026, 11, 30, 23, 59, 30, tzinfo=dt.UTC), day, zone) is None


def test_ordinals_and_milestones() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"
    ]  # fmt: skip
    assert [n for n in range(1, 26) if is_milestone(n)] == [1, 5, 10, 15, 20, 25]


def _song(song_id: int, year: int, title: str) -> SongSummary:
    return SongSummary(song_id, f"s{song_id}", title, ReleaseDate(year, 11, 30), ())


def test_anniversaries_are_oldest_first_or_milestones_first() -> None:
    songs = [_song(1, 2023, "C"), _song(2, 2016, "A"), _song(3, 2021, "B"), _song(4, 2026, "this year")]
    assert [a.song.title for a in anniversaries(songs, 2026)] == ["A", "B", "C"]
    assert [a.years for a in anniversaries(songs, 2026)] == [10, 5, 3]
    songs.append(_song(5, 2014, "Z"))  # 12th: not a milestone
    assert [a.song.title for a in anniversaries(songs, 2026, milestones_first=True)] == ["A", "B", "Z", "C"]


async def test_the_pacer_spaces_starts_evenly_under_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # A frozen clock and a recording sleep: the spacing the pacer asks for, not the machine's timing, is tested.
    slept: list[float] = []

    async def record(delay: float) -> None:
        slept.append(delay)

    monkeypatch.setattr("bot.pacing.asyncio.sleep", record)
    pacer = Pacer(rate=47, clock=lambda: 100.0)
    await asyncio.gather(*(pacer.wait() for _ in range(100)))
    starts = sorted([0.0, *slept])  # the first starts at once, without sleeping
    assert starts == pytest.approx([n / 47 for n in range(100)])
    busiest = max(sum(1 for t in starts if s <= t < s + 1.0) for s in starts)  # any one-second window
    assert busiest < GLOBAL_LIMIT
