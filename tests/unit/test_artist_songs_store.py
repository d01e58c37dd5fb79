"""The store's side of an artist's songs in a search: renown read back, word searches narrowed to one kind."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.catalogue.model import Artist, Catalogue, ChartPeak, Collab, Credit, ReleaseDate, Source
from bot.catalogue.search import Renown
from bot.store import Store


def _collab(slug: str, title: str, released: ReleaseDate) -> Collab:
    return Collab(
        slug=slug,
        title=title,
        credits=(Credit("forever-k", "kpop", "primary"), Credit("intl", "international", "featured")),
        released=released,
        kind="single",
        sources=(Source("https://example.org", "released"),),
    )


CATALOGUE = Catalogue(
    artists=(
        Artist("forever-k", "Forever K", "kpop", "soloist"),
        Artist("intl", "Intl", "international", "singer"),
    ),
    collabs=(
        replace(
            _collab("hit", "Forever Young", ReleaseDate(2020, 5, 1)),
            chart_peaks=(
                ChartPeak("Billboard Hot 100", 7, None, None),
                ChartPeak("UK Singles Chart", 3, None, None),
                ChartPeak("UK Singles Chart", 5, None, None),  # the same chart twice counts once
            ),
        ),
        replace(_collab("video", "Video", ReleaseDate(2019)), youtube="abc"),
        replace(_collab("official", "Official", ReleaseDate(2018, 2)), official=("https://example.org/o",)),
        _collab("plain", "Plain", ReleaseDate(2021, 1, 1)),
    ),
    content_hash="test",
)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / "kcollab.sqlite3")
    await opened.migrate()
    await opened.catalogue.replace(CATALOGUE)
    yield opened
    await opened.close()


async def test_renown_reads_peaks_charts_and_links(store: Store) -> None:
    ids = {slug: await store.lookup.song_id(slug) for slug in ("hit", "video", "official", "plain")}
    renown = {r.title: r for r in await store.lookup.renown(i for i in ids.values() if i is not None)}
    assert renown["Forever Young"] == Renown(ids["hit"] or 0, "Forever Young", ReleaseDate(2020, 5, 1), 3, 2, False)
    assert renown["Video"].linked and renown["Official"].linked and not renown["Plain"].linked
    assert renown["Plain"].best_peak is None and renown["Plain"].charts == 0
    assert renown["Official"].released == ReleaseDate(2018, 2)
    assert await store.lookup.renown([]) == []
    assert sorted(await store.lookup.renown(), key=lambda r: r.song_id) == sorted(
        renown.values(), key=lambda r: r.song_id
    )


async def test_a_word_search_within_a_kinds_ids_finds_what_the_plain_one_finds_of_that_kind(store: Store) -> None:
    ids = await store.lookup.term_ids()
    assert set(ids) == {"song", "artist"}
    for kind in ("song", "artist"):
        plain = await store.lookup.word_terms(["forever"], kind, 10)
        within = await store.lookup.word_terms_within(["forever"], kind, ids[kind], 10)
        assert plain and sorted(within, key=repr) == sorted(plain, key=repr)
        assert {t.kind for t in within} == {kind}
