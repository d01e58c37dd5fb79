"""debuts.yaml: read with the catalogue, every problem reported as file:line: reason, part of the content hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalogue.files import catalogue_files, content_hash, read_catalogue
from bot.catalogue.model import ReleaseDate
from tests.catalogue.debut_catalogue import add_debuts

GOOD = """\
- artist: twice
  date: '2015-10-20'
  precision: day
  release: Like Ooh-Ahh
  album: The Story Begins
  sources:
  - {url: 'https://example.org/twice', fact: 'released on 20 October 2015'}
"""


@pytest.fixture
def catalogue(small_catalogue: Path) -> Path:
    add_debuts(small_catalogue)
    return small_catalogue


def _write(catalogue: Path, text: str) -> Path:
    path = catalogue / "debuts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(catalogue: Path) -> list[str]:
    return list(read_catalogue(catalogue).problems)


def test_the_debut_fixtures_are_read_with_the_catalogue(catalogue: Path) -> None:
    read = read_catalogue(catalogue)
    assert read.problems == ()
    debuts = {d.artist: d for d in read.debuts}
    assert set(debuts) == {"blackpink", "bts", "newjeans", "twice"}
    assert debuts["twice"].released == ReleaseDate(2015, 10, 20)
    assert debuts["twice"].release == "Like Ooh-Ahh" and debuts["twice"].album == "The Story Begins"
    assert debuts["blackpink"].date_zone == "KST"
    assert debuts["newjeans"].released.precision == "month"
    assert debuts["bts"].sources[0].url == "https://example.org/bts-debut"


def test_a_catalogue_without_a_debuts_file_has_no_debuts_and_no_problem(small_catalogue: Path) -> None:
    read = read_catalogue(small_catalogue)
    assert read.problems == () and read.debuts == ()


def test_debuts_file_is_part_of_the_catalogue_files_and_its_hash(catalogue: Path) -> None:
    path = catalogue / "debuts.yaml"
    assert path in catalogue_files(catalogue)
    before = content_hash(catalogue)
    path.write_text(path.read_text().replace("Like Ooh-Ahh", "Like OOH-AHH"))
    assert content_hash(catalogue) != before
    path.unlink()
    assert path not in catalogue_files(catalogue)


def test_an_unquoted_date_is_read_as_the_same_day(catalogue: Path) -> None:
    _write(catalogue, GOOD.replace("'2015-10-20'", "2015-10-20"))  # YAML reads it as a date
    read = read_catalogue(catalogue)
    assert read.problems == () and read.debuts[0].released == ReleaseDate(2015, 10, 20)


@pytest.mark.parametrize(
    ("old", "new", "line", "reason"),
    [
        ("artist: twice", "artist: twyce", 1, "unknown artist id 'twyce'"),
        ("artist: twice", "artist: bruno-mars", 1, "'bruno-mars' is an international artist"),
        ("artist: twice", "artist: rose", 1, "'rose' is a member of blackpink"),
        ("  date: '2015-10-20'\n", "", 1, "missing 'date'"),
        ("'2015-10-20'", "'2015-10-32'", 2, "date '2015-10-32' is not a real day"),
        ("'2015-10-20'", "'20 October 2015'", 2, "date '20 October 2015' is not YYYY-MM-DD"),
        ("'2015-10-20'", "'2015-10'", 2, "date '2015-10' is not YYYY-MM-DD (precision day)"),
        ("precision: day", "precision: month", 2, "date '2015-10-20' is not YYYY-MM (precision month)"),
        ("precision: day", "precision: week", 3, "precision 'week' is not one of"),
        ("  release: Like Ooh-Ahh\n", "", 1, "missing 'release'"),
        (
            "  sources:\n  - {url: 'https://example.org/twice', fact: 'released on 20 October 2015'}\n",
            "",
            1,
            "no source",
        ),
        ("fact: 'released on 20 October 2015'", "fact: ''", 7, "has no 'fact'"),
        ("album: The Story Begins", "album: The Story Begins\n  label: JYP", 6, "unknown field 'label'"),
        ("album: The Story Begins", "album: The Story Begins\n  date_zone: Seoul", 6, "date_zone 'Seoul'"),
        ("precision: day", "precision: day\n  precision: day", 4, "field 'precision' appears twice"),
    ],
)
def test_each_kind_of_bad_debut_is_reported_with_file_and_line(
    catalogue: Path, old: str, new: str, line: int, reason: str
) -> None:
    assert old in GOOD
    _write(catalogue, GOOD.replace(old, new))
    problems = _problems(catalogue)
    matching = [p for p in problems if reason in p]
    assert matching, problems
    assert f"debuts.yaml:{line}: " in matching[0]
    assert not read_catalogue(catalogue).ok


def test_a_second_debut_for_one_act_points_at_the_first(catalogue: Path) -> None:
    _write(catalogue, GOOD + "\n" + GOOD.replace("Like Ooh-Ahh", "Cheer Up"))
    [problem] = _problems(catalogue)
    assert "debuts.yaml:9: second debut for 'twice' (first at " in problem and problem.endswith("debuts.yaml:1)")


def test_a_file_that_is_not_a_list_says_what_a_record_starts_with(catalogue: Path) -> None:
    _write(catalogue, "artist: twice\n")
    assert any("debuts.yaml:1: " in p and "'- artist: ...'" in p for p in _problems(catalogue))


# ------------------------------------------------------------------ a debut after the act's first collaboration
# BLACKPINK's first collaboration in the small catalogue is Sour Candy, released 2020-05-28 (collabs/2020.yaml:1).
BLACKPINK = """\
- artist: blackpink
  date: '{date}'
  precision: {precision}
  release: Whistle
  sources:
  - {{url: 'https://example.org/blackpink', fact: 'debut'}}
