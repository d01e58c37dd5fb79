"""Facts that popular articles get wrong (see the shared data notes): the shipped catalogue must keep them right."""

from __future__ import annotations

import pytest

from bot.catalogue.files import read_catalogue
from bot.catalogue.model import Catalogue, Collab
from bot.paths import CATALOGUE_DIR


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return read_catalogue(CATALOGUE_DIR)


def _song(catalogue: Catalogue, slug: str) -> Collab:
    # By id: titles repeat as the catalogue grows (AI & Rain's "Too Much" of 2006 is not Jung Kook's of 2023).
    found = [c for c in catalogue.collabs if c.slug == slug]
    assert len(found) == 1, f"{slug!r}: {len(found)} records"
    return found[0]


def _peak(song: Collab, chart: str) -> int:
    peaks = [p.peak for p in song.chart_peaks if p.chart == chart]
    assert len(peaks) == 1, f"{song.title!r} has {len(peaks)} {chart} peaks"
    return peaks[0]


@pytest.mark.parametrize(
    ("slug", "chart", "peak"),
    [
        ("closer-to-you-jung-kook", "Billboard 200 (album Golden)", 2),  # Golden debuted at No. 2, not No. 1
        ("sour-candy-blackpink", "Billboard Hot 100", 33),  # did not top the chart
        ("mic-drop-steve-aoki-remix-bts", "Billboard Hot 100", 28),
        ("ice-cream-blackpink", "Billboard Hot 100", 13),
    ],
)
def test_chart_peaks_that_articles_misquote(catalogue: Catalogue, slug: str, chart: str, peak: int) -> None:
    assert _peak(_song(catalogue, slug), chart) == peak


@pytest.mark.parametrize(
    ("slug", "released", "precision"),
    [
        ("vente-pa-ca-english-version-feat-wendy-wendy", "2016-12-27", "day"),  # not 2017
        ("butter-bts", "2021-08-27", "day"),
        ("unforgiven-le-sserafim", "2023-05-01", "day"),
        ("angel-pt-1-jimin", "2023-05-18", "day"),  # the label's date, not 05-01
        ("who-do-u-love-monsta-x", "2019-06-14", "day"),  # the audio, not the video a week later
        ("slow-jackson-wang", "2023-04", "month"),  # 04-25 is the video's date; the audio's exact day is unconfirmed
        ("one-of-the-girls-jennie", "2023-06-23", "day"),  # the album track's date, not the later single push
        ("ayyy-girl-jyj", "2010-10-14", "day"),  # came with the album The Beginning
    ],
)
def test_release_dates_that_articles_misquote(catalogue: Catalogue, slug: str, released: str, precision: str) -> None:
    song = _song(catalogue, slug)
    assert (song.released.iso(), song.released.precision) == (released, precision)


@pytest.mark.parametrize(
    ("slug", "released", "zone"),
    [
        ("seoul-town-road-old-town-road-remix-rm", "2019-07-24", "US"),  # 07-25 in Korea
        ("ice-cream-blackpink", "2020-08-28", "KST"),  # some US lists say 08-27
        ("new-woman-lisa", "2024-08-15", "ET"),  # 08-16 in Korea
        ("too-much-jung-kook", "2023-10-20", "KST"),  # 10-19 in New York
    ],
)
def test_dates_either_side_of_the_date_line_say_whose_day_they_are(
    catalogue: Catalogue, slug: str, released: str, zone: str
) -> None:
    song = _song(catalogue, slug)
    assert (song.released.iso(), song.date_zone) == (released, zone)
