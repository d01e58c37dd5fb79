"""Anniversaries read from the catalogue: a day's, the coming days', and the next one after a quiet day."""

from __future__ import annotations

import datetime as dt

from bot.anniversaries.calendar import LEAP_YEAR, celebrated_on, release_days_for
from bot.anniversaries.digest import Anniversary, Upcoming, anniversaries
from bot.store.catalogue import CatalogueReader

SEARCH_AHEAD = 366  # days: every calendar day is looked at once


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


def label(day: dt.date) -> str:
    return f"{day.day} {dt.date(LEAP_YEAR, day.month, 1):%B}"