"""


@pytest.mark.parametrize(
    ("date", "precision"),
    [("2020-05-29", "day"), ("2020-06", "month"), ("2021", "year")],
)
def test_a_debut_after_the_acts_first_collaboration_is_refused(catalogue: Path, date: str, precision: str) -> None:
    _write(catalogue, BLACKPINK.format(date=date, precision=precision))
    problems = _problems(catalogue)
    assert len(problems) == 1, problems
    assert "debuts.yaml:2: " in problems[0]
    assert f"debut date {date} is after the act's first collaboration, sour-candy (2020-05-28, " in problems[0]
    assert "2020.yaml:1)" in problems[0]


@pytest.mark.parametrize(
    ("date", "precision"),
    # The same day, or a coarser date that includes the collaboration's day, is not "after" it.
    [("2020-05-28", "day"), ("2020-05", "month"), ("2020", "year"), ("2016-08-08", "day")],
)
def test_a_debut_on_or_before_the_first_collaboration_at_the_coarser_precision_is_accepted(
    catalogue: Path, date: str, precision: str
) -> None:
    _write(catalogue, BLACKPINK.format(date=date, precision=precision))
    assert _problems(catalogue) == []


def test_only_the_acts_own_credits_count_not_its_members(catalogue: Path) -> None:
    # ROSÉ (a member of BLACKPINK) is on APT. (2024-10-18): a BLACKPINK debut in 2021 is after Sour Candy only.
    _write(catalogue, BLACKPINK.format(date="2021-01-01", precision="day"))
    [problem] = _problems(catalogue)
    assert "sour-candy" in problem and "apt" not in problem.split("collaboration, ")[1].split(" ")[0]


def test_the_collaboration_date_is_compared_at_its_own_precision(catalogue: Path) -> None:
    collabs = catalogue / "collabs" / "2020.yaml"
    collabs.write_text(
        collabs.read_text().replace(
            "release_date: 2020-05-28\n  precision: day", "release_date: '2020'\n  precision: year"
        )
    )
    _write(catalogue, BLACKPINK.format(date="2020-12-31", precision="day"))
    assert _problems(catalogue) == []  # in 2020, as Sour Candy is known to be: not after
    _write(catalogue, BLACKPINK.format(date="2021-01-01", precision="day"))
    assert any("is after the act's first collaboration, sour-candy (2020," in p for p in _problems(catalogue))
