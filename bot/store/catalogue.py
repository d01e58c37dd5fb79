"""SQL for the collaboration catalogue: replacing it as a whole, and reading it back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import aiosqlite

from bot.catalogue.model import (
    ArtistCollab,
    ArtistDetail,
    ArtistRef,
    Catalogue,
    ChartPeak,
    Collab,
    CreditLine,
    DebutSummary,
    ReleaseDate,
    SongDetail,
    SongSummary,
    Source,
    Term,
)
from bot.catalogue.search import Renown
from bot.normalise import normalise
from bot.store.database import Database

CATALOGUE_HASH_KEY = "catalogue_hash"
_TABLES = (
    "debut_sources",
    "debuts",
    "sources",
    "links",
    "chart_peaks",
    "credits",
    "collabs",
    "artist_sources",
    "memberships",
    "artist_aliases",
    "search_terms",
    "artists",
)


@dataclass(frozen=True, slots=True)
class CatalogueSize:
    collabs: int
    artists: int
    first_year: int | None
    last_year: int | None


def _base_title(title: str) -> str:
    """ "Seven (feat. Latto)" -> "Seven": people search for the song's name without its credits."""
    base = title
    for opener in ("(", "["):
        if opener in base and not base.startswith(opener):
            base = base[: base.index(opener)]
    return base.strip()


def _song_weight(collab: Collab) -> int:
    best = min((peak.peak for peak in collab.chart_peaks), default=None)
    return 200 - best if best is not None else 0


class CatalogueRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def loaded_hash(self) -> str | None:
        async with (
            self.database.read() as db,
            db.execute("SELECT value FROM meta WHERE key = ?", (CATALOGUE_HASH_KEY,)) as cursor,
        ):
            row = await cursor.fetchone()
        return str(row[0]) if row else None

    async def replace(self, catalogue: Catalogue) -> None:
        """Swap the whole catalogue for ``catalogue`` in one transaction, recording its content hash."""
        async with self.database.transaction() as db:
            for table in _TABLES:
                await db.execute(f"DELETE FROM {table}")
            await self._insert(db, catalogue)
            await db.execute("INSERT INTO search_fts (search_fts) VALUES ('rebuild')")
            await db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (CATALOGUE_HASH_KEY, catalogue.content_hash),
            )

    async def _insert(self, db: aiosqlite.Connection, catalogue: Catalogue) -> None:
        artist_ids = {artist.slug: index for index, artist in enumerate(catalogue.artists, start=1)}
        counts: dict[str, int] = {}
        for collab in catalogue.collabs:
            for slug in {credit.artist for credit in collab.credits}:
                counts[slug] = counts.get(slug, 0) + 1
        await db.executemany(
            "INSERT INTO artists (id, slug, name, side, kind, hangul, country, notes, collab_count)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    artist_ids[a.slug],
                    a.slug,
                    a.name,
                    a.side,
                    a.kind,
                    a.hangul,
                    a.country,
                    a.notes,
                    counts.get(a.slug, 0),
                )
                for a in catalogue.artists
            ],
        )
        await db.executemany(
            "INSERT INTO artist_aliases (artist_id, alias) VALUES (?, ?)",
            [(artist_ids[a.slug], alias) for a in catalogue.artists for alias in dict.fromkeys(a.aliases)],
        )
        await db.executemany(
            "INSERT INTO memberships (member_id, group_id, since, until) VALUES (?, ?, ?, ?)",
            [
                (artist_ids[a.slug], artist_ids[m.group], m.since, m.until)
                for a in catalogue.artists
                for m in a.member_of
            ],
        )
        await db.executemany(
            "INSERT INTO artist_sources (artist_id, url, fact) VALUES (?, ?, ?)",
            [(artist_ids[a.slug], s.url, s.fact) for a in catalogue.artists for s in a.sources],
        )
        collab_ids = {collab.slug: index for index, collab in enumerate(catalogue.collabs, start=1)}
        await db.executemany(
            "INSERT INTO collabs (id, slug, title, year, month, day, precision, date_basis, date_zone, release, kind,"
            " genres, languages, youtube, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    collab_ids[c.slug],
                    c.slug,
                    c.title,
                    c.released.year,
                    c.released.month,
                    c.released.day,
                    c.released.precision,
                    c.date_basis,
                    c.date_zone,
                    c.release,
                    c.kind,
                    "\n".join(c.genres),
                    "\n".join(c.languages),
                    c.youtube,
                    c.notes,
                )
                for c in catalogue.collabs
            ],
        )
        await db.executemany(
            "INSERT INTO credits (collab_id, artist_id, side, role, position) VALUES (?, ?, ?, ?, ?)",
            [
                (collab_ids[c.slug], artist_ids[credit.artist], credit.side, credit.role, position)
                for c in catalogue.collabs
                for position, credit in enumerate(c.credits)
            ],
        )
        await db.executemany(
            "INSERT INTO chart_peaks (collab_id, chart, peak, date, source) VALUES (?, ?, ?, ?, ?)",
            [(collab_ids[c.slug], p.chart, p.peak, p.date, p.source) for c in catalogue.collabs for p in c.chart_peaks],
        )
        await db.executemany(
            "INSERT INTO links (collab_id, url) VALUES (?, ?)",
            [(collab_ids[c.slug], url) for c in catalogue.collabs for url in c.official],
        )
        await db.executemany(
            "INSERT INTO sources (collab_id, url, fact) VALUES (?, ?, ?)",
            [(collab_ids[c.slug], s.url, s.fact) for c in catalogue.collabs for s in c.sources],
        )
        await db.executemany(
            "INSERT INTO debuts (artist_id, year, month, day, precision, release, album, date_zone, notes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    artist_ids[d.artist],
                    d.released.year,
                    d.released.month,
                    d.released.day,
                    d.released.precision,
                    d.release,
                    d.album,
                    d.date_zone,
                    d.notes,
                )
                for d in catalogue.debuts
            ],
        )
        await db.executemany(
            "INSERT INTO debut_sources (artist_id, url, fact) VALUES (?, ?, ?)",
            [(artist_ids[d.artist], s.url, s.fact) for d in catalogue.debuts for s in d.sources],
        )
        terms: list[tuple[str, str, int, int]] = []
        for a in catalogue.artists:
            names = [a.name, *a.aliases, *([a.hangul] if a.hangul else [])]
            terms.extend(_terms(names, "artist", artist_ids[a.slug], counts.get(a.slug, 0)))
        for c in catalogue.collabs:
            terms.extend(_terms([c.title, _base_title(c.title)], "song", collab_ids[c.slug], _song_weight(c)))
        await db.executemany("INSERT INTO search_terms (term, kind, entity_id, weight) VALUES (?, ?, ?, ?)", terms)

    async def size(self) -> CatalogueSize:
        async with (
            self.database.read() as db,
            db.execute(
                "SELECT (SELECT count(*) FROM collabs), (SELECT count(*) FROM artists),"
                " (SELECT min(year) FROM collabs), (SELECT max(year) FROM collabs)"
            ) as cursor,
        ):
            row = await cursor.fetchone()
        assert row is not None
        return CatalogueSize(int(row[0]), int(row[1]), row[2], row[3])


def _on_days(table: str, days: Iterable[tuple[int, int]]) -> tuple[str, list[int]]:
    """A WHERE clause matching any of the (month, day) calendar days on ``table``'s month and day, and its values."""
    wanted = sorted(set(days))
    where = " OR ".join(f"({table}.month = ? AND {table}.day = ?)" for _ in wanted)
    return where, [x for day in wanted for x in day]


def _terms(names: Iterable[str], kind: str, entity_id: int, weight: int) -> list[tuple[str, str, int, int]]:
    folded = dict.fromkeys(term for term in (normalise(name) for name in names) if term)
    return [(term, kind, entity_id, weight) for term in folded]


# ---------------------------------------------------------------------------------------------- reads
def _release(row: aiosqlite.Row) -> ReleaseDate:
    return ReleaseDate(int(row["year"]), row["month"], row["day"])


# A song with its credits, one row per credit, each artist with the names of its groups.
_SONG_COLUMNS = (
    "SELECT c.id, c.slug, c.title, c.year, c.month, c.day, cr.role, a.id AS artist_id, a.slug AS artist_slug,"
    " a.name AS artist_name, a.side, a.country, (SELECT group_concat(g.name, char(10)) FROM memberships ms"
    " JOIN artists g ON g.id = ms.group_id WHERE ms.member_id = a.id) AS groups"
)
_SONG_TABLES = "FROM collabs c JOIN credits cr ON cr.collab_id = c.id JOIN artists a ON a.id = cr.artist_id"


