"""Anniversaries read from the catalogue: a day's, the coming days', and the next one after a quiet day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.anniversaries.calendar import celebrated_on, release_days_for
from bot.anniversaries.digest import Anniversary, Upcoming, anniversaries
from bot.store.catalogue import CatalogueReader

SEARCH_AHEAD = 366  # days: every calendar day is looked at once
COMING_UP = 7  # days a quiet day's post looks ahead


@dataclass(frozen=True, slots=True)
class DayListing:
    """``/onthisday``: a day's anniversaries, and when there is none, the next one to come."""

    items: list[Anniversary]
    next_up: Upcoming | None


@dataclass(frozen=True, slots=True)
class Digest:
    """The daily post's content: the day's anniversaries (milestones first), or on a quiet day what is coming."""

    items: list[Anniversary]
    coming: list[Upcoming]


class Anniversaries:
    def __init__(self, reader: CatalogueReader) -> None:
        self.reader = reader

    async def on(self, day: dt.date, *, milestones_first: bool = False) -> list[Anniversary]:
        """The collaborations whose anniversary ``day`` is (released in an earlier year)."""
        songs = await self.reader.songs_on(release_days_for(day))
        return anniversaries(songs, day.year, milestones_first=milestones_first)

    async def on_calendar_day(self, month: int, day: int, year: int) -> list[Anniversary]:
        """``/onthisday MM-DD``: the songs released on that calendar day before ``year`` (29 February as itself)."""
        songs = await self.reader.songs_on([(month, day)])
        return anniversaries(songs, year)

    async def listing(self, month: int, day: int, year: int) -> DayListing:
        """The songs celebrated on ``month``-``day`` of ``year``; 29 February lists its own songs, any year."""
        if (month, day) == (2, 29):
            items = await self.on_calendar_day(2, 29, year)
            after = dt.date(year, 2, 28)  # 29 February may not exist in ``year``
        else:
            after = dt.date(year, month, day)
            items = await self.on(after)
        return DayListing(items, None if items else await self.next_after(after))

    async def digest(self, day: dt.date) -> Digest:
        items = await self.on(day, milestones_first=True)
        coming = [] if items else await self.upcoming(day + dt.timedelta(days=1), COMING_UP)
        return Digest(items, coming)

    async def upcoming(self, start: dt.date, days: int) -> list[Upcoming]:
        """Anniversaries from ``start`` on for ``days`` days, by date."""
        found: list[Upcoming] = []
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            found += [Upcoming(day, a) for a in await self.on(day)]
        return found

    async def next_after(self, day: dt.date) -> Upcoming | None:
        """The first anniversary after ``day`` (the soonest day that has one, then its oldest song)."""
        release_days = await self.reader.release_days()
        if not release_days:
            return None
        for offset in range(1, SEARCH_AHEAD + 1):
            candidate = day + dt.timedelta(days=offset)
            if any(celebrated_on(m, d, candidate.year) == (candidate.month, candidate.day) for m, d in release_days):
                found = await self.on(candidate)
                if found:
                    return Upcoming(candidate, found[0])
        return None
