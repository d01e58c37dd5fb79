"""Which collaborations and debuts have an anniversary on a day, and how each is celebrated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from bot.catalogue.model import DebutSummary, SongSummary


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def is_milestone(years: int) -> bool:
    """1st, 5th, 10th, 15th, 20th…"""
    return years == 1 or (years > 0 and years % 5 == 0)


@dataclass(frozen=True, slots=True)
class Anniversary:
    song: SongSummary
    years: int

    @property
    def milestone(self) -> bool:
        return is_milestone(self.years)

    def label(self) -> str:
        return f"{ordinal(self.years)} anniversary"


def anniversaries(songs: Iterable[SongSummary], year: int, *, milestones_first: bool = False) -> list[Anniversary]:
    """The songs released in earlier years, oldest first (milestones first when asked: the daily post)."""
    found = [Anniversary(s, year - s.released.year) for s in songs if s.released.year < year]
    found.sort(key=lambda a: (a.song.released.year, a.song.title.casefold(), a.song.id))
    if milestones_first:
        found.sort(key=lambda a: not a.milestone)  # stable: oldest first within each part
    return found


@dataclass(frozen=True, slots=True)
class DebutAnniversary:
    """A K-pop act's debut, ``years`` years on."""

    debut: DebutSummary
    years: int

    @property
    def milestone(self) -> bool:
        return is_milestone(self.years)

    def label(self) -> str:
        return f"{self.years} year{'s' if self.years != 1 else ''}"


def debut_anniversaries(
    debuts: Iterable[DebutSummary], year: int, *, milestones_first: bool = False
) -> list[DebutAnniversary]:
    """The debuts of earlier years, oldest first (milestones first when asked), as songs are ordered."""
    found = [DebutAnniversary(d, year - d.released.year) for d in debuts if d.released.year < year]
    found.sort(key=lambda a: (a.debut.released.year, a.debut.artist.name.casefold(), a.debut.artist.id))
    if milestones_first:
        found.sort(key=lambda a: not a.milestone)
    return found


@dataclass(frozen=True, slots=True)
class Upcoming:
    """An anniversary on a coming day."""

    date: dt.date
    anniversary: Anniversary


@dataclass(frozen=True, slots=True)
class UpcomingDebut:
    """A debut anniversary on a coming day."""

    date: dt.date
    debut: DebutAnniversary
