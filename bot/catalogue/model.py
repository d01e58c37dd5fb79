"""Catalogue records as the rest of the code sees them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

SIDES = ("kpop", "international")
ROLES = ("primary", "featured", "with", "remixer", "producer")
PRECISIONS = ("day", "month", "year")
KINDS = ("single", "remix", "OST", "album track", "soundtrack", "feature")
DATE_BASES = ("single", "album", "music video")
# The zone of a stored calendar date, as its source gives it: Korea, Japan, US Eastern/Pacific, "US" when a source only
# says "US date", United Kingdom, China, Brazil. "On this day" compares dates, so the zone says whose day it is.
DATE_ZONES = ("KST", "JST", "ET", "PT", "US", "UK", "CST", "BRT")
ARTIST_KINDS = (
    "group",
    "sub-unit",
    "member",
    "soloist",
    "band",
    "rapper",
    "singer",
    "duo",
    "DJ/producer",
    "producer",
    "composer",
    "actor",
    "orchestra",
)


# Credits that perform on the recording (a producer or writer credit does not): "recorded with", one song's identity.
PERFORMER_ROLES = frozenset({"primary", "featured", "with", "remixer"})
# A bracketed credit part anywhere in a title: "(feat. Halsey)", "[with Anitta]", "(Prod. by Pharrell Williams)".
# Version markers ("(Remix)", "(Korean Version)", "[Japanese Ver.]") are not credits: they name another recording.
_CREDIT_PART = re.compile(r"[(\[]\s*(?:feat\.?|ft\.|featuring|with|prod\.?)\s[^)\]]*[)\]]", re.IGNORECASE)
# An unbracketed trailing credit, up to the next bracket: "BUMP BUMP! feat. VERBAL (m-flo)" -> "BUMP BUMP! (m-flo)".
_TRAILING_CREDIT = re.compile(r"\s(?:feat\.|ft\.|featuring)\s[^(\[]*", re.IGNORECASE)  # "Feat of…" is a title


def without_credits(title: str) -> str:
    """ "Seven (feat. Latto) (Clean Ver.)" -> "Seven (Clean Ver.)": the title without its credit parts."""
    bare = " ".join(_TRAILING_CREDIT.sub(" ", _CREDIT_PART.sub(" ", title)).split())
    return bare or title


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    fact: str


@dataclass(frozen=True, slots=True)
class Membership:
    group: str  # slug of the group
    since: int | None = None
    until: int | None = None


@dataclass(frozen=True, slots=True)
class Artist:
    slug: str
    name: str
    side: str
    kind: str
    hangul: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()
    member_of: tuple[Membership, ...] = ()
    sources: tuple[Source, ...] = ()
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Credit:
    artist: str  # slug
    side: str
    role: str


@dataclass(frozen=True, slots=True)
class ChartPeak:
    chart: str
    peak: int
    date: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class ReleaseDate:
    """A date known to a precision: ``2024-10-18`` (day), ``2019-07`` (month) or ``2024`` (year)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        if self.day is not None and self.month is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def as_date(self) -> dt.date | None:
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    @classmethod
    def parse(cls, text: str, precision: str, key: str = "release_date") -> ReleaseDate:
        """Parse ``text`` written to ``precision``; raises ``ValueError`` with a readable reason naming ``key``."""
        parts = text.split("-")
        expected = {"day": 3, "month": 2, "year": 1}.get(precision)
        if expected is None:
            raise ValueError(f"precision {precision!r} is not one of {', '.join(PRECISIONS)}")
        if len(parts) != expected or not all(p.isdigit() for p in parts):
            shape = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}[precision]
            raise ValueError(f"{key} {text!r} is not {shape} (precision {precision})")
        year = int(parts[0])
        month = int(parts[1]) if expected >= 2 else None
        day = int(parts[2]) if expected == 3 else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{key} {text!r} has no month {month}")
        if day is not None:
            try:
                dt.date(year, month or 1, day)
            except ValueError:
                raise ValueError(f"{key} {text!r} is not a real day") from None
        return cls(year, month, day)


@dataclass(frozen=True, slots=True)
class Collab:
    slug: str
    title: str
    credits: tuple[Credit, ...]
    released: ReleaseDate
    kind: str | None  # None where no source says whether it was a single, an album track…
    sources: tuple[Source, ...]
    date_basis: str | None = None
    date_zone: str | None = None
    release: str | None = None
    genres: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    chart_peaks: tuple[ChartPeak, ...] = ()
    youtube: str | None = None
    official: tuple[str, ...] = ()
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Debut:
    """A K-pop act's first official release as that act (``debuts.yaml``): what its debut anniversary celebrates."""

    artist: str  # slug of a K-pop group or soloist, never of a member-only record
    released: ReleaseDate
    release: str  # the debut title song, as officially styled
    sources: tuple[Source, ...]
    album: str | None = None
    date_zone: str | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Catalogue:
    artists: tuple[Artist, ...] = ()
    collabs: tuple[Collab, ...] = ()
    debuts: tuple[Debut, ...] = ()
    content_hash: str = ""
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems


# ---------------------------------------------------------------------------------------------- read models
@dataclass(frozen=True, slots=True)
class Term:
    """A searchable name (normalised) of a song or an artist."""

    term: str
    kind: str  # "song" or "artist"
    entity_id: int
    weight: int


@dataclass(frozen=True, slots=True)
class ArtistRef:
    id: int
    slug: str
    name: str
    side: str
    country: str | None = None
    groups: tuple[str, ...] = ()  # names of the groups the artist belongs to

    @property
    def label(self) -> str:
        """ "ROSÉ (BLACKPINK)" for a member, the name otherwise."""
        return f"{self.name} ({', '.join(self.groups)})" if self.groups else self.name


@dataclass(frozen=True, slots=True)
class CreditLine:
    artist: ArtistRef
    role: str


@dataclass(frozen=True, slots=True)
class SongSummary:
    id: int
    slug: str
    title: str
    released: ReleaseDate
    credits: tuple[CreditLine, ...]

    def artists(self, side: str | None = None) -> list[ArtistRef]:
        return [c.artist for c in self.credits if side is None or c.artist.side == side]


@dataclass(frozen=True, slots=True)
class SongDetail:
    summary: SongSummary
    kind: str | None
    release: str | None
    date_basis: str | None
    date_zone: str | None
    genres: tuple[str, ...]
    languages: tuple[str, ...]
    chart_peaks: tuple[ChartPeak, ...]
    youtube: str | None
    official: tuple[str, ...]
    sources: tuple[Source, ...]
    notes: str | None


@dataclass(frozen=True, slots=True)
class ArtistDetail:
    artist: ArtistRef
    kind: str
    hangul: str | None
    aliases: tuple[str, ...]
    groups: tuple[ArtistRef, ...]
    members: tuple[ArtistRef, ...]
    collab_count: int
    partners: tuple[ArtistRef, ...]  # artists on the other side of their collaborations, most frequent first


@dataclass(frozen=True, slots=True)
class DebutSummary:
    """A debut as the anniversary features read it back: the act, when, and with what."""

    artist: ArtistRef
    released: ReleaseDate
    release: str
    album: str | None = None


@dataclass(frozen=True, slots=True)
class ArtistCollab:
    """One collaboration in an artist's list; ``via`` names the member it came through, if any."""

    song: SongSummary
    via: ArtistRef | None
