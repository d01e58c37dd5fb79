"""Which collaborations have an anniversary on a day, and how each is celebrated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from bot.catalogue.model import SongSummary


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
class Upcoming:
    """An anniversary on a coming day."""

    date: dt.date
    anniversary: Anniversary
