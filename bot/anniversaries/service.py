"""Anniversaries read from the catalogue: a day's, the coming days', and the next one after a quiet day.

A day has two kinds: collaborations released that day, and K-pop acts' debuts. Either makes it a day to celebrate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.anniversaries.calendar import celebrated_on, release_days_for
from bot.anniversaries.digest import (
    Anniversary,
    DebutAnniversary,
    Upcoming,
    UpcomingDebut,
    anniversaries,
    debut_anniversaries,
)
from bot.store.catalogue import CatalogueReader

SEARCH_AHEAD = 366  # days: every calendar day is looked at once
COMING_UP = 7  # days a quiet day's post looks ahead


@dataclass(frozen=True, slots=True)
class DayListing:
    """``/onthisday``: a day's anniversaries (songs, then debuts), and when there is none, the next one to come."""

    items: list[Anniversary]
    next_up: Upcoming | UpcomingDebut | None
    debuts: list[DebutAnniversary] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Digest:
    """The daily post's content: the day's anniversaries (milestones first), or on a quiet day what is coming."""

    items: list[Anniversary]
    coming: list[Upcoming]
    debuts: list[DebutAnniversary] = field(default_factory=list)
    coming_debuts: list[UpcomingDebut] = field(default_factory=list)

    @property
    def quiet(self) -> bool:
        """No collaboration and no debut to celebrate: the day a server may choose to skip."""
        return not self.items and not self.debuts


class Anniversaries:
    def __init__(self, reader: CatalogueReader) -> None:
        self.reader = reader

    async def on(self, day: dt.date, *, milestones_first: bool = False) -> list[Anniversary]:
        """The collaborations whose anniversary ``day`` is (released in an earlier year)."""
        songs = await self.reader.songs_on(release_days_for(day))
        return anniversaries(songs, day.year, milestones_first=milestones_first)

    async def debuts_on(self, day: dt.date, *, milestones_first: bool = False) -> list[DebutAnniversary]:
        """The K-pop acts whose debut anniversary ``day`` is (day-precise debuts of earlier years only)."""
        debuts = await self.reader.debuts_on(release_days_for(day))
        return debut_anniversaries(debuts, day.year, milestones_first=milestones_first)

    async def on_calendar_day(self, month: int, day: int, year: int) -> list[Anniversary]:
        """``/onthisday MM-DD``: the songs released on that calendar day before ``year`` (29 February as itself)."""
        songs = await self.reader.songs_on([(month, day)])
        return anniversaries(songs, year)

    async def listing(self, month: int, day: int, year: int) -> DayListing:
        """What is celebrated on ``month``-``day`` of ``year``; 29 February lists its own songs and debuts, any year."""
        if (month, day) == (2, 29):
            items = await self.on_calendar_day(2, 29, year)
            debuts = debut_anniversaries(await self.reader.debuts_on([(2, 29)]), year)
            after = dt.date(year, 2, 28)  # 29 February may not exist in ``year``
        else:
            after = dt.date(year, month, day)
            items = await self.on(after)
            debuts = await self.debuts_on(after)
        quiet = not items and not debuts
        return DayListing(items, await self.next_after(after) if quiet else None, debuts)

    async def digest(self, day: dt.date) -> Digest:
        items = await self.on(day, milestones_first=True)
        debuts = await self.debuts_on(day, milestones_first=True)
        if items or debuts:
            return Digest(items, [], debuts)
        start = day + dt.timedelta(days=1)
        return Digest([], await self.upcoming(start, COMING_UP), [], await self.upcoming_debuts(start, COMING_UP))

    async def upcoming(self, start: dt.date, days: int) -> list[Upcoming]:
        """Anniversaries from ``start`` on for ``days`` days, by date."""
        found: list[Upcoming] = []
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            found += [Upcoming(day, a) for a in await self.on(day)]
        return found

    async def upcoming_debuts(self, start: dt.date, days: int) -> list[UpcomingDebut]:
        """Debut anniversaries from ``start`` on for ``days`` days, by date."""
        found: list[UpcomingDebut] = []
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            found += [UpcomingDebut(day, d) for d in await self.debuts_on(day)]
        return found

    async def next_after(self, day: dt.date) -> Upcoming | UpcomingDebut | None:
        """The first anniversary after ``day``: the soonest day that has one, then its oldest song, else its debut."""
        days = await self.reader.release_days() | await self.reader.debut_days()
        if not days:
            return None
        for offset in range(1, SEARCH_AHEAD + 1):
            candidate = day + dt.timedelta(days=offset)
            if any(celebrated_on(m, d, candidate.year) == (candidate.month, candidate.day) for m, d in days):
                if found := await self.on(candidate):
                    return Upcoming(candidate, found[0])
                if debuts := await self.debuts_on(candidate):
                    return UpcomingDebut(candidate, debuts[0])
        return None
