"""The catalogue validator: every problem reported as file:line: reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalogue.files import read_catalogue
from bot.catalogue.stats import catalogue_stats
from bot.paths import CATALOGUE_DIR

GOOD_COLLAB = """\
- id: new-song
  title: New Song
  credits:
    - {artist: rose, role: primary}
    - {artist: bruno-mars, role: featured}
  release_date: "2025-01-02"
  precision: day
  kind: single
  sources:
    - {url: "https://example.org/new", fact: "New Song came out on 2 January 2025"}
"""


def _write(catalogue: Path, text: str, name: str = "2025.yaml") -> Path:
    path = catalogue / "collabs" / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(catalogue: Path) -> list[str]:
    return list(read_catalogue(catalogue).problems)


def test_shipped_catalogue_has_no_problems() -> None:
    catalogue = read_catalogue(CATALOGUE_DIR)
    assert catalogue.problems == ()


def test_shipped_catalogue_meets_the_coverage_targets() -> None:
    stats = catalogue_stats(read_catalogue(CATALOGUE_DIR))
    assert stats.collabs >= 300
    assert stats.kpop_acts >= 80
    assert stats.first_year is not None and stats.first_year <= 2009
    assert stats.last_year is not None and stats.last_year >= 2026


def test_every_shipped_collaboration_has_a_source() -> None:
    assert all(collab.sources for collab in read_catalogue(CATALOGUE_DIR).collabs)


def test_small_catalogue_is_valid(small_catalogue: Path) -> None:
    assert _problems(small_catalogue) == []


def test_good_record_is_accepted(small_catalogue: Path) -> None:
    _write(small_catalogue, GOOD_COLLAB)
    catalogue = read_catalogue(small_catalogue)
    assert catalogue.problems == ()
    assert "new-song" in {c.slug for c in catalogue.collabs}


@pytest.mark.parametrize(
    ("old", "new", "line", "reason"),
    [
        ('release_date: "2025-01-02"', 'release_date: "2025-02-30"', 6, "is not a real day"),
        ('release_date: "2025-01-02"', 'release_date: "2025-01"', 6, "is not YYYY-MM-DD"),
        ("precision: day", "precision: week", 7, "precision 'week' is not one of"),
        # The credit's own line, not the ``credits:`` key above it.
        ("{artist: bruno-mars, role: featured}", "{artist: nobody, role: featured}", 5, "unknown artist id 'nobody'"),
        (
            "{artist: bruno-mars, role: featured}",
            "{artist: bruno-mars, role: singer}",
            5,
            "role 'singer' is not one of",
        ),
        ("kind: single", "kind: mixtape", 8, "kind 'mixtape' is not one of"),
        ("kind: single", "kind: single\n  date_zone: Seoul", 9, "date_zone 'Seoul' is not one of"),
        (
            'fact: "New Song came out on 2 January 2025"',
            "fact: New Song came out on 2 January, 2025",
            10,
            "unknown source field(s): 2025 (a comma inside an unquoted",
        ),
        ("{artist: bruno-mars, role: featured}", "{artist: bruno-mars, role: featured, rank: 2}", 5, "unknown credit"),
        ("id: new-song", "id: New Song", 1, "must be lower-case letters"),
        ("  title: New Song\n", "", 1, "missing 'title'"),
        (
            '  sources:\n    - {url: "https://example.org/new", fact: "New Song came out on 2 January 2025"}\n',
            "",
            1,
            "no source",
        ),
        ('url: "https://example.org/new"', 'url: "example.org/new"', 10, "is not an http(s) address"),
        ("    - {artist: bruno-mars, role: featured}\n", "", 3, "at least one K-pop and one international"),
        ("kind: single", "kind: single\n  colour: pink", 9, "unknown field 'colour'"),
        ("kind: single", "kind: single\n  kind: remix", 9, "field 'kind' appears twice"),
    ],
)
def test_each_kind_of_bad_record_is_reported_with_file_and_line(
    small_catalogue: Path, old: str, new: str, line: int, reason: str
) -> None:
    assert old in GOOD_COLLAB
    path = _write(small_catalogue, GOOD_COLLAB.replace(old, new))
    problems = _problems(small_catalogue)
    assert any(p.startswith(f"{path.name}:") or f"/{path.name}:" in p for p in problems), problems
    matching = [p for p in problems if reason in p]
    assert matching, problems
    assert f"2025.yaml:{line}: " in matching[0]


def test_duplicate_id_points_at_the_first(small_catalogue: Path) -> None:
    _write(small_catalogue, GOOD_COLLAB.replace("id: new-song", "id: apt"))
    problems = _problems(small_catalogue)
    assert any("duplicate id 'apt'" in p and "2024.yaml:1" in p for p in problems), problems


def test_a_duplicate_record_still_has_its_other_problems_reported(small_catalogue: Path) -> None:
    broken = GOOD_COLLAB.replace("id: new-song", "id: apt").replace("artist: bruno-mars", "artist: nobody")
    _write(small_catalogue, broken.replace("precision: day", "precision: week"))
    problems = _problems(small_catalogue)
    assert any("duplicate id 'apt'" in p for p in problems), problems
    assert any("2025.yaml:5: unknown artist id 'nobody'" in p for p in problems), problems
    assert any("2025.yaml:7: precision 'week'" in p for p in problems), problems


def test_duplicate_title_and_date_is_refused(small_catalogue: Path) -> None:
    _write(small_catalogue, GOOD_COLLAB.replace("title: New Song", "title: APT.").replace("2025-01-02", "2024-10-18"))
    assert any("duplicate title and date 'APT.'" in p for p in _problems(small_catalogue))


def test_membership_cycle_is_refused(small_catalogue: Path) -> None:
    artists = small_catalogue / "artists" / "artists.yaml"
    text = artists.read_text().replace(
        "  kind: group\n  country: South Korea\n", "  kind: group\n  country: South Korea\n  member_of: [rose]\n", 1
    )
    artists.write_text(text)
    assert any("membership cycle" in p for p in _problems(small_catalogue))


def test_unknown_group_is_refused(small_catalogue: Path) -> None:
    artists = small_catalogue / "artists" / "artists.yaml"
    artists.write_text(artists.read_text().replace("group: blackpink", "group: blackpunk"))
    assert any("unknown group id 'blackpunk'" in p for p in _problems(small_catalogue))


def test_yaml_syntax_error_is_reported_with_its_line(small_catalogue: Path) -> None:
    _write(small_catalogue, "- id: a\n  title: [unclosed\n")
    assert any("2025.yaml:" in p and "YAML syntax" in p for p in _problems(small_catalogue))


def test_every_problem_is_reported_not_just_the_first(small_catalogue: Path) -> None:
    broken = GOOD_COLLAB.replace("precision: day", "precision: week").replace("kind: single", "kind: mixtape")
    _write(small_catalogue, broken + broken.replace("id: new-song", "id: other-song"))
    problems = _problems(small_catalogue)
    assert sum("precision 'week'" in p for p in problems) == 2
    assert sum("kind 'mixtape'" in p for p in problems) == 2


def test_month_precision_keeps_no_day(small_catalogue: Path) -> None:
    _write(
        small_catalogue, GOOD_COLLAB.replace('"2025-01-02"', '"2025-01"').replace("precision: day", "precision: month")
    )
    collab = next(c for c in read_catalogue(small_catalogue).collabs if c.slug == "new-song")
    assert collab.released.precision == "month"
    assert collab.released.as_date() is None
