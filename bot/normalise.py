"""The one text normalisation used for every match: search, autocomplete, trivia answers.

``normalise("ROSÉ & Bruno Mars")`` and ``normalise("rose x bruno mars")`` are both ``"rose bruno mars"``.
Hangul is kept as Hangul (syllables stay composed), so "정국" matches only itself.
"""

from __future__ import annotations

import re
import unicodedata

# Words that only join credits: "A & B", "A and B", "A x B", "A feat. B", "A ft. B", "A with B", "A vs B".
CONNECTORS = frozenset({"and", "x", "feat", "ft", "featuring", "with", "vs", "prod"})

# Apostrophes, dots and hyphens join the parts of one word ("j-hope", "APT.", "Girls'"); every other
# punctuation mark or symbol separates words.
_JOINERS = frozenset("'’`´.-‐‑‒–—·")
_SPACES = re.compile(r"\s+")


def _fold_char(ch: str) -> str:
    if ch in _JOINERS:
        return ""
    category = unicodedata.category(ch)
    if category == "Mn":  # accents left over after decomposition: ROSÉ -> rose
        return ""
    if category[0] in "PSZ":  # punctuation, symbols (emoji, &, +, ×), separators
        return " "
    if category[0] == "C":  # control, format (zero-width joiners), unassigned, private use
        return ""
    return ch


def _once(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(_fold_char(ch) for ch in text)
    # Compose again so that Hangul jamo go back to syllables and the result is in NFC.
    text = unicodedata.normalize("NFC", text).casefold()
    words = [word for word in _SPACES.split(text) if word and word not in CONNECTORS]
    return " ".join(words)


def normalise(text: str) -> str:
    """Fold ``text`` for matching: case, accents, punctuation, spacing and credit connectors."""
    result = _once(text)
    # A few code points fold into text that folds further (casefold after NFC); settle on a fixed point.
    for _ in range(3):
        again = _once(result)
        if again == result:
            break
        result = again
    return result


def words(text: str) -> list[str]:
    """The words of ``normalise(text)``."""
    folded = normalise(text)
    return folded.split(" ") if folded else []
