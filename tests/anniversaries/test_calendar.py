"""Dates, times, zones and post instants: DST both ways, zones without DST, the leap day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.anniversaries.calendar import (
    InputError,
    celebrated_on,
    due_date,
    parse_day,
    parse_time,
    parse_zone,
    post_instant,
    release_days_for,
    suggest_zones,
)

NINE = dt.time(9, 0)


@pytest.mark.parametrize(
    ("text", "month", "day", "year"),
    [("11-30", 11, 30, None), ("02-29", 2, 29, None), ("2024-02-29", 2, 29, 2024), (" 1-5 ", 1, 5, None)],
)
def test_days_that_exist_are_read(text: str, month: int, day: int, year: int | None) -> None:
    parsed = parse_day(text)
    assert (parsed.month, parsed.day, parsed.year) == (month, day, year)


@pytest.mark.parametrize("text", ["02-30", "13-01", "2023-02-29", "00-10", "11-31", "tomorrow", "2024/01/01", ""])
def test_days_that_do_not_exist_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(InputError):
        parse_day(text)


@pytest.mark.parametrize(("text", "hour", "minute"), [("09:00", 9, 0), ("0:05", 0, 5), ("23:59", 23, 59)])
def test_times_are_24_hour(text: str, hour: int, minute: int) -> None:
    assert parse_time(text) == dt.time(hour, minute)


@pytest.mark.parametrize("text", ["25:00", "9am", "12:60", "9", "09:00:00"])
def test_bad_times_are_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_time(text)


def test_zones_are_suggested_by_city_and_spelling() -> None:
    assert suggest_zones("seoul")[0] == "Asia/Seoul"
    assert "America/New_York" in suggest_zones("new york")
    with pytest.raises(InputError, match="Did you mean Asia/Seoul"):
        parse_zone("Asia/Seul")
    assert parse_zone("Europe/London").key == "Europe/London"


def test_a_leap_day_release_is_celebrated_on_the_28th_in_common_years() -> None:
    assert celebrated_on(2, 29, 2025) == (2, 28)
    assert celebrated_on(2, 29, 2028) == (2, 29)
    assert celebrated_on(2, 29, 2100) == (2, 28)  # not a leap year either
    assert release_days_for(dt.date(2025, 2, 28)) == [(2, 28), (2, 29)]
    assert release_days_for(dt.date(2028, 2, 28)) == [(2, 28)]


@pytest.mark.parametrize(
    ("zone", "day", "at", "utc"),
    [
        # Spring forward: 01:30 exists, 02:30 does not (posted just after the gap, still that day).
        ("America/New_York", "2026-03-08", "02:30", "2026-03-08T07:30"),
        ("Europe/London", "2026-03-29", "01:30", "2026-03-29T01:30"),
        ("Australia/Sydney", "2026-10-04", "02:30", "2026-10-03T16:30"),
        # Fall back: the first of the two 01:30s.
        ("America/New_York", "2026-11-01", "01:30", "2026-11-01T05:30"),
        ("Europe/London", "2026-10-25", "01:30", "2026-10-25T00:30"),
        ("Australia/Sydney", "2026-04-05", "02:30", "2026-04-04T15:30"),
        # No DST at all.
        ("Asia/Seoul", "2026-11-30", "09:00", "2026-11-30T00:00"),
    ],
)
def test_post_instants_across_dst(zone: str, day: str, at: str, utc: str) -> None:
    instant = post_instant(dt.date.fromisoformat(day), dt.time.fromisoformat(at), ZoneInfo(zone))
    assert instant == dt.datetime.fromisoformat(utc).replace(tzinfo=dt.UTC)
    assert instant.astimezone(ZoneInfo(zone)).date() == dt.date.fromisoformat(day)


@given(
    st.sampled_from(["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Seoul", "Pacific/Chatham"]),
    st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)),
    st.times(),
)
def test_every_local_day_has_exactly_one_post_instant_on_that_day(zone: str, day: dt.date, at: dt.time) -> None:
    tz = ZoneInfo(zone)
    instant = post_instant(day, at.replace(second=0, microsecond=0), tz)
    assert instant.astimezone(tz).date() == day
    assert post_instant(day + dt.timedelta(days=1), at.replace(second=0, microsecond=0), tz) > instant


def test_a_post_is_due_from_its_time_until_the_end_of_that_local_day() -> None:
    seoul = ZoneInfo("Asia/Seoul")
    assert due_date(dt.datetime(2026, 11, 29, 23, 59, tzinfo=dt.UTC), NINE, seoul) is None  # 08:59 KST
    assert due_date(dt.datetime(2026, 11, 30, 0, 0, tzinfo=dt.UTC), NINE, seoul) == dt.date(2026, 11, 30)
    assert due_date(dt.datetime(2026, 11, 30, 14, 59, tzinfo=dt.UTC), NINE, seoul) == dt.date(2026, 11, 30)
    # 00:30 KST the next day: the 30th is over there and never due again; the 1st is not due before 09:00.
    assert due_date(dt.datetime(2026, 11, 30, 15, 30, tzinfo=dt.UTC), NINE, seoul) is None