def _songs_from_rows(rows: Iterable[aiosqlite.Row]) -> dict[int, SongSummary]:
    """Fold credit rows (ordered by song) into songs, keeping the rows' song order.

    Columns are read by position (the order of ``_SONG_COLUMNS``): on lists of hundreds of rows, name look-ups on
    ``sqlite3.Row`` were most of an artist page's cost.
    """
    heads: dict[int, aiosqlite.Row] = {}
    credits: dict[int, list[CreditLine]] = {}
    for r in rows:
        song_id, role, artist_id, artist_slug, artist_name, side, country, groups = (
            r[0], r[6], r[7], r[8], r[9], r[10], r[11], r[12]
        )  # fmt: skip
        if song_id not in heads:
            heads[song_id] = r
            credits[song_id] = []
        member_of = tuple(sorted(groups.split("\n"))) if groups else ()
        artist = ArtistRef(artist_id, artist_slug, artist_name, side, country, member_of)
        credits[song_id].append(CreditLine(artist, role))
    return {
        song_id: SongSummary(song_id, r[1], r[2], ReleaseDate(r[3], r[4], r[5]), tuple(credits[song_id]))
        for song_id, r in heads.items()
    }


class CatalogueReader:
    """Read-side queries of the catalogue; every method returns dataclasses."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def _all(self, sql: str, params: Iterable[object] = ()) -> list[aiosqlite.Row]:
        async with self.database.read() as db, db.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    async def version(self) -> str | None:
        """The content hash of the catalogue in the database (another process sharing the file may load a new one)."""
        rows = await self._all("SELECT value FROM meta WHERE key = ?", (CATALOGUE_HASH_KEY,))
        return str(rows[0][0]) if rows else None

    # ------------------------------------------------------------------ search
    async def prefix_terms(self, prefix: str, kind: str | None, limit: int) -> list[Term]:
        """Terms equal to or starting with ``prefix`` (an index range scan), heaviest first."""
        return await self.range_terms([(prefix, prefix + "\U0010ffff")], kind, limit, exact=prefix)

    async def range_terms(
        self, ranges: Sequence[tuple[str, str]], kind: str | None, limit: int, *, exact: str = ""
    ) -> list[Term]:
        """Terms from ``low`` up to (not including) ``high`` for each range, heaviest first; ``exact`` leads."""
        kinds = (kind,) if kind else ("song", "artist")
        rows: list[aiosqlite.Row] = []
        for low, high in ranges:
            for k in kinds:
                rows += await self._all(
                    "SELECT term, kind, entity_id, weight FROM search_terms"
                    " WHERE kind = ? AND term >= ? AND term < ? ORDER BY term = ? DESC, weight DESC LIMIT ?",
                    (k, low, high, exact, limit),
                )
        return [Term(r[0], r[1], r[2], r[3]) for r in rows]

    async def word_terms(self, words: list[str], kind: str | None, limit: int) -> list[Term]:
        """Terms containing every word of ``words`` as a word or word prefix (FTS5)."""
        if not words:
            return []
        # Each word is quoted (a string in FTS5 syntax), so no user text is ever read as an operator.
        match = " ".join('"' + word.replace('"', '""') + '"*' for word in words)
        rows = await self._all(
            "SELECT t.term, t.kind, t.entity_id, t.weight"
            " FROM search_fts JOIN search_terms t ON t.id = search_fts.rowid"
            " WHERE search_fts MATCH ? AND (? IS NULL OR t.kind = ?) ORDER BY t.weight DESC LIMIT ?",
            (match, kind, kind, limit),
        )
        return [Term(r[0], r[1], r[2], r[3]) for r in rows]

    async def all_terms(self) -> list[Term]:
        rows = await self._all("SELECT term, kind, entity_id, weight FROM search_terms")
        return [Term(r[0], r[1], r[2], r[3]) for r in rows]

    async def popular(self, kind: str, limit: int) -> list[int]:
        if kind == "artist":
            rows = await self._all("SELECT id FROM artists ORDER BY collab_count DESC, name LIMIT ?", (limit,))
        else:
            rows = await self._all(
                "SELECT c.id FROM collabs c LEFT JOIN chart_peaks p ON p.collab_id = c.id"
                " GROUP BY c.id ORDER BY min(coalesce(p.peak, 1000)), c.year DESC, c.title LIMIT ?",
                (limit,),
            )
        return [int(r[0]) for r in rows]

    # ------------------------------------------------------------------ identities
    async def song_id(self, slug: str) -> int | None:
        rows = await self._all("SELECT id FROM collabs WHERE slug = ?", (slug,))
        return int(rows[0][0]) if rows else None

    async def artist_id(self, slug: str) -> int | None:
        rows = await self._all("SELECT id FROM artists WHERE slug = ?", (slug,))
        return int(rows[0][0]) if rows else None

    async def random_song_id(self, year: int | None, pick: Callable[[int], int]) -> int | None:
        """A song chosen by ``pick(count)`` (an index below count) among all, or among ``year``'s."""
        rows = await self._all("SELECT count(*) FROM collabs WHERE ? IS NULL OR year = ?", (year, year))
        count = int(rows[0][0])
        if count == 0:
            return None
        rows = await self._all(
            "SELECT id FROM collabs WHERE ? IS NULL OR year = ? ORDER BY id LIMIT 1 OFFSET ?", (year, year, pick(count))
        )
        return int(rows[0][0])

    # ------------------------------------------------------------------ artists
    async def artists(self, ids: Iterable[int]) -> dict[int, ArtistRef]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = await self._all(
            f"SELECT a.id, a.slug, a.name, a.side, a.country, group_concat(g.name, '\n') AS groups"
            f" FROM artists a LEFT JOIN memberships m ON m.member_id = a.id LEFT JOIN artists g ON g.id = m.group_id"
            f" WHERE a.id IN ({marks}) GROUP BY a.id",
            wanted,
        )
        return {
            int(r["id"]): ArtistRef(
                int(r["id"]),
                r["slug"],
                r["name"],
                r["side"],
                r["country"],
                tuple(sorted(r["groups"].split("\n"))) if r["groups"] else (),
            )
            for r in rows
        }

    async def artist_detail(self, artist_id: int) -> ArtistDetail | None:
        rows = await self._all("SELECT kind, hangul FROM artists WHERE id = ?", (artist_id,))
        if not rows:
            return None
        row = rows[0]
        related = await self._all(
            "SELECT 'alias', alias, NULL FROM artist_aliases WHERE artist_id = ?1"
            " UNION ALL SELECT 'group', NULL, group_id FROM memberships WHERE member_id = ?1"
            " UNION ALL SELECT 'member', NULL, member_id FROM memberships WHERE group_id = ?1",
            (artist_id,),
        )
        aliases = tuple(sorted(r[1] for r in related if r[0] == "alias"))
        group_ids = [int(r[2]) for r in related if r[0] == "group"]
        member_ids = [int(r[2]) for r in related if r[0] == "member"]
        # Partners and the number of songs of the artist and (for a group) of its members.
        family = [artist_id, *await self._descendants(artist_id)] if member_ids else [artist_id]
        marks = ",".join("?" * len(family))
        partner_rows = await self._all(
            f"SELECT other.artist_id, count(DISTINCT other.collab_id) AS n"
            f" FROM credits mine JOIN credits other ON other.collab_id = mine.collab_id AND other.side != mine.side"
            f" WHERE mine.artist_id IN ({marks}) GROUP BY other.artist_id ORDER BY n DESC, other.artist_id LIMIT 15",
            family,
        )
        count_rows = await self._all(
            f"SELECT count(DISTINCT collab_id) FROM credits WHERE artist_id IN ({marks})", family
        )
        total = int(count_rows[0][0])
        partner_ids = [int(r[0]) for r in partner_rows]
        refs = await self.artists([artist_id, *group_ids, *member_ids, *partner_ids])
        return ArtistDetail(
            artist=refs[artist_id],
            kind=row["kind"],
            hangul=row["hangul"],
            aliases=aliases,
            groups=tuple(sorted((refs[g] for g in group_ids), key=lambda a: a.name)),
            members=tuple(sorted((refs[m] for m in member_ids), key=lambda a: a.name.casefold())),
            collab_count=total,
            partners=tuple(refs[p] for p in partner_ids),
        )

    async def _descendants(self, artist_id: int) -> list[int]:
        return await self._walk(artist_id, start="group_id", end="member_id")

    async def _ancestors(self, artist_id: int) -> list[int]:
        return await self._walk(artist_id, start="member_id", end="group_id")

    async def _walk(self, artist_id: int, *, start: str, end: str) -> list[int]:
        """Follow memberships from ``artist_id`` (members of members, or groups of groups) to the end."""
        rows = await self._all(
            f"WITH RECURSIVE tree(id) AS (SELECT {end} FROM memberships WHERE {start} = ?"
            f" UNION SELECT m.{end} FROM memberships m JOIN tree ON m.{start} = tree.id) SELECT id FROM tree",
            (artist_id,),
        )
        return [int(r[0]) for r in rows]

    async def artist_collabs(self, artist_id: int, include_members: bool) -> list[ArtistCollab]:
        """The artist's collaborations by date; with ``include_members``, their members' too (labelled). One query."""
        members = (
            "UNION SELECT m.member_id FROM memberships m JOIN family ON m.group_id = family.id"
            if include_members
            else ""
        )
        rows = await self._all(
            f"WITH RECURSIVE family(id) AS (SELECT ? {members}),"
            " mine(collab_id, via) AS (SELECT collab_id, min(CASE WHEN artist_id = ? THEN 0 ELSE artist_id END)"
            " FROM credits WHERE artist_id IN (SELECT id FROM family) GROUP BY collab_id)"
            f" {_SONG_COLUMNS}, mine.via {_SONG_TABLES} JOIN mine ON mine.collab_id = c.id"
            " ORDER BY c.year, coalesce(c.month, 0), coalesce(c.day, 0), c.title COLLATE NOCASE, c.id, cr.position",
            (artist_id, artist_id),
        )
        songs = _songs_from_rows(rows)
        vias = {int(r[0]): int(r[13]) for r in rows}
        result = []
        for song_id, song in songs.items():
            via = next((c.artist for c in song.credits if c.artist.id == vias[song_id]), None)
            result.append(ArtistCollab(song, via))
        return result

    # ------------------------------------------------------------------ songs
    async def songs(self, ids: Iterable[int]) -> dict[int, SongSummary]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = await self._all(
            f"{_SONG_COLUMNS} {_SONG_TABLES} WHERE c.id IN ({marks}) ORDER BY c.id, cr.position",
            wanted,
        )
        return _songs_from_rows(rows)

    async def song_detail(self, song_id: int) -> SongDetail | None:
        rows = await self._all("SELECT * FROM collabs WHERE id = ?", (song_id,))
        if not rows:
            return None
        row = rows[0]
        summary = (await self.songs([song_id]))[song_id]
        peaks = await self._all(
            "SELECT chart, peak, date, source FROM chart_peaks WHERE collab_id = ? ORDER BY peak, chart", (song_id,)
        )
        links = await self._all("SELECT url FROM links WHERE collab_id = ?", (song_id,))
        sources = await self._all("SELECT url, fact FROM sources WHERE collab_id = ?", (song_id,))
        return SongDetail(
            summary=summary,
            kind=row["kind"],
            release=row["release"],
            date_basis=row["date_basis"],
            date_zone=row["date_zone"],
            genres=tuple(filter(None, row["genres"].split("\n"))),
            languages=tuple(filter(None, row["languages"].split("\n"))),
            chart_peaks=tuple(ChartPeak(p[0], int(p[1]), p[2], p[3]) for p in peaks),
            youtube=row["youtube"],
            official=tuple(r[0] for r in links),
            sources=tuple(Source(r[0], r[1]) for r in sources),
            notes=row["notes"],
        )

    async def songs_on(self, days: Iterable[tuple[int, int]]) -> list[SongSummary]:
        """Day-precise songs released on any of the (month, day) calendar days, in any year."""
        where, params = _on_days("c", days)
        if not params:
            return []
        rows = await self._all(
            f"{_SONG_COLUMNS} {_SONG_TABLES} WHERE c.precision = 'day' AND ({where})"
            " ORDER BY c.year, c.id, cr.position",
            params,
        )
        return list(_songs_from_rows(rows).values())

    async def release_days(self) -> set[tuple[int, int]]:
        """Every (month, day) with at least one day-precise song."""
        rows = await self._all("SELECT DISTINCT month, day FROM collabs WHERE precision = 'day'")
        return {(int(r[0]), int(r[1])) for r in rows}

    async def debuts_on(self, days: Iterable[tuple[int, int]]) -> list[DebutSummary]:
        """Day-precise debuts on any of the (month, day) calendar days, in any year, oldest first."""
        where, params = _on_days("d", days)
        if not params:
            return []
        rows = await self._all(
            "SELECT a.id, a.slug, a.name, a.side, a.country, d.year, d.month, d.day, d.release, d.album"
            f" FROM debuts d JOIN artists a ON a.id = d.artist_id WHERE d.precision = 'day' AND ({where})"
            " ORDER BY d.year, a.name, a.id",
            params,
        )
        return [
            DebutSummary(ArtistRef(int(r[0]), r[1], r[2], r[3], r[4]), ReleaseDate(int(r[5]), r[6], r[7]), r[8], r[9])
            for r in rows
        ]

    async def debut_days(self) -> set[tuple[int, int]]:
        """Every (month, day) with at least one day-precise debut."""
        rows = await self._all("SELECT DISTINCT month, day FROM debuts WHERE precision = 'day'")
        return {(int(r[0]), int(r[1])) for r in rows}

    async def graph_edges(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """(song, artist) credit pairs and (member, group) pairs: the collaboration graph."""
        credits = [(int(r[0]), int(r[1])) for r in await self._all("SELECT collab_id, artist_id FROM credits")]
        members = [(int(r[0]), int(r[1])) for r in await self._all("SELECT member_id, group_id FROM memberships")]
        return credits, members

    # ------------------------------------------------------------------ a search's artist songs, and its speed
    async def renown(self, ids: Iterable[int] | None = None) -> list[Renown]:
        """What tells how well known each song of ``ids`` (None: every song) is: chart peaks, links, release date."""
        wanted = sorted(set(ids)) if ids is not None else None
        if wanted == []:
            return []
        where = f"WHERE c.id IN ({','.join('?' * len(wanted))})" if wanted is not None else ""
        rows = await self._all(
            "SELECT c.id, c.title, c.year, c.month, c.day, min(p.peak), count(DISTINCT p.chart),"
            " c.youtube IS NOT NULL OR EXISTS (SELECT 1 FROM links l WHERE l.collab_id = c.id)"
            f" FROM collabs c LEFT JOIN chart_peaks p ON p.collab_id = c.id {where} GROUP BY c.id",
            wanted or (),
        )
        return [Renown(int(r[0]), r[1], ReleaseDate(int(r[2]), r[3], r[4]), r[5], int(r[6]), bool(r[7])) for r in rows]

    async def term_ids(self) -> dict[str, tuple[int, int]]:
        """The lowest and highest search term id of each kind (song, artist)."""
        rows = await self._all("SELECT kind, min(id), max(id) FROM search_terms GROUP BY kind")
        return {str(r[0]): (int(r[1]), int(r[2])) for r in rows}

    async def word_terms_within(self, words: list[str], kind: str, ids: tuple[int, int], limit: int) -> list[Term]:
        """:meth:`word_terms` of one ``kind`` whose ids are within ``ids`` (from :meth:`term_ids`).

        The range lets the full-text index skip the other kind's terms before joining: an artist's typo corrected to
        a word common in song titles ("forever") no longer reads every such title to keep none.
        """
        if not words:
            return []
        match = " ".join('"' + word.replace('"', '""') + '"*' for word in words)
        rows = await self._all(
            "SELECT t.term, t.kind, t.entity_id, t.weight"
            " FROM search_fts JOIN search_terms t ON t.id = search_fts.rowid"
            " WHERE search_fts MATCH ? AND search_fts.rowid BETWEEN ? AND ? AND t.kind = ?"
            " ORDER BY t.weight DESC LIMIT ?",
            (match, ids[0], ids[1], kind, limit),
        )
        return [Term(r[0], r[1], r[2], r[3]) for r in rows]
