"""Ranking of search matches (exact > prefix > word > fuzzy) and typo correction. Pure: no I/O."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.catalogue.hangul import Range, completions, within
from bot.catalogue.model import Term


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
) -> list[Hit]:
    """One hit per song or artist, best first: by tier, then weight (popularity), then shorter names."""
    best: dict[tuple[str, int], Hit] = {}

    def offer(term: Term, tier: Tier) -> None:
        key = (term.kind, term.entity_id)
        hit = Hit(term.kind, term.entity_id, tier, term.weight, term.term)
        current = best.get(key)
        if current is None or (hit.tier, len(hit.term)) < (current.tier, len(current.term)):
            best[key] = hit

    if unfinished is None:
        unfinished = completions(query)
    for term in terms:
        offer(term, tier_of(query, term.term, unfinished))
    for term in fuzzy:
        offer(term, Tier.FUZZY)
    hits = sorted(best.values(), key=lambda h: (h.tier, -h.weight, len(h.term), h.term, h.kind, h.entity_id))
    return hits if limit is None else hits[:limit]


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
