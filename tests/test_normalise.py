"""The one normalisation function: properties over any Unicode, and the folds fans rely on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.normalise import normalise


@given(st.text())
def test_normalise_never_raises_and_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(st.text())
def test_output_has_no_outer_or_double_spaces(text: str) -> None:
    folded = normalise(text)
    assert folded == folded.strip()
    assert "  " not in folded


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ROSÉ", "rose"),
        ("ROSÉ & Bruno Mars", "rose x bruno mars"),
        ("Rosé and Bruno Mars", "ROSE, BRUNO MARS"),
        ("Seven (feat. Latto)", "seven ft latto"),
        ("Seven (feat. Latto)", "Seven featuring Latto"),
        ("White Christmas (with V of BTS)", "white christmas v of bts"),
        ("j-hope", "JHOPE"),
        ("APT.", "apt"),
        ("Ｊｕｎｇ　Ｋｏｏｋ", "jung kook"),
        ("Beyoncé", "beyonce"),
        ("zero\u200bwidth", "zerowidth"),
        ("🍦 Ice Cream 🍦", "ice cream"),
    ],
)
def test_variants_fold_to_the_same_text(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


def test_hangul_is_kept_and_matches_itself() -> None:
    assert normalise("정국") == "정국"
    assert normalise("방탄소년단") != normalise("블랙핑크")
    assert normalise("로제 (ROSÉ)") == "로제 rose"


def test_different_words_stay_different() -> None:
    assert normalise("Butter") != normalise("Better")
