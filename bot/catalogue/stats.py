"""Figures about a catalogue, for ``python -m bot check`` and the README."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.catalogue.model import PERFORMER_ROLES, Artist, Catalogue, Collab

LEAP_YEAR = 2024  # any leap year: its 366 days are every calendar day, 29 February included
CALENDAR_DAYS = tuple((day.month, day.day) for day in (dt.date(LEAP_YEAR, 1, 1) + dt.timedelta(n) for n in range(366)))


@dataclass(frozen=True, slots=True)
class CatalogueStats:
    collabs: int
    artists: int
    kpop_acts: int
    first_year: int | None
    last_year: int | None
    day_precise: int
    both_sides: int = 0  # collaborations with a performer (primary, featured, with, remixer) on each side
    covered_days: int = 0  # calendar days (of 366) with a day-precise collaboration or debut
    empty_days: tuple[str, ...] = ()  # the others, as MM-DD
    debuts: int = 0  # K-pop acts (of ``kpop_acts``) with a debut record
    missing_debuts: tuple[str, ...] = ()  # the K-pop acts without one, by id

    @property
    def day_share(self) -> float:
        return self.day_precise / self.collabs if self.collabs else 0.0


def top_level_acts(artists: dict[str, Artist], slug: str) -> set[str]:
    """The groups (or the soloist itself) an artist counts under: a member counts with their group."""
    seen: set[str] = set()
    roots: set[str] = set()
    stack = [slug]
    while stack:
        current = stack.pop()
        if current in seen or current not in artists:
            continue
        seen.add(current)
        groups = [m.group for m in artists[current].member_of if m.group in artists]
        if groups:
            stack.extend(groups)
        else:
            roots.add(current)
    return roots


def performers_on_both_sides(collab: Collab) -> bool:
    """A K-pop act and an international one both perform on it; a writer or producer credit alone does not count."""
    return {credit.side for credit in collab.credits if credit.role in PERFORMER_ROLES} == {"kpop", "international"}


def covered_days(catalogue: Catalogue) -> set[tuple[int, int]]:
    """The (month, day) calendar days with an anniversary: a day-precise collaboration or debut (29 February too)."""
    dates = [collab.released for collab in catalogue.collabs] + [debut.released for debut in catalogue.debuts]
    return {(date.month, date.day) for date in dates if date.month is not None and date.day is not None}


def catalogue_stats(catalogue: Catalogue) -> CatalogueStats:
    artists = {artist.slug: artist for artist in catalogue.artists}
    acts: set[str] = set()
    for collab in catalogue.collabs:
        for credit in collab.credits:
            if credit.side == "kpop":
                acts |= top_level_acts(artists, credit.artist)
    years = [collab.released.year for collab in catalogue.collabs]
    covered = covered_days(catalogue)
    with_debut = {debut.artist for debut in catalogue.debuts}
    return CatalogueStats(
        collabs=len(catalogue.collabs),
        artists=len(catalogue.artists),
        kpop_acts=len(acts),
        first_year=min(years, default=None),
        last_year=max(years, default=None),
        day_precise=sum(1 for collab in catalogue.collabs if collab.released.precision == "day"),
        both_sides=sum(1 for collab in catalogue.collabs if performers_on_both_sides(collab)),
        covered_days=len(covered),
        empty_days=tuple(f"{month:02d}-{day:02d}" for month, day in CALENDAR_DAYS if (month, day) not in covered),
        debuts=len(acts & with_debut),
        missing_debuts=tuple(sorted(acts - with_debut)),
    )
