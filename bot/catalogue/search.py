"""Ranking of search matches (exact > prefix > word > fuzzy), typo correction, and how a search lists the songs of
the artist it names, best known first. Pure: no I/O."""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.catalogue.hangul import Range, completions, within
from bot.catalogue.model import ReleaseDate, Term


class Tier(enum.IntEnum):
    EXACT = 0
    PREFIX = 1
    WORD = 2
    FUZZY = 3


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str
    entity_id: int
    tier: Tier
    weight: int
    term: str
    corrected: Tier = Tier.EXACT  # for a typo-tolerant hit: how the term matches the query once corrected


def tier_of(query: str, term: str, unfinished: Sequence[Range] = ()) -> Tier:
    """How ``term`` matches the normalised ``query`` (``unfinished``: what a half-typed Hangul ending may become)."""
    if term == query:
        return Tier.EXACT
    if term.startswith(query) or within(term, unfinished):
        return Tier.PREFIX
    term_words = term.split(" ")
    if all(any(word.startswith(q) for word in term_words) for q in query.split(" ")):
        return Tier.WORD
    return Tier.FUZZY


def rank(
    query: str,
    terms: Iterable[Term],
    *,
    fuzzy: Iterable[Term] = (),
    limit: int | None = None,
    unfinished: Sequence[Range] | None = None,
    corrected: Sequence[str] = (),
) -> list[Hit]:
    """One hit per song or artist, best first: by tier, then weight (popularity), then shorter names.

    Typo-tolerant hits (``fuzzy``, found for the ``corrected`` spellings of the query) come last, those matching a
    corrected spelling whole first: "jung kok" puts the artist Jung Kook before songs with "Jung Kook" in their title.
    """
    best: dict[tuple[str, int], Hit] = {}

    def offer(term: Term, tier: Tier, corrected: Tier = Tier.EXACT) -> None:
        key = (term.kind, term.entity_id)
        hit = Hit(term.kind, term.entity_id, tier, term.weight, term.term, corrected)
        current = best.get(key)
        if current is None or (tier, corrected, len(hit.term)) < (
            current.tier,
            current.corrected,
            len(current.term),
        ):
            best[key] = hit

    if unfinished is None:
        unfinished = completions(query)
    for term in terms:
        offer(term, tier_of(query, term.term, unfinished))
    for term in fuzzy:
        offer(term, Tier.FUZZY, min((tier_of(c, term.term) for c in corrected), default=Tier.FUZZY))
    hits = sorted(
        best.values(), key=lambda h: (h.tier, h.corrected, -h.weight, len(h.term), h.term, h.kind, h.entity_id)
    )
    return hits if limit is None else hits[:limit]


# ---------------------------------------------------------------------------------------------- an artist's songs
@dataclass(frozen=True, slots=True)
class Renown:
    """What the catalogue says about how well known a song is."""

    song_id: int
    title: str
    released: ReleaseDate
    best_peak: int | None  # the best (lowest) chart position of any chart it entered; None: no chart peak recorded
    charts: int  # how many charts it entered
    linked: bool  # it has a video or an official link


def renown_key(song: Renown) -> tuple[bool, int, int, bool, int, int, int, str, int]:
    """Best known first: charted before uncharted, by best peak (a No. 1 first), then more charts entered, then a song
    with a video or official link, then the newest release (an undated month or day counts as its start), then title.
    """
    released = song.released
    return (
        song.best_peak is None,
        song.best_peak or 0,
        -song.charts,
        not song.linked,
        -released.year,
        -(released.month or 0),
        -(released.day or 0),
        song.title.casefold(),
        song.song_id,
    )


def best_known(songs: Iterable[Renown]) -> list[int]:
    """Song ids, best known first (see :func:`renown_key`)."""
    return [song.song_id for song in sorted(songs, key=renown_key)]


def named_artists(hits: Sequence[Hit], spellings: Collection[str], most: int = 3) -> list[Hit]:
    """The artists the query names whole: their name, an alias or Hangul name is the query, or the query with its typos
    corrected (``spellings``). A query that is only the start of a name ("bru") names no one."""
    return [hit for hit in hits if hit.kind == "artist" and hit.term in spellings][:most]


