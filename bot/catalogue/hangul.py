"""What an unfinished Hangul query may become, so autocomplete can follow a Korean keyboard as it composes.

A Korean input method builds each syllable key by key, and Discord sends autocomplete on every
change: typing 정국 sends "ㅈ", "저", "정", "정ㄱ", "정구", "정국", and typing 로제 sends "ㄹ", "로",
"롲" (the ㅈ sits as the final consonant until the vowel moves it on), "로제". Only some of those are
plain prefixes of the name. :func:`completions` gives, for a normalised query, the ranges of text
its last syllable may still turn into; a term inside one of them is a prefix match. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

SYLLABLE_FIRST, SYLLABLE_LAST = 0xAC00, 0xD7A3
CHOSEONG_FIRST, CHOSEONG_LAST = 0x1100, 0x1112  # a lone initial consonant, as normalise() leaves "ㄱ"
_PER_INITIAL = 21 * 28  # syllables sharing an initial consonant
_PER_VOWEL = 28  # syllables sharing an initial and a vowel (no final, then 27 finals)
_AFTER = "\U0010ffff"

# A final consonant (index 1-27) that the next vowel moves on: (final left behind, initial of the next syllable).
_SPLIT = {
    1: (0, 0), 2: (0, 1), 3: (1, 9), 4: (0, 2), 5: (4, 12), 6: (4, 18), 7: (0, 3), 8: (0, 5), 9: (8, 0),
    10: (8, 6), 11: (8, 7), 12: (8, 9), 13: (8, 16), 14: (8, 17), 15: (8, 18), 16: (0, 6), 17: (0, 7),
    18: (17, 9), 19: (0, 9), 20: (0, 10), 21: (0, 11), 22: (0, 12), 23: (0, 14), 24: (0, 15), 25: (0, 16),
    26: (0, 17), 27: (0, 18),
}  # fmt: skip
# A final that one more key makes a double final (ㄱ→ㄳ, ㄴ→ㄵ ㄶ, ㄹ→ㄺ…ㅀ, ㅂ→ㅄ).
_FINAL_GROWS = {1: (3,), 4: (5, 6), 8: (9, 10, 11, 12, 13, 14, 15), 17: (18,)}
# A vowel that one more key makes a compound vowel (ㅗ→ㅘ ㅙ ㅚ, ㅜ→ㅝ ㅞ ㅟ, ㅡ→ㅢ).
_VOWEL_GROWS = {8: (9, 10, 11), 13: (14, 15, 16), 18: (19,)}

Range = tuple[str, str]  # [low, high): every text that sorts from low up to, not including, high


def _syllable(initial: int, vowel: int, final: int = 0) -> str:
    return chr(SYLLABLE_FIRST + initial * _PER_INITIAL + vowel * _PER_VOWEL + final)


def _initial_range(before: str, initial: int) -> Range:
    """Text continuing ``before`` with any syllable that starts with ``initial``."""
    return before + _syllable(initial, 0), before + chr(SYLLABLE_FIRST + (initial + 1) * _PER_INITIAL)


def completions(query: str) -> list[Range]:
    """Ranges of text that ``query`` (normalised) may be an unfinished form of; empty unless it ends in Hangul."""
    if not query:
        return []
    stem, last = query[:-1], ord(query[-1])
    if CHOSEONG_FIRST <= last <= CHOSEONG_LAST:
        return [_initial_range(stem, last - CHOSEONG_FIRST)]
    if not SYLLABLE_FIRST <= last <= SYLLABLE_LAST:
        return []
    index = last - SYLLABLE_FIRST
    initial, vowel, final = index // _PER_INITIAL, index % _PER_INITIAL // _PER_VOWEL, index % _PER_VOWEL
    if final == 0:
        # "저" may still take a final (정) or grow its vowel ("고" → 과).
        return [
            (stem + _syllable(initial, v), stem + chr(ord(_syllable(initial, v)) + _PER_VOWEL))
            for v in (vowel, *_VOWEL_GROWS.get(vowel, ()))
        ]
    kept, moved = _SPLIT[final]
    # "롲" may be "로" and a syllable starting with ㅈ; "달" may still become "닭".
    ranges = [_initial_range(stem + _syllable(initial, vowel, kept), moved)]
    ranges += [(stem + _syllable(initial, vowel, f), stem + _syllable(initial, vowel, f) + _AFTER)
               for f in _FINAL_GROWS.get(final, ())]  # fmt: skip
    return ranges


def within(term: str, ranges: Sequence[Range]) -> bool:
    return any(low <= term < high for low, high in ranges)
