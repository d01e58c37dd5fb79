"""Collaboration lookup: search, autocomplete, cards, links between artists. No Discord imports."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from bot.catalogue.graph import HAS_MEMBER, MEMBER_OF, MEMBERSHIPS, CollabGraph
from bot.catalogue.hangul import completions
from bot.catalogue.model import ArtistCollab, ArtistDetail, ArtistRef, SongDetail, SongSummary, Term
from bot.catalogue.search import Hit, Listed, Tier, Vocabulary, best_known, listing, named_artists, rank
from bot.normalise import normalise
from bot.store.catalogue import CatalogueReader

log = logging.getLogger(__name__)

MAX_QUERY = 200  # characters of a query that are looked at; Discord allows 6,000
MAX_CHAIN = 6
AUTOCOMPLETE_LIMIT = 25
NAMED_ARTISTS = 3  # a query naming more artists than this (a shared name) lists the songs of the best known three
# Terms a prefix query reads per result wanted: an artist has several names starting alike ("jung kook", "jungkook",
# "jeon jungkook"), and reading enough distinct artists by prefix spares the slower word search.
PREFIX_ROWS = 3


@dataclass(frozen=True, slots=True)
class Result:
    """A search result ready to show: ``value`` is the stable slug autocomplete hands back."""

    kind: str
    value: str
    name: str
    detail: str
    tier: Tier
    via: str = ""  # a group's song listed under the group: the member(s) it came through


@dataclass(frozen=True, slots=True)
class ResultsPage:
    """One page of what ``/collab search`` lists: that page's results, described, and the listing's length."""

    results: list[Result]
    page: int  # 0-based, within range
    first: int  # the position of ``results[0]`` in the whole listing, 0-based
    total: int  # how many lines the whole listing has


@dataclass(frozen=True, slots=True)
class Link:
    """A step in a chain: ``source`` —song— ``target``, or a membership (``song`` None, ``relation`` says which way)."""

    source: ArtistRef
    song: SongSummary | None
    target: ArtistRef
    relation: str = ""  # for a membership: "member of" (source is in target) or "has member" (target is in source)


@dataclass(frozen=True, slots=True)
class Connection:
    first: ArtistRef
    second: ArtistRef
    direct: tuple[Link, ...]  # songs crediting both (or their groups/members)
    chain: tuple[Link, ...] | None  # the shortest chain when there is no direct song; None: not connected


def credit_names(song: SongSummary) -> str:
    kpop = " & ".join(a.label for a in song.artists("kpop"))
    international = " & ".join(a.name for a in song.artists("international"))
    return f"{kpop} × {international}"


def clean(text: str) -> str:
    """``text`` without what SQLite cannot encode (lone surrogates), cut to what a lookup looks at."""
    return text[: MAX_QUERY * 2].encode("utf-8", "ignore").decode("utf-8").strip()


class Lookup:
    """The catalogue as every feature reads it: one per bot, warmed once, shared by every cog.

    It keeps in memory what SQL answers slowly (the typo vocabulary, the collaboration graph) and notices when the
    database's catalogue changed under it — another process sharing the file loaded new catalogue files — checking
    at most every ``recheck_after`` seconds, so it never answers from a stale graph for longer than that.
    """

    def __init__(self, reader: CatalogueReader, *, recheck_after: float = 2.0) -> None:
        self.reader = reader
        self.recheck_after = recheck_after
        self._vocabulary: Vocabulary | None = None
        self._graph: CollabGraph | None = None
        self._term_ids: dict[str, tuple[int, int]] = {}
        self._fame: dict[int, int] = {}  # song id -> its place in the whole catalogue, best known first
        self._version: str | None = None
        self._checked_at = float("-inf")
        self._refreshing = asyncio.Lock()

    async def warm(self) -> None:
        """Build the in-memory typo vocabulary, collaboration graph and songs' order of renown (once per load)."""
        version = await self.reader.version()
        terms = await self.reader.all_terms()
        vocabulary = Vocabulary(t.term for t in terms)
        credits, memberships = await self.reader.graph_edges()
        term_ids = await self.reader.term_ids()
        fame = {song: place for place, song in enumerate(best_known(await self.reader.renown()))}
        self._vocabulary, self._graph = vocabulary, CollabGraph(credits, memberships)
        self._term_ids, self._fame = term_ids, fame
        self._version, self._checked_at = version, time.monotonic()

    async def version(self) -> str | None:
        """The content hash of the catalogue the caches were built from, rechecked as :meth:`refresh` does."""
        await self.refresh()
        return self._version

    async def refresh(self) -> bool:
        """Rebuild the caches if the catalogue in the database changed; True when it did."""
        if self._graph is not None and time.monotonic() - self._checked_at < self.recheck_after:
            return False
        async with self._refreshing:  # concurrent lookups after a reload rebuild once, not once each
            if self._graph is not None and time.monotonic() - self._checked_at < self.recheck_after:
                return False
            self._checked_at = time.monotonic()
            if self._graph is not None and await self.reader.version() == self._version:
                return False
            log.info("the catalogue in the database changed: rebuilding the search caches")
            await self.warm()
            return True

    async def vocabulary(self) -> Vocabulary:
        await self.refresh()
        assert self._vocabulary is not None
        return self._vocabulary

    async def graph(self) -> CollabGraph:
        await self.refresh()
        assert self._graph is not None
        return self._graph

    # ------------------------------------------------------------------ search
    async def search(self, text: str, kind: str | None = None, limit: int = 50) -> list[Hit]:
        query = normalise(text[:MAX_QUERY])
        return (await self._search(query, kind, limit))[0] if query else []

    async def _search(self, query: str, kind: str | None, limit: int) -> tuple[list[Hit], set[str]]:
        """The ranked hits for the normalised ``query``, and its spellings: itself and its typo-corrected forms."""
        terms = await self.reader.prefix_terms(query, kind, limit * PREFIX_ROWS)
        unfinished = completions(query)  # what a Hangul syllable still being composed may become
        if unfinished:
            terms += await self.reader.range_terms(unfinished, kind, limit)
        words = query.split(" ")
        spellings = {query}
        if len({(t.kind, t.entity_id) for t in terms}) < limit:
            terms += await self._word_terms(words, kind, limit)
        fuzzy = []
        if len({(t.kind, t.entity_id) for t in terms}) < limit:
            for corrected in (await self.vocabulary()).corrected_queries(words):
                spellings.add(" ".join(corrected))
                fuzzy += await self._word_terms(corrected, kind, limit)
        corrected = sorted(spellings - {query})
        return rank(query, terms, fuzzy=fuzzy, limit=limit, unfinished=unfinished, corrected=corrected), spellings

    async def _word_terms(self, words: list[str], kind: str | None, limit: int) -> list[Term]:
        """Word matches; of one kind, within that kind's term ids (as fresh as the other caches: see ``refresh``)."""
        if kind is not None:
            await self.refresh()
        ids = self._term_ids.get(kind) if kind else None
        if kind is None or ids is None:
            return await self.reader.word_terms(words, kind, limit)
        return await self.reader.word_terms_within(words, kind, ids, limit)

    async def search_page(self, text: str, page: int, per_page: int, limit: int = 50, least: int = 10) -> ResultsPage:
        """What ``/collab search`` lists: the matches, best first, and under an artist the query names (by name,
        alias or Hangul name, typos forgiven) that artist's songs, a group's members' included, best known first.

        The whole listing (up to ``limit`` lines) is ranked, but only the asked page (clamped to the last) is read
        and described. See :func:`bot.catalogue.search.listing` for the order and
        :func:`bot.catalogue.search.renown_key` for "best known"; ``least`` is the fewest of an artist's songs listed
        however many other matches there are.
        """
        listed, families = await self._listing(text, limit, least)
        last = max(0, (len(listed) - 1) // per_page)
        page = min(max(page, 0), last)
        first = page * per_page
        results = await self.describe(listed[first : first + per_page], families)
        return ResultsPage(results, page, first, len(listed))

    async def _listing(self, text: str, limit: int, least: int) -> tuple[list[Listed], dict[int, set[int]]]:
        query = normalise(text[:MAX_QUERY])
        if not query:
            return [], {}
        hits, spellings = await self._search(query, None, limit)
        named = named_artists(hits, spellings, NAMED_ARTISTS)
        families: dict[int, set[int]] = {}
        sections: dict[int, list[int]] = {}
        if named:
            graph = await self.graph()
            fame, unknown = self._fame, len(self._fame)  # built with the graph, from the same catalogue
            for hit in named:
                families[hit.entity_id] = {hit.entity_id, *graph.members(hit.entity_id)}
                songs = graph.songs(families[hit.entity_id])
                sections[hit.entity_id] = sorted(songs, key=lambda song: (fame.get(song, unknown), song))
        return listing(hits, sections, limit=limit, least=least), families

    async def describe(
        self, hits: Sequence[Hit | Listed], families: Mapping[int, Collection[int]] | None = None
    ) -> list[Result]:
        """Results ready to show; a song listed under a group (``Listed.under``, with its artists in ``families``)
        that does not credit the group itself says which member(s) it came through."""
        songs = await self.reader.songs(h.entity_id for h in hits if h.kind == "song")
        artists = await self.reader.artists(h.entity_id for h in hits if h.kind == "artist")
        results = []
        for hit in hits:
            if hit.kind == "song":
                song = songs.get(hit.entity_id)
                if song is None:  # gone with a catalogue reload between two queries
                    continue
                via = ""
                under = hit.under if isinstance(hit, Listed) else None
                if under is not None and families and all(a.id != under for a in song.artists()):
                    family = families.get(under, ())
                    via = " & ".join(dict.fromkeys(a.name for a in song.artists() if a.id in family))
                detail = f"{credit_names(song)} · {song.released.year}"
                results.append(Result("song", song.slug, song.title, detail, hit.tier, via))
            else:
                artist = artists[hit.entity_id]
                side = "K-pop" if artist.side == "kpop" else (artist.country or "international")
                results.append(Result("artist", artist.slug, artist.label, side, hit.tier))
        return results

    async def did_you_mean(self, text: str, limit: int = 3) -> list[str]:
        query = normalise(text[:MAX_QUERY])
        if not query:
            return []
        return (await self.vocabulary()).nearest_terms(query, limit)

    async def autocomplete(self, text: str, kind: str) -> list[Result]:
        """Up to 25 choices; an empty input offers the most popular entries."""
        if not normalise(text[:MAX_QUERY]):
            ids = await self.reader.popular(kind, AUTOCOMPLETE_LIMIT)
            hits = [Hit(kind, i, Tier.EXACT, 0, "") for i in ids]
        else:
            hits = await self.search(text, kind, AUTOCOMPLETE_LIMIT)
        return await self.describe(hits)

    # ------------------------------------------------------------------ resolving a value
    async def _resolve(self, value: str, kind: str) -> int | None:
        """A slug from autocomplete, or typed text: the best match if it is better than a guess."""
        by_slug = self.reader.song_id if kind == "song" else self.reader.artist_id
        value = clean(value)
        if not value:
            return None
        if len(value) <= 100 and (entity := await by_slug(value)) is not None:
            return entity
        hits = await self.search(value, kind, limit=5)
        if hits and hits[0].tier <= Tier.WORD:
            return hits[0].entity_id
        return None

    async def song(self, value: str) -> SongDetail | None:
        song_id = await self._resolve(value, "song")
        return await self.reader.song_detail(song_id) if song_id is not None else None

    async def artist_id(self, value: str) -> int | None:
        return await self._resolve(value, "artist")

    async def artist_slug(self, artist_id: int) -> str | None:
        ref = (await self.reader.artists([artist_id])).get(artist_id)
        return ref.slug if ref else None

    async def artist(self, value: str, include_members: bool) -> tuple[ArtistDetail, list[ArtistCollab]] | None:
        """The artist's card and collaborations by date (with their members' when ``include_members``)."""
        artist_id = await self._resolve(value, "artist")
        detail = await self.reader.artist_detail(artist_id) if artist_id is not None else None
        if artist_id is None or detail is None:
            return None
        return detail, await self.reader.artist_collabs(artist_id, include_members)

    async def random_song(self, year: int | None, rng: Callable[[int], int] | None = None) -> SongDetail | None:
        pick = rng or (lambda count: random.randrange(count))
        song_id = await self.reader.random_song_id(year, pick)
        return await self.reader.song_detail(song_id) if song_id is not None else None

    # ------------------------------------------------------------------ between
    async def between(self, first_id: int, second_id: int) -> Connection:
        graph = await self.graph()
        refs = await self.reader.artists([first_id, second_id])
        first_family, second_family = graph.family(first_id), graph.family(second_id)
        direct: list[Link] = []
        if first_id != second_id and second_id not in first_family:
            rows = graph.songs_linking(first_family, second_family)
            songs = await self.reader.songs(r[0] for r in rows)
            people = await self.reader.artists([a for r in rows for a in r[1:]])
            seen = set()
            for song_id, a, b in sorted(rows, key=lambda r: (songs[r[0]].released.iso(), r[0])):
                if song_id not in seen:
                    seen.add(song_id)
                    direct.append(Link(people[a], songs[song_id], people[b]))
        chain: tuple[Link, ...] | None = None
        if not direct:
            steps = graph.shortest_chain(first_id, second_id, MAX_CHAIN)
            if steps is not None:
                songs = await self.reader.songs(s.song for s in steps if s.song not in MEMBERSHIPS)
                people = await self.reader.artists([x for s in steps for x in (s.source, s.target)])
                relation = {MEMBER_OF: "member of", HAS_MEMBER: "has member"}
                chain = tuple(
                    Link(people[s.source], songs.get(s.song), people[s.target], relation.get(s.song, "")) for s in steps
                )
        return Connection(refs[first_id], refs[second_id], tuple(direct), chain)
