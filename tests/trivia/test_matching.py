"""Typed answers: one normalisation, every alias and the Hangul name, small typos by length, no shotgun guesses."""

from __future__ import annotations

import random
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from bot.catalogue.files import read_catalogue
from bot.normalise import normalise
from bot.paths import CATALOGUE_DIR
from bot.trivia.facts import Person, facts_from_catalogue
from bot.trivia.matching import allowed_typos, matches, shape


@cache
def people() -> list[Person]:
    return sorted(facts_from_catalogue(read_catalogue(CATALOGUE_DIR)).people.values(), key=lambda p: p.slug)


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("rose", ["ROSÉ"]),
        ("  Rosé!! ", ["ROSÉ"]),
        ("jungkook", ["Jung Kook"]),
        ("정국", ["Jung Kook", "정국"]),
        ("rose and bruno mars", ["ROSÉ & Bruno Mars"]),
        ("rose x bruno mars", ["ROSÉ & Bruno Mars"]),
        ("Seven ft. Latto", ["Seven (feat. Latto)"]),
        ("blakcpink", ["BLACKPINK"]),  # a transposition in a long name
        ("Megan Thee Stalion", ["Megan Thee Stallion"]),
        ("2019", ["2019"]),
    ],
)
def test_answers_people_type_are_accepted(typed: str, accepted: list[str]) -> None:
    assert matches(typed, accepted)


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("jimin", ["Jin"]),  # another member: short names forgive no typo
        ("suga", ["SUGA "[:3]]),
        ("2018", ["2019"]),
        ("lisa", ["ROSÉ"]),
        ("rose jisoo jennie lisa jin jimin suga", ["ROSÉ"]),  # a shotgun guess
        ("", ["ROSÉ"]),
        ("!!!", ["ROSÉ"]),
    ],
)
def test_other_answers_and_shotgun_guesses_are_rejected(typed: str, accepted: list[str]) -> None:
    assert not matches(typed, accepted)


def test_typo_allowance_grows_with_the_answers_length() -> None:
    assert [allowed_typos(n) for n in (3, 4, 5, 8, 9, 14, 15)] == [0, 0, 1, 1, 2, 2, 3]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_every_name_alias_and_hangul_of_a_real_artist_is_accepted_with_a_small_typo(data: st.DataObject) -> None:
    person = data.draw(st.sampled_from(people()))
    name = data.draw(st.sampled_from(person.names))
    assert matches(name, person.names)
    assert matches(name.upper(), person.names)
    folded = normalise(name)
    # One letter missing inside a word (dropping a word's last letter can make another name: "Jay B" -> "Jay").
    inside = [i for i in range(1, len(folded) - 1) if " " not in folded[i - 1 : i + 2]]
    if allowed_typos(len(folded)) and inside:
        index = data.draw(st.sampled_from(inside))
        typo = folded[:index] + folded[index + 1 :]
        assert matches(typo, person.names)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_different_artists_name_is_rejected(data: st.DataObject) -> None:
    everyone = people()
    first = data.draw(st.sampled_from(everyone))
    second = data.draw(st.sampled_from(everyone))
    firsts = {normalise(n) for n in first.names}
    seconds = {normalise(n) for n in second.names}
    if firsts & seconds or any(a.replace(" ", "") == b.replace(" ", "") for a in firsts for b in seconds):
        return  # two records sharing a name (a soloist and their group's alias) are not "different" here
    typed = normalise(second.name)
    # A near-namesake within the typo allowance is accepted by design ("Jay Park" / "Jay Parks"); others never.
    close = any(Levenshtein.distance(typed, a) <= allowed_typos(len(a)) for a in firsts)
    if not close and len(typed) <= 2 * max(len(a) for a in firsts) + 4:
        assert not matches(second.name, first.names), (second.name, first.names)


def test_shape_hides_letters_and_keeps_the_words() -> None:
    assert shape("Seven Days", 1) == "S**** D***"
    assert shape("APT.", 2) == "AP*."
    assert shape("Jung Kook", 0) == "**** ****"


def test_a_random_real_answer_is_never_matched_by_an_empty_or_punctuation_message() -> None:
    rng = random.Random(4)
    for person in rng.sample(people(), 50):
        assert not matches("...", person.names)
