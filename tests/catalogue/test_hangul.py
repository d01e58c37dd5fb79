"""Autocomplete follows a Korean keyboard: every state an input method shows while typing a name reaches the name."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bot.catalogue.hangul import completions, within
from bot.catalogue.search import Tier, tier_of
from bot.normalise import normalise

# The keys of a two-set Korean keyboard, as compatibility jamo (what a half-typed syllable shows).
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")
# Compound vowels and double finals are typed as two keys.
VOWEL_KEYS = {"ㅘ": "ㅗㅏ", "ㅙ": "ㅗㅐ", "ㅚ": "ㅗㅣ", "ㅝ": "ㅜㅓ", "ㅞ": "ㅜㅔ", "ㅟ": "ㅜㅣ", "ㅢ": "ㅡㅣ"}
FINAL_KEYS = {"ㄳ": "ㄱㅅ", "ㄵ": "ㄴㅈ", "ㄶ": "ㄴㅎ", "ㄺ": "ㄹㄱ", "ㄻ": "ㄹㅁ", "ㄼ": "ㄹㅂ", "ㄽ": "ㄹㅅ",
              "ㄾ": "ㄹㅌ", "ㄿ": "ㄹㅍ", "ㅀ": "ㄹㅎ", "ㅄ": "ㅂㅅ"}  # fmt: skip


def compose(initial: str, vowel: str, final: str = "") -> str:
    return chr(0xAC00 + (INITIALS.index(initial) * 21 + VOWELS.index(vowel)) * 28 + FINALS.index(final))


def typing_states(word: str) -> list[str]:
    """What the input method shows after each key while typing ``word`` (whole syllables), simulated independently."""
    parts = []
    for syllable in word:
        index = ord(syllable) - 0xAC00
        parts.append((INITIALS[index // 588], VOWELS[index % 588 // 28], FINALS[index % 28]))
    states = []
    for n, (initial, vowel, final) in enumerate(parts):
        done = word[:n]
        states.append(done + initial)
        vowel_keys = VOWEL_KEYS.get(vowel, vowel)
        for k in range(1, len(vowel_keys) + 1):
            partial = next(v for v, keys in [*VOWEL_KEYS.items(), *((x, x) for x in VOWELS)] if keys == vowel_keys[:k])
            states.append(done + compose(initial, partial))
        final_keys = FINAL_KEYS.get(final, final)
        for k in range(1, len(final_keys) + 1):
            partial = next(
                f for f, keys in [*FINAL_KEYS.items(), *((x, x) for x in FINALS[1:])] if keys == final_keys[:k]
            )
            states.append(done + compose(initial, vowel, partial))
        if not final and n + 1 < len(parts) and parts[n + 1][0] in FINALS:
            # The next initial first lands as this syllable's final: 로 + ㅈ shows 롲 until the vowel comes.
            states.append(done + compose(initial, vowel, parts[n + 1][0]))
    return states


def test_the_simulation_matches_what_a_keyboard_shows() -> None:
    assert typing_states("정국") == ["ㅈ", "저", "정", "정ㄱ", "정구", "정국"]
    assert typing_states("로제") == ["ㄹ", "로", "롲", "로ㅈ", "로제"]
    assert typing_states("닭") == ["ㄷ", "다", "달", "닭"]
    assert typing_states("과") == ["ㄱ", "고", "과"]


def _reaches(state: str, name: str) -> bool:
    query, term = normalise(state), normalise(name)
    return tier_of(query, term, completions(query)) <= Tier.PREFIX


def test_every_typing_state_of_a_korean_name_reaches_it() -> None:
    for name in ("정국", "로제", "방탄소년단", "블랙핑크", "제이홉", "뷔", "르세라핌", "에스파", "세븐틴", "닭"):
        for state in typing_states(name):
            assert _reaches(state, name), (state, name)


syllables = st.integers(0xAC00, 0xD7A3).map(chr)


@given(st.text(syllables, min_size=1, max_size=6))
def test_every_typing_state_of_any_syllables_reaches_them(name: str) -> None:
    for state in typing_states(name):
        assert _reaches(state, name), (state, name)


def test_a_finished_syllable_does_not_reach_other_syllables() -> None:
    assert not _reaches("정구", "정호연")  # 구 can become 국 or 궈, never 호
    assert not _reaches("로", "리사")
    assert not _reaches("롲", "로보")  # the ㅈ moves on as an initial ㅈ, not ㅂ
    assert _reaches("롲", "롲데")  # or it stays a final


def test_non_hangul_queries_have_no_completions() -> None:
    assert completions("") == []
    assert completions("rose") == []
    assert completions(normalise("ROSÉ")) == []


def test_a_lone_consonant_reaches_every_syllable_that_starts_with_it() -> None:
    ranges = completions(normalise("ㅈ"))
    assert all(within(unicodedata.normalize("NFC", name), ranges) for name in ("정국", "제니", "지수", "짐"))
    assert not within("뷔", ranges)
