"""The questions of one game: generated from the catalogue, drawn from the curated packs, or a mix of both.

No question repeats within a game, and a channel's next games avoid the questions it was asked recently (as long as
there are others to ask).
"""

from __future__ import annotations

import random
from collections.abc import Collection

from bot.trivia.facts import Facts
from bot.trivia.packs import Pack, Packs
from bot.trivia.questions import GENERATED, Generator, Question

PACK_SHARE = 0.3  # in a mixed game, about this share of the questions comes from the packs


def _pack_questions(
    packs: Collection[Pack], difficulty: str, rng: random.Random, avoid: Collection[str]
) -> list[Question]:
    """Pack questions, those of the chosen difficulty first, the recently asked last."""
    made = []
    for pack in packs:
        for item in pack.questions:
            order = [0, 1, 2, 3]
            rng.shuffle(order)
            made.append(item.as_question(pack.id, order))
    rng.shuffle(made)
    made.sort(key=lambda q: (q.key in avoid, q.difficulty != difficulty))
    return made


def build_deck(
    facts: Facts,
    packs: Packs,
    *,
    rounds: int,
    difficulty: str,
    category: str | None,
    typed: bool,
    avoid: Collection[str],
    rng: random.Random,
) -> list[Question]:
    """Up to ``rounds`` questions for a game; fewer only if the catalogue and packs cannot make that many."""
    chosen: list[Question] = []
    if category is None or category == GENERATED:
        wanted = rounds if category == GENERATED else rounds - round(rounds * PACK_SHARE)
        generator = Generator(facts, rng, difficulty)
        chosen = generator.batch(wanted, avoid=set(avoid), typed=typed)
        if len(chosen) < wanted:  # a small catalogue: repeat a recent question rather than end early
            keys = {q.key for q in chosen}
            chosen += generator.batch(wanted - len(chosen), avoid=keys, typed=typed)
    selected = packs.packs if category in (None, GENERATED) else tuple(p for p in packs.packs if p.id == category)
    if category != GENERATED:
        from_packs = _pack_questions(selected, difficulty, rng, avoid)
        chosen += from_packs[: rounds - len(chosen)]
        if category is None and len(chosen) < rounds:  # packs ran short: fill with generated questions
            keys = {q.key for q in chosen} | set(avoid)
            chosen += Generator(facts, rng, difficulty).batch(rounds - len(chosen), avoid=keys, typed=typed)
    rng.shuffle(chosen)
    return chosen[:rounds]


# Kinds about one song: Quiz me asks about that day's songs.
DAY_KINDS = ("partner", "kpop_act", "year", "song_between")


def day_question(facts: Facts, days: Collection[tuple[int, int]], seed: str) -> Question | None:
    """One question about a song released on one of the (month, day) ``days``, the same for the same ``seed``."""
    wanted = set(days)
    songs = [s for s in facts.songs if s.precision == "day" and (s.month, s.day) in wanted]
    rng = random.Random(seed)
    generator = Generator(facts, rng, "normal")
    rng.shuffle(songs)
    for song in songs:
        for kind in rng.sample(DAY_KINDS, len(DAY_KINDS)):
            question = generator.make(kind, song)
            if question is not None:
                return question
    return None
