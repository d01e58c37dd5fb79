"""A game's questions: the size asked for, the category chosen, nothing repeated, the channel's recent ones avoided."""

from __future__ import annotations

import random
from functools import cache

from bot.catalogue.files import read_catalogue
from bot.paths import CATALOGUE_DIR, SOURCE_ROOT
from bot.trivia.deck import build_deck, day_question
from bot.trivia.facts import Facts, facts_from_catalogue
from bot.trivia.packs import Packs, read_packs
from bot.trivia.questions import Question


@cache
def facts() -> Facts:
    return facts_from_catalogue(read_catalogue(CATALOGUE_DIR))


@cache
def packs() -> Packs:
    return read_packs(SOURCE_ROOT / "data" / "trivia")


def deck(
    category: str | None, rounds: int = 10, avoid: frozenset[str] = frozenset(), typed: bool = False
) -> list[Question]:
    return build_deck(
        facts(),
        packs(),
        rounds=rounds,
        difficulty="normal",
        category=category,
        typed=typed,
        avoid=avoid,
        rng=random.Random(3),
    )


def test_a_mixed_game_draws_from_the_catalogue_and_the_packs() -> None:
    questions = deck(None, rounds=20)
    assert len(questions) == 20 and len({q.key for q in questions}) == 20
    categories = {q.category for q in questions}
    assert "generated" in categories and categories - {"generated"}


def test_a_pack_game_asks_only_that_packs_questions() -> None:
    questions = deck("charts", rounds=10)
    assert len(questions) == 10 and {q.category for q in questions} == {"charts"}


def test_a_generated_game_asks_only_generated_questions() -> None:
    assert {q.category for q in deck("generated")} == {"generated"}


def test_the_next_game_in_a_channel_avoids_the_questions_it_asked() -> None:
    first = deck("charts", rounds=10)
    second = deck("charts", rounds=10, avoid=frozenset(q.key for q in first))
    assert not {q.key for q in first} & {q.key for q in second}
    generated = deck("generated", rounds=15)
    again = deck("generated", rounds=15, avoid=frozenset(q.key for q in generated))
    assert not {q.key for q in generated} & {q.key for q in again}


def test_typed_games_only_get_questions_that_can_be_typed() -> None:
    assert all(q.typed for q in deck(None, rounds=20, typed=True))


def test_a_days_question_is_about_a_song_of_that_day_and_the_same_for_the_same_seed() -> None:
    day_songs = [s for s in facts().songs if s.precision == "day"]
    song = day_songs[len(day_songs) // 2]
    assert song.month is not None and song.day is not None
    days = [(song.month, song.day)]
    question = day_question(facts(), days, seed="2026-11-30:42")
    assert question is not None
    released = {s.slug for s in facts().songs if s.precision == "day" and (s.month, s.day) in days}
    assert question.key.split(":")[1] in released
    assert day_question(facts(), days, seed="2026-11-30:42") == question
    assert day_question(facts(), [], seed="x") is None
