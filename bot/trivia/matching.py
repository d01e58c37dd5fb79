"""Does a typed message answer the question? One rule for every typed answer, built on the project's normaliser.

Case, accents, punctuation, "&"/"and", "feat."/"ft."/"with"/"x" are folded by :func:`bot.normalise.normalise`;
every alias and the Hangul name are accepted; small typos are forgiven in proportion to the answer's length (none
for a short name, where one letter makes another artist); a message much longer than the answer is not an answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from bot.normalise import normalise


def allowed_typos(length: int) -> int:
    """Edits forgiven for an answer of ``length`` characters (normalised)."""
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    if length <= 14:
        return 2
    return 3


def too_long(guess: str, answer: str) -> bool:
    """A shotgun guess: far more text than the answer ("jin jimin suga rm..." for "Jin")."""
    return len(guess) > 2 * len(answer) + 4


def matches(text: str, accepted: Iterable[str]) -> bool:
    """Whether ``text`` names one of the ``accepted`` answers."""
    guess = normalise(text)
    if not guess:
        return False
    for answer in accepted:
        target = normalise(answer)
        if not target or too_long(guess, target):
            continue
        if guess == target or guess.replace(" ", "") == target.replace(" ", ""):
            return True
        limit = allowed_typos(len(target))
        if limit and Levenshtein.distance(guess, target, score_cutoff=limit) <= limit:
            return True
    return False


def shape(answer: str, revealed: int) -> str:
    """The answer's shape for a hint: ``S**** D*****`` with the first ``revealed`` letters of each word shown."""
    out = []
    for word in answer.split(" "):
        shown = 0
        letters = []
        for ch in word:
            if ch.isalnum():
                letters.append(ch if shown < revealed else "*")
                shown += 1
            else:
                letters.append(ch)
        out.append("".join(letters))
    return " ".join(out)