@dataclass(frozen=True, slots=True)
class Listed:
    """One line of a search's results: a match, or (``under`` set) a song listed under the artist the query named."""

    kind: str
    entity_id: int
    tier: Tier
    under: int | None = None


def listing(hits: Sequence[Hit], sections: Mapping[int, Sequence[int]], *, limit: int, least: int) -> list[Listed]:
    """The search's results with each named artist's songs right after the artist.

    ``sections`` maps a named artist to all its songs (a group's members' included), best known first. After the
    artist come first its songs that the query also matched by title, in their order among the matches, then its
    other songs, best known first. Every other match keeps its order; no song is listed twice. The artists' songs
    have the room the other title and name matches leave (typo-tolerant guesses give way first), but always at least
    ``least``; the whole list is cut at ``limit``.
    """
    matched = {hit.entity_id for hit in hits if hit.kind == "song"}
    strong = sum(1 for hit in hits if hit.tier < Tier.FUZZY)
    room = max(limit - strong, least)
    claimed: set[int] = set()  # songs already placed under a named artist
    out: list[Listed] = []
    for index, hit in enumerate(hits):
        if hit.kind == "song":
            if hit.entity_id not in claimed:
                out.append(Listed("song", hit.entity_id, hit.tier))
            continue
        out.append(Listed("artist", hit.entity_id, hit.tier))
        songs = sections.get(hit.entity_id)
        if songs is None:
            continue
        theirs = set(songs)
        for later in hits[index + 1 :]:  # its songs matched by title, ranked below it: up, in their order
            if later.kind == "song" and later.entity_id in theirs and later.entity_id not in claimed:
                claimed.add(later.entity_id)
                out.append(Listed("song", later.entity_id, later.tier, hit.entity_id))
        for song in songs:
            if room <= 0:
                break
            if song not in matched and song not in claimed:
                claimed.add(song)
                room -= 1
                out.append(Listed("song", song, hit.tier, hit.entity_id))
    return out[:limit]


class Vocabulary:
    """Every word of every searchable name, for correcting typos word by word.

    Words are bucketed by first letter and length: a typo (a slip, a dropped or doubled letter, two letters swapped)
    rarely changes the first letter *and* its neighbour, and never the length by more than two, so only those
    buckets are compared. Numbers are not corrected.
    """

    def __init__(self, terms: Iterable[str]) -> None:
        terms = list(terms)
        words = {word for term in terms for word in term.split(" ") if word}
        self._known = words
        self._buckets: dict[tuple[str, int], list[str]] = {}
        for word in sorted(words):
            if not word.isdigit():
                self._buckets.setdefault((word[0], len(word)), []).append(word)
        self._terms = sorted(set(terms))

    def __len__(self) -> int:
        return len(self._known)

    def _candidates(self, word: str) -> list[str]:
        firsts = dict.fromkeys(word[:2])
        return [
            candidate
            for first in firsts
            for length in range(len(word) - 2, len(word) + 3)
            for candidate in self._buckets.get((first, length), ())
        ]

    def corrections(self, word: str, limit: int = 2) -> list[str]:
        """Known words close to ``word`` (itself if known). Words under 3 letters are too short to guess."""
        if word in self._known:
            return [word]
        if len(word) < 3 or word.isdigit():
            return []
        cutoff = 80 if len(word) <= 4 else 72
        found = process.extract(word, self._candidates(word), scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [match for match, _score, _index in found]

    def corrected_queries(self, words: list[str], limit: int = 4) -> list[list[str]]:
        """Queries with each unknown word replaced by a close known word (at most ``limit``)."""
        options = [self.corrections(word) or [word] for word in words]
        if all(len(o) == 1 and o[0] == w for o, w in zip(options, words, strict=True)):
            return []
        queries: list[list[str]] = [[]]
        for choices in options:
            queries = [[*q, c] for q in queries for c in choices][:limit]
        return [q for q in queries if q != words]

    def nearest_terms(self, query: str, limit: int = 3) -> list[str]:
        """Whole names that look like ``query``, for "did you mean …?" when nothing matched."""
        found = process.extract(query, self._terms, scorer=fuzz.WRatio, score_cutoff=55, limit=limit)
        return [match for match, _score, _index in found]
