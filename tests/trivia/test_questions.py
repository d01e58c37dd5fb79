"""The question generator, over the real catalogue: one right option, distinct options, provable from the records.

The checks here read the catalogue files themselves (bot.catalogue.files), not the generator's helpers, so a wrong
distractor rule in the generator cannot hide behind the same rule in the test.
"""

from __future__ import annotations

import random
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.catalogue.files import read_catalogue
from bot.catalogue.model import Catalogue, Collab
from bot.normalise import normalise
from bot.paths import CATALOGUE_DIR
from bot.trivia.facts import Facts, base_title, facts_from_catalogue
from bot.trivia.questions import DIFFICULTIES, TYPED_KINDS, Generator, Question

PERFORMING = {"primary", "featured", "with", "remixer"}


@cache
def catalogue() -> Catalogue:
    return read_catalogue(CATALOGUE_DIR)


@cache
def facts() -> Facts:
    return facts_from_catalogue(catalogue())


@cache
def collab(slug: str) -> Collab:
    return next(c for c in catalogue().collabs if c.slug == slug)


def performers(record: Collab) -> set[str]:
    return {c.artist for c in record.credits if c.role in PERFORMING}


@cache
def act(slug: str) -> frozenset[str]:
    """The artist with its groups and their members, from the artist records (a second derivation)."""
    artists = {a.slug: a for a in catalogue().artists}
    found, stack = {slug}, [slug]
    while stack:
        current = stack.pop()
        linked = {m.group for m in artists[current].member_of} if current in artists else set()
        linked |= {a.slug for a in catalogue().artists if any(m.group == current for m in a.member_of)}
        for other in linked - found:
            found.add(other)
            stack.append(other)
    return frozenset(found)


def versions_of(title: str) -> list[Collab]:
    return [c for c in catalogue().collabs if base_title(c.title) == base_title(title)]


def right_options(question: Question) -> list[int]:
    """Every option the catalogue proves right, found independently of the generator."""
    records = catalogue().collabs
    ids = question.option_ids
    kind = question.kind
    if kind == "partner":
        song, asked = question.subject
        same = versions_of(collab(song).title)
        return [i for i, o in enumerate(ids) if any(o in {c.artist for c in r.credits} for r in same)]
    if kind == "kpop_act":
        song, asked = question.subject
        right = []
        for i, option in enumerate(ids):
            family = act(option)
            if any(asked in {c.artist for c in r.credits} and family & {c.artist for c in r.credits} for r in records):
                right.append(i)
        return right
    if kind == "year":
        (song,) = question.subject
        return [i for i, o in enumerate(ids) if int(o) == collab(song).released.year]
    if kind == "song_between":
        first, second = question.subject
        one, two = act(first), act(second)
        return [
            i
            for i, o in enumerate(ids)
            if {c.artist for c in collab(o).credits} & one and {c.artist for c in collab(o).credits} & two
        ]
    if kind == "not_collab":
        (subject,) = question.subject
        family = act(subject)
        return [i for i, o in enumerate(ids) if not {c.artist for c in collab(o).credits} & family]
    if kind == "member_of":
        (member,) = question.subject
        groups = {m.group for a in catalogue().artists if a.slug == member for m in a.member_of}
        return [i for i, o in enumerate(ids) if o in groups]
    if kind == "worked_with":
        (subject,) = question.subject
        family = act(subject)
        return [
            i
            for i, o in enumerate(ids)
            if any(family & {c.artist for c in r.credits} and o in {c.artist for c in r.credits} for r in records)
        ]
    if kind == "chart_peak":
        _, chart, peak = question.subject
        return [
            i for i, o in enumerate(ids) if any(p.chart == chart and p.peak == int(peak) for p in collab(o).chart_peaks)
        ]
    raise AssertionError(f"unknown kind {kind}")


