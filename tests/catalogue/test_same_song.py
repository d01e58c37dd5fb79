"""The validator's "same song entered twice under two titles": normalised titles without credits, same performers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalogue.files import read_catalogue

# The small catalogue already holds APT. (rose & bruno-mars, collabs/2024.yaml) and Sour Candy (lady-gaga with
# blackpink, collabs/2020.yaml). Each test adds one record to a later file, so it is the later of the two.
RECORD = """\
- id: {id}
  title: "{title}"
  credits:
{credits}
  release_date: "{date}"
  precision: day
  sources:
    - {{url: "https://example.org/x", fact: "released"}}
"""
APT_CREDITS = "    - {artist: rose, role: primary}\n    - {artist: bruno-mars, role: primary}"


def _add(catalogue: Path, title: str, credits: str = APT_CREDITS, date: str = "2025-03-01") -> Path:
    path = catalogue / "collabs" / "2025.yaml"
    path.write_text(RECORD.format(id="second-entry", title=title, credits=credits, date=date), encoding="utf-8")
    return path


def _problems(catalogue: Path) -> list[str]:
    return list(read_catalogue(catalogue).problems)


@pytest.mark.parametrize(
    "title",
    [
        "APT",  # punctuation
        "apt.",  # case
        "APT. (feat. Bruno Mars)",
        "APT. (with Bruno Mars)",
        "APT. [feat. Bruno Mars]",
        "APT. (Prod. by Bruno Mars)",
        "APT. feat. Bruno Mars",
        "APT.  (FEAT. BRUNO MARS // PROD. BY X)",
    ],
)
def test_the_same_title_with_or_without_its_credit_part_is_the_same_song(small_catalogue: Path, title: str) -> None:
    _add(small_catalogue, title)
    problems = _problems(small_catalogue)
    assert len(problems) == 1, problems
    assert "2025.yaml:2: same song as apt (" in problems[0]
    assert problems[0].endswith("2024.yaml:2)")  # APT.'s title line in the fixture


def test_credit_roles_do_not_matter_only_who_performs(small_catalogue: Path) -> None:
    credits = "    - {artist: rose, role: primary}\n    - {artist: bruno-mars, role: featured}"
    _add(small_catalogue, "APT. (feat. Bruno Mars)", credits)
    assert any("same song as apt" in p for p in _problems(small_catalogue))


def test_a_song_is_refused_and_leaves_the_catalogue(small_catalogue: Path) -> None:
    _add(small_catalogue, "APT (feat. Bruno Mars)")
    read = read_catalogue(small_catalogue)
    assert not read.ok and "second-entry" not in {c.slug for c in read.collabs}


@pytest.mark.parametrize(
    "title",
    [
        "APT. (Remix)",
        "APT. (Korean Version)",
        "APT. (English Version)",
        "APT. (Japanese ver.)",
        "APT. [Japanese Ver.]",
        "APT. (Acoustic)",
        "APT. (Live)",
        "APT. (Instrumental)",
        "APT. (Sped Up)",
        "APT. (feat. Bruno Mars) (Remix)",
        "APT. feat. Bruno Mars [Japanese Ver.]",
        "APT. (English version, feat. Bruno Mars)",
        "APT. Pt. 2",
        "APT. Feat of Strength",  # a word in the title, not a credit ("feat." with its dot is one)
    ],
)
def test_other_versions_of_a_song_are_not_duplicates(small_catalogue: Path, title: str) -> None:
    _add(small_catalogue, title)
    assert _problems(small_catalogue) == []


def test_the_same_title_by_other_performers_is_another_song(small_catalogue: Path) -> None:
    credits = "    - {artist: blackpink, role: primary}\n    - {artist: bruno-mars, role: featured}"
    _add(small_catalogue, "APT.", credits)
    assert _problems(small_catalogue) == []


def test_one_more_performer_is_another_song(small_catalogue: Path) -> None:
    credits = APT_CREDITS + "\n    - {artist: lady-gaga, role: featured}"
    _add(small_catalogue, "APT. (feat. Lady Gaga)", credits)
    assert _problems(small_catalogue) == []


def test_a_producer_credit_is_not_a_performer(small_catalogue: Path) -> None:
    credits = APT_CREDITS + "\n    - {artist: lady-gaga, role: producer}"
    _add(small_catalogue, "APT. (Prod. by Lady Gaga)", credits)
    assert any("same song as apt" in p for p in _problems(small_catalogue))


def test_the_same_title_on_the_same_day_keeps_its_own_message(small_catalogue: Path) -> None:
    _add(small_catalogue, "APT.", date="2024-10-18")
    problems = _problems(small_catalogue)
    assert len(problems) == 1 and "duplicate title and date 'APT.'" in problems[0]
