"""What trivia knows of the catalogue: a plain snapshot of its songs and artists, built once per catalogue version.

The generator asks only what these facts prove, so every question it makes can be checked against the catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import median

from bot.catalogue.model import PERFORMER_ROLES, Catalogue, without_credits
from bot.normalise import normalise


def bare_title(title: str) -> str:
    """The title a prompt shows: without its credits, which could give the answer away."""
    return without_credits(title)


def base_title(title: str) -> str:
    """ "Seven (feat. Latto)" and "Seven (Explicit Ver.)" -> "seven": the song, whatever the version or credits."""
    cut = len(title)
    for opener in ("(", "[", " - "):
        index = title.find(opener)
        if index > 0:
            cut = min(cut, index)
    return normalise(title[:cut]) or normalise(title)


@dataclass(frozen=True, slots=True)
class Person:
    slug: str
    name: str
    side: str  # "kpop" or "international"
    kind: str  # group, member, singer, rapper…
    hangul: str | None = None
    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # slugs of the groups (or sub-units) the artist is a member of

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a player may type for this artist."""
        return tuple(dict.fromkeys((self.name, *self.aliases, *((self.hangul,) if self.hangul else ()))))


@dataclass(frozen=True, slots=True)
class Song:
    slug: str
    title: str
    year: int
    month: int | None
    day: int | None
    precision: str
    credits: tuple[tuple[str, str], ...]  # (artist slug, role), in credit order
    peaks: tuple[tuple[str, int], ...] = ()  # (chart, peak)
    source: str | None = None  # the first source's URL: where the "why" line comes from

    @property
    def performers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(slug for slug, role in self.credits if role in PERFORMER_ROLES))

    @property
    def everyone(self) -> frozenset[str]:
        return frozenset(slug for slug, _ in self.credits)

    @property
    def base(self) -> str:
        return base_title(self.title)

    def date_text(self) -> str:
        """The release date at the record's precision, never more precise than that."""
        if self.precision == "day" and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision in ("day", "month") and self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return str(self.year)


@dataclass(slots=True)
class Facts:
    people: dict[str, Person]
    songs: tuple[Song, ...]
    version: str = ""
    _by_artist: dict[str, list[Song]] = field(default_factory=dict, repr=False)
    _members: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _eras: dict[str, float] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_artist: dict[str, list[Song]] = defaultdict(list)
        for song in self.songs:
            for slug in song.everyone:
                by_artist[slug].append(song)
        self._by_artist = dict(by_artist)
        members: dict[str, set[str]] = defaultdict(set)
        for person in self.people.values():
            for group in person.groups:
                members[group].add(person.slug)
        self._members = dict(members)

    def songs_of(self, slug: str) -> list[Song]:
        """Every song crediting ``slug`` in any role."""
        return self._by_artist.get(slug, [])

    def performed_by(self, slug: str) -> list[Song]:
        return [song for song in self.songs_of(slug) if slug in song.performers]

    def family(self, slug: str) -> set[str]:
        """The artist, the groups it belongs to (and theirs), and the members of each of those: one act."""
        found = {slug}
        stack = [slug]
        while stack:
            current = stack.pop()
            person = self.people.get(current)
            linked = set(person.groups if person else ()) | self._members.get(current, set())
            for other in linked - found:
                found.add(other)
                stack.append(other)
        return found

    def partners(self, slugs: Iterable[str]) -> set[str]:
        """Everyone who performs on a song that one of ``slugs`` performs on (``slugs`` themselves excluded)."""
        chosen = set(slugs)
        found: set[str] = set()
        for slug in chosen:
            for song in self.performed_by(slug):
                found.update(song.performers)
        return found - chosen

    def era(self, slug: str) -> float:
        """The median year of the artist's songs: "the same era" for hard distractors."""
        era = self._eras.get(slug)
        if era is None:
            years = [song.year for song in self.songs_of(slug)]
            era = self._eras[slug] = float(median(years)) if years else 0.0
        return era

    def label(self, slug: str) -> str:
        """ "Jung Kook (BTS)" for a member, the name otherwise: how an option names an artist."""
        person = self.people[slug]
        groups = [self.people[g].name for g in person.groups if g in self.people]
        return f"{person.name} ({', '.join(groups)})" if groups else person.name

    def credit_line(self, song: Song) -> str:
        return ", ".join(self.people[slug].name for slug in song.performers if slug in self.people)


def facts_from_catalogue(catalogue: Catalogue) -> Facts:
    """The same snapshot the bot reads from its store, built from the catalogue files (tests, ``check``)."""
    people = {
        a.slug: Person(a.slug, a.name, a.side, a.kind, a.hangul, a.aliases, tuple(m.group for m in a.member_of))
        for a in catalogue.artists
    }
    songs = tuple(
        Song(
            c.slug,
            c.title,
            c.released.year,
            c.released.month,
            c.released.day,
            c.released.precision,
            tuple((credit.artist, credit.role) for credit in c.credits),
            tuple((peak.chart, peak.peak) for peak in c.chart_peaks),
            next((s.url for s in c.sources if s.url.startswith(("http://", "https://"))), None),
        )
        for c in catalogue.collabs
    )
    return Facts(people, songs, catalogue.content_hash)
