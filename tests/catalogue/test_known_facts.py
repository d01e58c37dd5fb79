"""Facts that popular articles get wrong (see the shared data notes): the shipped catalogue must keep them right."""

from __future__ import annotations

import pytest

from bot.catalogue.files import read_catalogue
from bot.catalogue.model import Catalogue, Collab
from bot.paths import CATALOGUE_DIR


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return read_catalogue(CATALOGUE_DIR)


def _song(catalogue: Catalogue, title: str) -> Collab:
    found = [c for c in catalogue.collabs if c.title == title]
    assert len(found) == 1, f"{title!r}: {len(found)} records"
    return found[0]


def _peak(song: Collab, chart: str) -> int:
    peaks = [p.peak for p in song.chart_peaks if p.chart == chart]
    assert len(peaks) == 1, f"{song.title!r} has {len(peaks)} {chart} peaks"
    return peaks[0]


@pytest.mark.parametrize(
    ("title", "chart", "peak"),
    [
        ("Closer to You (feat. Major Lazer)", "Billboard 200 (album Golden)", 2),  # Golden debuted at No. 2, not No. 1
        ("Sour Candy", "Billboard Hot 100", 33),  # did not top the chart
        ("MIC Drop (Steve Aoki Remix) (feat. Desiigner)", "Billboard Hot 100", 28),
        ("Ice Cream (with Selena Gomez)", "Billboard Hot 100", 13),
    ],
)
def test_chart_peaks_that_articles_misquote(catalogue: Catalogue, title: str, chart: str, peak: int) -> None:
    assert _peak(_song(catalogue, title), chart) == peak


@pytest.mark.parametrize(
    ("title", "released", "precision"),
    [
        ("Vente Pa' Ca (English version, feat. Wendy)", "2016-12-27", "day"),  # not 2017
        ("Butter (feat. Megan Thee Stallion)", "2021-08-27", "day"),
        ("UNFORGIVEN (feat. Nile Rodgers)", "2023-05-01", "day"),
        ("Angel Pt. 1 (feat. Jimin of BTS, JVKE & Muni Long)", "2023-05-18", "day"),  # the label's date, not 05-01
        ("Who Do U Love? (feat. French Montana)", "2019-06-14", "day"),  # the audio, not the video a week later
        ("Slow", "2023-04", "month"),  # 04-25 is the video's date; the audio's exact day is unconfirmed
        ("One of the Girls", "2023-06-23", "day"),  # the album track's date, not the later single push
        ("Ayyy Girl (feat. Kanye West & Malik Yusef)", "2010-10-14", "day"),  # came with the album The Beginning
    ],
)
def test_release_dates_that_articles_misquote(catalogue: Catalogue, title: str, released: str, precision: str) -> None:
    song = _song(catalogue, title)
    assert (song.released.iso(), song.released.precision) == (released, precision)


@pytest.mark.parametrize(
    ("title", "released", "zone"),
    [
        ("Seoul Town Road (Old Town Road Remix)", "2019-07-24", "US"),  # 07-25 in Korea
        ("Ice Cream (with Selena Gomez)", "2020-08-28", "KST"),  # some US lists say 08-27
        ("New Woman (feat. Rosalía)", "2024-08-15", "ET"),  # 08-16 in Korea
        ("Too Much", "2023-10-20", "KST"),  # 10-19 in New York
    ],
)
def test_dates_either_side_of_the_date_line_say_whose_day_they_are(
    catalogue: Catalogue, title: str, released: str, zone: str
) -> None:
    song = _song(catalogue, title)
    assert (song.released.iso(), song.date_zone) == (released, zone)
