"""Dates, times and time zones as moderators and fans type them, and when a server's daily post is due.

Everything here is pure and takes "now" as an argument, so the scheduler, the commands and the tests share one clock.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from dataclasses import dataclass

from rapidfuzz import fuzz, process

DEFAULT_POST_TIME = dt.time(9, 0)
_DATE = re.compile(r"^\s*(?:(\d{4})-)?(\d{1,2})-(\d{1,2})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
LEAP_YEAR = 2024  # any leap year: "MM-DD" alone is a calendar day that may be 29 February


class InputError(ValueError):
    """What the user typed cannot be used; ``str(error)`` says what would work."""


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """A day of the calendar, with the year when one was given (``2024-02-29``) or without (``02-29``)."""

    month: int
    day: int
    year: int | None = None


def parse_day(text: str) -> CalendarDay:
    """``MM-DD`` or ``YYYY-MM-DD``; a day that does not exist is refused with what would work."""
    match = _DATE.match(text)
    if match is None:
        raise InputError(f"“{text.strip()[:40]}” is not a date: use MM-DD (11-30) or YYYY-MM-DD (2024-11-30).")
    year = int(match.group(1)) if match.group(1) else None
    month, day = int(match.group(2)), int(match.group(3))
    if not 1 <= month <= 12:
        raise InputError(f"There is no month {month}: months go from 01 to 12 (e.g. 11-30).")
    try:
        dt.date(year or LEAP_YEAR, month, day)
    except ValueError:
        if year is not None and (month, day) == (2, 29):
            raise InputError(f"{year} is not a leap year, so it has no 29 February (try {year}-02-28).") from None
        last = (dt.date(LEAP_YEAR + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
        raise InputError(f"{dt.date(LEAP_YEAR, month, 1):%B} has {last} days at most.") from None
    if year is not None and not 1900 <= year <= 2100:
        raise InputError("Give a year between 1900 and 2100.")
    return CalendarDay(month, day, year)


def parse_time(text: str) -> dt.time:
    """24-hour ``HH:MM``."""
    match = _TIME.match(text)
    if match is None:
        raise InputError(f"“{text.strip()[:20]}” is not a time: use 24-hour HH:MM, e.g. 09:00 or 18:30.")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise InputError(f"“{text.strip()}” is not a time of day: hours go 00–23 and minutes 00–59 (e.g. 09:00).")
    return dt.time(hour, minute)


@functools.cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name tzdata knows, without the legacy aliases people should not pick."""
    names = zoneinfo.available_timezones()
    regional = sorted(n for n in names if "/" in n and not n.startswith(("Etc/", "SystemV/", "US/")))
    return (*regional, "UTC")


def suggest_zones(text: str, limit: int = 25) -> list[str]:
    """Zones for autocomplete: prefix and city matches first, then close spellings ("seoul", "new york", "paris")."""
    query = text.strip().replace(" ", "_").lower()
    names = zone_names()
    if not query:
        return list(names[:limit])
    starts = [n for n in names if n.lower().startswith(query) or n.split("/")[-1].lower().startswith(query)]
    if len(starts) >= limit:
        return starts[:limit]
    close = process.extract(query, names, scorer=fuzz.WRatio, limit=limit, processor=str.lower)
    return list(dict.fromkeys([*starts, *(name for name, score, _ in close if score >= 60)]))[:limit]


def parse_zone(text: str) -> zoneinfo.ZoneInfo:
    name = text.strip()
    if name in zone_names() or name in zoneinfo.available_timezones():
        return zoneinfo.ZoneInfo(name)
    near = suggest_zones(name, 1)
    hint = f" Did you mean {near[0]}?" if near else ""
    raise InputError(f"“{name[:40]}” is not a time zone I know.{hint} Use an IANA name like Asia/Seoul.")


def zone_or(name: str | None, default: str) -> zoneinfo.ZoneInfo:
    """A server's zone, else the bot's default; UTC if tzdata no longer knows either (the post must still go out)."""
    for candidate in (name, default):
        if candidate:
            try:
                return zoneinfo.ZoneInfo(candidate)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                continue
    return zoneinfo.ZoneInfo("UTC")


def day_label(month: int, day: int) -> str:
    """ "30 November": a calendar day without its year (29 February included)."""
    return f"{day} {dt.date(LEAP_YEAR, month, 1):%B}"


def celebrated_on(month: int, day: int, year: int) -> tuple[int, int]:
    """The day a release on ``month``-``day`` is celebrated in ``year``: 29 February on the 28th in common years."""
    if (month, day) == (2, 29) and not _leap(year):
        return 2, 28
    return month, day


def release_days_for(local: dt.date) -> list[tuple[int, int]]:
    """The release days whose anniversary falls on ``local`` (28 February also stands for 29 in common years)."""
    days = [(local.month, local.day)]
    if (local.month, local.day) == (2, 28) and not _leap(local.year):
        days.append((2, 29))
    return days


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def post_instant(local: dt.date, at: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The UTC instant of ``at`` on ``local`` in ``zone``.

    In a DST gap (02:30 on a spring-forward day does not exist) it is the same wall-clock time read with the offset
    before the change, which lands just after the gap: still that day. In a repeated hour (autumn) it is the first of
    the two. Either way one instant per local day, so a server posts exactly once.
    """
    wall = dt.datetime.combine(local, at).replace(tzinfo=zone, fold=0)
    return wall.astimezone(dt.UTC)


def local_today(now: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.date:
    return now.astimezone(zone).date()


def due_date(now: dt.datetime, at: dt.time, zone: zoneinfo.ZoneInfo) -> dt.date | None:
    """The local date whose post is due at ``now``: today there, once its post time has passed; else None.

    A bot that was down at post time posts when it is back, while it is still that day there; a day wholly missed is
    never due again (no flood of stale posts after downtime).
    """
    today = local_today(now, zone)
    return today if post_instant(today, at, zone) <= now else None


def next_post(now: dt.datetime, at: dt.time, zone: zoneinfo.ZoneInfo, posted_today: bool) -> dt.datetime:
    """When the next post will go out: today's if it is still to come (or due and not yet sent), else tomorrow's."""
    today = local_today(now, zone)
    instant = post_instant(today, at, zone)
    if not posted_today:
        return max(instant, now) if instant <= now else instant
    return post_instant(today + dt.timedelta(days=1), at, zone)
