"""Curated trivia packs: ``data/trivia/<pack>.yaml``, read and validated like the catalogue (``file:line: reason``).

A pack file::

    id: history                   # lower-case letters, digits and hyphens; what /trivia start category= names
    name: K-pop × the world: history
    description: One line shown by /trivia packs.
    questions:
      - question: Which rapper is featured on Jung Kook's "Seven"?
        answer: Latto
        wrong: [Doja Cat, Megan Thee Stallion, Cardi B]   # exactly three, all different from the answer
        aliases: [Big Latto]                               # optional: other ways to type the answer
        difficulty: easy                                    # easy, normal or hard
        why: "Seven" (feat. Latto) came out on 14 July 2023.  # revealed with the answer
        source: {url: "https://…", fact: "the words on the page that state it"}
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.normalise import normalise
from bot.trivia.questions import DIFFICULTIES, LABEL_MAX, OPTION_COUNT, Question

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,30}")
_PACK_KEYS = {"id", "name", "description", "questions"}
_QUESTION_KEYS = {"question", "answer", "wrong", "aliases", "difficulty", "why", "source"}
PROMPT_MAX = 300


@dataclass(frozen=True, slots=True)
class PackQuestion:
    number: int  # 1-based position in the pack: part of the question's stable key
    question: str
    answer: str
    wrong: tuple[str, ...]
    aliases: tuple[str, ...]
    difficulty: str
    why: str
    source_url: str
    source_fact: str

    def as_question(self, pack: str, order: list[int]) -> Question:
        """The question with its options in ``order`` (a permutation of 0..3, 0 being the answer)."""
        labels = [self.answer, *self.wrong]
        options = tuple(labels[i] for i in order)
        return Question(
            key=f"pack:{pack}:{self.number}",
            kind="pack",
            prompt=self.question,
            options=options,
            correct=order.index(0),
            accepted=(self.answer, *self.aliases),
            why=self.why,
            source=self.source_url,
            difficulty=self.difficulty,
            category=pack,
            option_ids=options,
        )


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    name: str
    description: str
    questions: tuple[PackQuestion, ...]

    def spread(self) -> dict[str, int]:
        """How many questions of each difficulty."""
        return {level: sum(1 for q in self.questions if q.difficulty == level) for level in DIFFICULTIES}


@dataclass(frozen=True, slots=True)
class Packs:
    packs: tuple[Pack, ...]
    problems: tuple[str, ...]

    def get(self, pack_id: str) -> Pack | None:
        return next((pack for pack in self.packs if pack.id == pack_id), None)

    @property
    def question_count(self) -> int:
        return sum(len(pack.questions) for pack in self.packs)


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _entries(node: yaml.MappingNode) -> Iterator[tuple[str, yaml.Node, int]]:
    for key_node, value_node in node.value:
        yield str(key_node.value), value_node, key_node.start_mark.line + 1


def _text(node: yaml.Node | None) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
        value = str(node.value).strip()
        return value or None
    return None


def _texts(node: yaml.Node | None) -> list[str] | None:
    if not isinstance(node, yaml.SequenceNode):
        return None
    values = [_text(item) for item in node.value]
    return None if any(v is None for v in values) else [v for v in values if v is not None]


def _question(fields: dict[str, tuple[yaml.Node, int]], line: int, number: int, fail: Any) -> PackQuestion | None:
    def get(key: str) -> yaml.Node | None:
        return fields[key][0] if key in fields else None

    def at(key: str) -> int:
        return fields[key][1] if key in fields else line

    ok = True
    for key in sorted(set(fields) - _QUESTION_KEYS):
        ok = fail(at(key), f"unknown key {key!r} (expected {', '.join(sorted(_QUESTION_KEYS))})")
    prompt, answer, why = _text(get("question")), _text(get("answer")), _text(get("why"))
    for key, value in (("question", prompt), ("answer", answer), ("why", why)):
        if value is None:
            ok = fail(at(key), f"question needs a non-empty {key!r}")
    if prompt and len(prompt) > PROMPT_MAX:
        ok = fail(at("question"), f"question is {len(prompt)} characters (at most {PROMPT_MAX})")
    wrong = _texts(get("wrong"))
    if wrong is None or len(wrong) != OPTION_COUNT - 1:
        ok = fail(at("wrong"), f"'wrong' must list exactly {OPTION_COUNT - 1} wrong options")
        wrong = None
    aliases = _texts(get("aliases")) if "aliases" in fields else []
    if aliases is None:
        ok = fail(at("aliases"), "'aliases' must be a list of texts")
    if answer and wrong is not None:
        options = [answer, *wrong]
        if len({normalise(o) for o in options}) != len(options):
            ok = fail(at("wrong"), "the answer and the wrong options must all differ (after normalising)")
        for option in options:
            if len(option) > LABEL_MAX:
                ok = fail(at("wrong"), f"option {option[:30]!r}… is over {LABEL_MAX} characters (a button label)")
        accepted = {normalise(a) for a in (answer, *(aliases or []))}
        if clash := [w for w in wrong if normalise(w) in accepted]:
            ok = fail(at("aliases"), f"an alias equals a wrong option: {clash[0]!r}")
    difficulty = _text(get("difficulty"))
    if difficulty not in DIFFICULTIES:
        ok = fail(at("difficulty"), f"difficulty {difficulty!r} is not one of {', '.join(DIFFICULTIES)}")
    source = get("source")
    url = fact = None
    if isinstance(source, yaml.MappingNode):
        parts = {key: _text(value) for key, value, _ in _entries(source)}
        url, fact = parts.get("url"), parts.get("fact")
    if not url or not fact:
        ok = fail(at("source"), "question needs a source: {url, fact} with the words that state the answer")
    elif not re.match(r"(https?://\S+|github:\S+)$", url):
        ok = fail(at("source"), f"source url {url!r} is not an http(s) or github: address")
    if not ok:
        return None
    assert prompt and answer and why and wrong is not None and difficulty and url and fact
    return PackQuestion(number, prompt, answer, tuple(wrong), tuple(aliases or ()), difficulty, why, url, fact)


def read_pack(path: Path, problems: list[str]) -> Pack | None:
    """One pack, or None with its problems appended as ``file:line: reason``."""
    shown = _display(path)

    def fail(line: int, reason: str) -> bool:
        problems.append(f"{shown}:{line}: {reason}")
        return False

    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError as error:
        fail(1, f"not UTF-8 text ({error.reason})")
        return None
    except yaml.MarkedYAMLError as error:
        fail(error.problem_mark.line + 1 if error.problem_mark else 1, f"YAML syntax: {error.problem}")
        return None
    if not isinstance(root, yaml.MappingNode):
        fail(1, "a pack is a mapping with id, name, description and questions")
        return None
    top = {key: (value, line) for key, value, line in _entries(root)}
    ok = True
    for key in sorted(set(top) - _PACK_KEYS):
        ok = fail(top[key][1], f"unknown key {key!r} (expected {', '.join(sorted(_PACK_KEYS))})")
    pack_id = _text(top.get("id", (None, 1))[0])
    if pack_id is None or not _ID.fullmatch(pack_id) or pack_id == "generated":
        ok = fail(top.get("id", (None, 1))[1], f"pack id {pack_id!r} must be lower-case words joined by hyphens")
    elif pack_id != path.stem:
        ok = fail(top["id"][1], f"pack id {pack_id!r} must match the file name {path.stem!r}")
    name = _text(top.get("name", (None, 1))[0])
    description = _text(top.get("description", (None, 1))[0])
    if not name or not description:
        ok = fail(1, "a pack needs a 'name' and a 'description'")
    questions_node = top.get("questions", (None, 1))
    if not isinstance(questions_node[0], yaml.SequenceNode) or not questions_node[0].value:
        fail(questions_node[1], "a pack needs a non-empty list of 'questions'")
        return None
    questions: list[PackQuestion] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(questions_node[0].value, start=1):
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            ok = fail(line, "a question is a mapping (question, answer, wrong, difficulty, why, source)")
            continue
        fields = {key: (value, key_line) for key, value, key_line in _entries(item)}
        question = _question(fields, line, number, fail)
        if question is None:
            ok = False
            continue
        folded = normalise(question.question)
        if folded in seen:
            ok = fail(line, f"the same question as line {seen[folded]}")
            continue
        seen[folded] = line
        questions.append(question)
    if not ok:
        return None
    assert pack_id and name and description
    return Pack(pack_id, name, description, tuple(questions))


def read_packs(directory: Path) -> Packs:
    """Every ``*.yaml`` pack in ``directory`` (none if it does not exist), with every problem found."""
    problems: list[str] = []
    packs = []
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        pack = read_pack(path, problems)
        if pack is not None:
            packs.append(pack)
    return Packs(tuple(packs), tuple(problems))
