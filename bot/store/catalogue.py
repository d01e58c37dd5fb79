"""SQL for the collaboration catalogue: replacing it as a whole, and reading it back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from bot.catalogue.model import Catalogue, Collab
from bot.normalise import normalise
from bot.store.database import Database

CATALOGUE_HASH_KEY = "catalogue_hash"
_TABLES = (
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
        async with self.database.connection.execute(
            "SELECT value FROM meta WHERE key = ?", (CATALOGUE_HASH_KEY,)
        ) as cursor:
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
        terms: list[tuple[str, str, int, int]] = []
        for a in catalogue.artists:
            names = [a.name, *a.aliases, *([a.hangul] if a.hangul else [])]
            terms.extend(_terms(names, "artist", artist_ids[a.slug], counts.get(a.slug, 0)))
        for c in catalogue.collabs:
            terms.extend(_terms([c.title, _base_title(c.title)], "song", collab_ids[c.slug], _song_weight(c)))
        await db.executemany("INSERT INTO search_terms (term, kind, entity_id, weight) VALUES (?, ?, ?, ?)", terms)

    async def size(self) -> CatalogueSize:
        async with self.database.connection.execute(
            "SELECT (SELECT count(*) FROM collabs), (SELECT count(*) FROM artists),"
            " (SELECT min(year) FROM collabs), (SELECT max(year) FROM collabs)"
        ) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        return CatalogueSize(int(row[0]), int(row[1]), row[2], row[3])


def _terms(names: Iterable[str], kind: str, entity_id: int, weight: int) -> list[tuple[str, str, int, int]]:
    folded = dict.fromkeys(term for term in (normalise(name) for name in names) if term)
    return [(term, kind, entity_id, weight) for term in folded]