def check(question: Question) -> None:
    assert len(question.options) == 4
    assert len({normalise(o) for o in question.options}) == 4, question.options
    assert right_options(question) == [question.correct], (question.prompt, question.options, question.correct)
    assert all(0 < len(o) <= 80 for o in question.options)
    if question.kind in ("song_between", "not_collab", "chart_peak"):
        # Never two versions of one song among the options.
        bases = [base_title(collab(o).title) for o in question.option_ids]
        assert len(set(bases)) == 4, bases


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    kind=st.sampled_from(sorted(Generator(facts(), random.Random(0)).kinds)),
    difficulty=st.sampled_from(DIFFICULTIES),
)
def test_every_generated_question_has_exactly_one_right_option_the_catalogue_proves(
    seed: int, kind: str, difficulty: str
) -> None:
    question = Generator(facts(), random.Random(seed), difficulty).make(kind)
    if question is not None:
        check(question)


def test_a_sweep_of_every_kind_and_difficulty_holds_one_provable_right_option_each() -> None:
    # The property test above samples; this sweep covers a fixed spread of seeds on every run.
    for difficulty in DIFFICULTIES:
        generator = Generator(facts(), random.Random(f"sweep-{difficulty}"), difficulty)
        for kind in sorted(generator.kinds):
            for _ in range(30):
                question = generator.make(kind)
                if question is not None:
                    check(question)


def test_every_song_asked_about_holds_one_provable_right_option() -> None:
    # Every two-sided song once per song-based kind: a rare credit (a producer on another act's song) cannot hide.
    generator = Generator(facts(), random.Random(11), "normal")
    for song in generator._two_sided:
        for kind in ("partner", "kpop_act"):
            question = generator.make(kind, song)
            if question is not None:
                check(question)


def test_every_kind_can_be_made_from_the_real_catalogue() -> None:
    generator = Generator(facts(), random.Random(7))
    made = {kind for kind in generator.kinds for _ in range(20) if generator.make(kind) is not None}
    assert made == set(generator.kinds)
    assert len(made) >= 6


def test_prompts_never_give_the_answer_away_in_a_title() -> None:
    generator = Generator(facts(), random.Random(3))
    made = [q for q in (generator.make("partner") for _ in range(300)) if q is not None]
    assert len(made) > 200
    for question in made:
        assert normalise(question.answer) not in normalise(question.prompt.split(" with ")[0]), question.prompt


def test_a_batch_never_repeats_a_question_and_avoids_the_recent_ones() -> None:
    first = Generator(facts(), random.Random(1)).batch(30)
    keys = [q.key for q in first]
    assert len(keys) == len(set(keys)) == 30
    second = Generator(facts(), random.Random(1)).batch(30, avoid=set(keys))
    assert not {q.key for q in second} & set(keys)


def test_typed_batches_only_hold_questions_that_can_be_typed() -> None:
    batch = Generator(facts(), random.Random(2)).batch(20, typed=True)
    assert batch and all(q.typed and q.kind in TYPED_KINDS for q in batch)


def test_hard_distractor_years_are_closer_than_easy_ones() -> None:
    def spread(difficulty: str) -> float:
        generator = Generator(facts(), random.Random(5), difficulty)
        gaps = []
        made = [q for q in (generator.make("year") for _ in range(80)) if q is not None]
        assert len(made) >= 60  # a song of this year has no later years to offer as hard distractors
        for question in made:
            answer = int(question.answer)
            gaps += [abs(int(o) - answer) for i, o in enumerate(question.options) if i != question.correct]
        return sum(gaps) / len(gaps)

    assert spread("hard") < spread("normal") < spread("easy")


def test_month_precision_records_are_asked_no_more_precisely_than_stored() -> None:
    generator = Generator(facts(), random.Random(9))
    month_only = [s for s in facts().songs if s.precision != "day"]
    assert month_only
    for song in month_only[:40]:
        question = generator.make("year", song)
        assert question is not None
        assert song.date_text() in question.why and len(song.date_text()) < 10
