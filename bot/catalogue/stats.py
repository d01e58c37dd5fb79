"""Figures about a catalogue, for ``python -m bot check`` and the README."""

from __future__ import annotations

from dataclasses import dataclass

from bot.catalogue.model import Artist, Catalogue


@dataclass(frozen=True, slots=True)
class CatalogueStats:
    collabs: int
    artists: int
    kpop_acts: int
    first_year: int | None
    last_year: int | None
    day_precise: int

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


def catalogue_stats(catalogue: Catalogue) -> CatalogueStats:
    artists = {artist.slug: artist for artist in catalogue.artists}
    acts: set[str] = set()
    for collab in catalogue.collabs:
        for credit in collab.credits:
            if credit.side == "kpop":
                acts |= top_level_acts(artists, credit.artist)
    years = [collab.released.year for collab in catalogue.collabs]
    return CatalogueStats(
        collabs=len(catalogue.collabs),
        artists=len(catalogue.artists),
        kpop_acts=len(acts),
        first_year=min(years, default=None),
        last_year=max(years, default=None),
        day_precise=sum(1 for collab in catalogue.collabs if collab.released.precision == "day"),
    )
