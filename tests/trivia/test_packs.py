"""Curated packs: the shipped ones are valid and big enough; each kind of mistake is reported as file:line: reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.paths import SOURCE_ROOT
from bot.trivia.packs import read_packs

GOOD = """\
id: sample
name: Sample
description: A pack for tests.
questions:
  - question: Which rapper is featured on Jung Kook's Seven?
    answer: Latto
    wrong: [Doja Cat, Megan Thee Stallion, Cardi B]
    aliases: [Big Latto]
    difficulty: easy
    why: Seven (feat. Latto) came out in July 2023.
    source: {url: "https://example.org/seven", fact: "Seven (feat. Latto)"}
"""


def write(tmp_path: Path, text: str, name: str = "sample.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_shipped_packs_are_valid_and_hold_at_least_60_questions() -> None:
    packs = read_packs(SOURCE_ROOT / "data" / "trivia")
    assert packs.problems == ()
    assert packs.question_count >= 60
    assert len(packs.packs) >= 3
    for pack in packs.packs:
        assert sum(pack.spread().values()) == len(pack.questions)


def test_a_good_pack_reads_with_its_question_and_aliases(tmp_path: Path) -> None:
    packs = read_packs(write(tmp_path, GOOD))
    assert packs.problems == ()
    (pack,) = packs.packs
    question = pack.questions[0].as_question(pack.id, [2, 0, 3, 1])
    assert question.answer == "Latto" and question.options[question.correct] == "Latto"
    assert "Big Latto" in question.accepted and question.key == "pack:sample:1"


@pytest.mark.parametrize(
    ("change", "line", "reason"),
    [
        (("    wrong: [Doja Cat, Megan Thee Stallion, Cardi B]", "    wrong: [Doja Cat, Cardi B]"), 7, "exactly 3"),
        (("    wrong: [Doja Cat, Megan Thee Stallion, Cardi B]", "    wrong: [Doja Cat, LATTO, Cardi B]"), 7, "differ"),
        (("    difficulty: easy", "    difficulty: medium"), 9, "difficulty"),
        (('    source: {url: "https://example.org/seven", fact: "Seven (feat. Latto)"}', ""), 5, "source"),
        (("    aliases: [Big Latto]", "    aliases: [Cardi B]"), 8, "alias equals a wrong option"),
        (("    why: Seven (feat. Latto) came out in July 2023.", "    when: 2023"), 10, "unknown key"),
        (("id: sample", "id: other"), 1, "file name"),
    ],
)
def test_each_mistake_is_reported_with_its_line(
    tmp_path: Path, change: tuple[str, str], line: int, reason: str
) -> None:
    old, new = change
    assert old in GOOD
    packs = read_packs(write(tmp_path, GOOD.replace(old, new)))
    assert packs.packs == ()
    assert any(f"sample.yaml:{line}:" in p and reason in p for p in packs.problems), packs.problems


def test_a_question_asked_twice_in_a_pack_is_reported(tmp_path: Path) -> None:
    question = GOOD[GOOD.index("  - question") :]
    packs = read_packs(write(tmp_path, GOOD + question))
    assert any("sample.yaml:12:" in p and "same question as line 5" in p for p in packs.problems), packs.problems


def test_yaml_syntax_errors_are_reported_not_raised(tmp_path: Path) -> None:
    packs = read_packs(write(tmp_path, "id: [unclosed\n"))
    assert packs.packs == () and "YAML syntax" in packs.problems[0]
