"""Coverage figures: calendar days with an anniversary, and which K-pop acts have a debut; `check` prints them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.__main__ import main
from bot.catalogue.files import read_catalogue
from bot.catalogue.stats import CALENDAR_DAYS, catalogue_stats
from tests.catalogue.debut_catalogue import add_debuts

SETTINGS = ("DISCORD_TOKEN", "DEV_GUILD_ID", "LOG_LEVEL", "DATABASE_PATH", "SOURCE_URL", "DEFAULT_TIMEZONE")


def _collab(slug: str, date: str, precision: str = "day") -> str:
    return f"""\
- id: {slug}
  title: {slug}
  credits:
    - {{artist: rose, role: primary}}
    - {{artist: bruno-mars, role: featured}}
  release_date: "{date}"
  precision: {precision}
  sources:
    - {{url: "https://example.org/{slug}", fact: "released"}}
"""


def test_the_calendar_has_366_days_with_the_29th_of_february() -> None:
    assert len(CALENDAR_DAYS) == 366 and (2, 29) in CALENDAR_DAYS


def test_covered_days_count_day_precise_collaborations_only(small_catalogue: Path) -> None:
    # The small catalogue: Sour Candy on 05-28 and APT. on 10-18.
    stats = catalogue_stats(read_catalogue(small_catalogue))
    assert stats.covered_days == 2
    assert len(stats.empty_days) == 364
    assert "05-28" not in stats.empty_days and "10-18" not in stats.empty_days
    assert stats.empty_days[:3] == ("01-01", "01-02", "01-03")


def test_month_and_year_dates_cover_no_day_and_the_29th_of_february_counts(small_catalogue: Path) -> None:
    text = (
        _collab("leap", "2020-02-29") + _collab("month-only", "2021-03", "month") + _collab("year-only", "2022", "year")
    )
    (small_catalogue / "collabs" / "2021.yaml").write_text(text)
    catalogue = read_catalogue(small_catalogue)
    assert catalogue.problems == ()
    stats = catalogue_stats(catalogue)
    assert stats.covered_days == 3
    assert "02-29" not in stats.empty_days and "02-28" in stats.empty_days and "03-01" in stats.empty_days


def test_day_precise_debuts_cover_their_days_too(small_catalogue: Path) -> None:
    add_debuts(small_catalogue)
    stats = catalogue_stats(read_catalogue(small_catalogue))
    # BLACKPINK 08-08, BTS 06-12, TWICE 10-20 (day); NewJeans' debut is known to the month only.
    assert stats.covered_days == 5
    assert not {"08-08", "06-12", "10-20"} & set(stats.empty_days)
    assert "07-22" in stats.empty_days  # NewJeans debuted on 22 July 2022, but the fixture knows only the month


def test_debut_coverage_counts_the_credited_kpop_acts(small_catalogue: Path) -> None:
    stats = catalogue_stats(read_catalogue(small_catalogue))
    # ROSÉ counts under BLACKPINK: one K-pop act, without a debut record yet.
    assert (stats.kpop_acts, stats.debuts, stats.missing_debuts) == (1, 0, ("blackpink",))
    add_debuts(small_catalogue)  # BLACKPINK's debut, and three acts credited on no collaboration
    stats = catalogue_stats(read_catalogue(small_catalogue))
    assert (stats.kpop_acts, stats.debuts, stats.missing_debuts) == (1, 1, ())


def _check(small_catalogue: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> list[str]:
    for key in SETTINGS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(small_catalogue.parent)
    monkeypatch.setenv("CATALOGUE_DIR", str(small_catalogue))
    code = main(["check"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0, lines
    return lines


def test_check_prints_the_covered_days_and_lists_the_empty_ones(
    small_catalogue: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _check(small_catalogue, monkeypatch, capsys)
    [days] = [line for line in lines if line.startswith("anniversaries on ")]
    assert days.startswith("anniversaries on 2/366 calendar days; empty: 01-01 01-02 ")
    empty = days.split("empty: ")[1].split(" ")
    assert len(empty) == 364 and "05-28" not in empty and "02-29" in empty


def test_check_lists_the_acts_missing_a_debut_without_failing(
    small_catalogue: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _check(small_catalogue, monkeypatch, capsys)  # exit 0: a missing debut is information, not a problem
    assert "debuts: 0 of 1 K-pop acts; missing: blackpink" in lines
    assert lines[-1] == "0 problem(s)"
    add_debuts(small_catalogue)
    lines = _check(small_catalogue, monkeypatch, capsys)
    assert "debuts: 1 of 1 K-pop acts" in lines
    assert any(line.startswith("anniversaries on 5/366 calendar days; empty: ") for line in lines)


def _credited(slug: str, *credits: tuple[str, str]) -> str:
    lines = "".join(f"    - {{artist: {artist}, role: {role}}}\n" for artist, role in credits)
    return f"""\
- id: {slug}
  title: {slug}
  credits:
{lines}  release_date: "2021"
  precision: year
  sources:
    - {{url: "https://example.org/{slug}", fact: "released"}}
"""


def test_performers_on_both_sides_count_remixers_but_not_writers_or_producers(small_catalogue: Path) -> None:
    text = (
        _credited("remixed", ("rose", "primary"), ("bruno-mars", "remixer"))  # counts: a remixer performs
        + _credited("written", ("rose", "primary"), ("bruno-mars", "producer"))  # a producer credit alone: no
        + _credited("k-writer", ("bruno-mars", "primary"), ("rose", "producer"))  # nor on the K-pop side
    )
    (small_catalogue / "collabs" / "2021.yaml").write_text(text)
    catalogue = read_catalogue(small_catalogue)
    assert catalogue.problems == ()
    stats = catalogue_stats(catalogue)
    # The fixture's Sour Candy and APT. have performers on both sides; of the three added, only the remix does.
    assert (stats.collabs, stats.both_sides) == (5, 3)


def test_check_prints_how_many_have_performers_on_both_sides(
    small_catalogue: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (small_catalogue / "collabs" / "2021.yaml").write_text(
        _credited("written", ("rose", "primary"), ("bruno-mars", "producer"))
    )
    lines = _check(small_catalogue, monkeypatch, capsys)
    assert any(line.startswith("catalogue: 3 collaborations (2 with performers on both sides), ") for line in lines)
