"""Trivia questions: their shape, and the generator that makes them from the catalogue's facts.

Every generated question has exactly one right option among four distinct ones, provable from the catalogue: the
distractors are chosen among artists or songs the catalogue shows to be wrong (an artist with no song with the
subject at all, a song by neither artist), never two versions of one song. ``option_ids`` keeps what each option
names (an artist or song slug, a year), so a test can check a question against the catalogue on its own.

Difficulty shapes the distractors: ``easy`` picks them far from the answer (another era, another kind of artist),
``hard`` close to it (the same years, the same kind), ``normal`` at random.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.normalise import normalise
from bot.trivia.facts import Facts, Person, Song, bare_title

DIFFICULTIES = ("easy", "normal", "hard")
OPTION_COUNT = 4
LABEL_MAX = 80  # Discord's limit for a button label
GENERATED = "generated"
THIS_YEAR = 2026


@dataclass(frozen=True, slots=True)
class Question:
    key: str  # stable: the same question has the same key in every game ("year:seven-jung-kook")
    kind: str
    prompt: str
    options: tuple[str, ...]
    correct: int  # index of the right option
    accepted: tuple[str, ...]  # what a typed answer may say: the answer, its aliases, its Hangul name
    why: str  # one line revealed with the answer
    source: str | None  # where the fact comes from
    difficulty: str
    category: str  # GENERATED or a pack's id
    option_ids: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()  # the slugs the prompt names
    typed: bool = True  # whether the question makes sense without options (a name, a title, a year)

    @property
    def answer(self) -> str:
        return self.options[self.correct]


def _fit(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def _quote(title: str) -> str:
    return f"“{title}”"


def _asked(title: str) -> str:
    """A title as a prompt names it: without its credits, which could give the answer away."""
    return _quote(bare_title(title))


class Generator:
    """Makes questions of each kind from one snapshot of facts; ``rng`` makes it reproducible."""

    def __init__(self, facts: Facts, rng: random.Random, difficulty: str = "normal") -> None:
        if difficulty not in DIFFICULTIES:
            raise ValueError(f"difficulty {difficulty!r} is not one of {DIFFICULTIES}")
        self.facts = facts
        self.rng = rng
        self.difficulty = difficulty
        self.kinds: dict[str, Callable[[Song | None], Question | None]] = {
            "partner": self.partner,
            "kpop_act": self.kpop_act,
            "year": self.year,
            "song_between": self.song_between,
            "not_collab": self.not_collab,
            "member_of": self.member_of,
            "worked_with": self.worked_with,
            "chart_peak": self.chart_peak,
        }
        performing = [song for song in facts.songs if self._sides(song)[0] and self._sides(song)[1]]
        self._two_sided = performing
        self._members = sorted(
            (p for p in facts.people.values() if [g for g in p.groups if g in facts.people]), key=lambda p: p.slug
        )

    # ------------------------------------------------------------------ helpers
    def _sides(self, song: Song) -> tuple[list[str], list[str]]:
        people = self.facts.people
        kpop = [s for s in song.performers if s in people and people[s].side == "kpop"]
        intl = [s for s in song.performers if s in people and people[s].side == "international"]
        return kpop, intl

    def _popular_first(self, songs: Sequence[Song]) -> list[Song]:
        """Easy questions are about the songs people know: charting songs, then the rest."""
        if self.difficulty != "easy":
            return list(songs)
        charting = [song for song in songs if song.peaks]
        return charting or list(songs)

    def _closeness_order(self, candidates: list[str], score: Callable[[str], float]) -> list[str]:
        """Candidates in the order the difficulty wants them: far first (easy), close first (hard), shuffled."""
        self.rng.shuffle(candidates)
        if self.difficulty == "easy":
            candidates.sort(key=score, reverse=True)
            pool = candidates[: max(OPTION_COUNT * 3, len(candidates) // 3)]
        elif self.difficulty == "hard":
            candidates.sort(key=score)
            pool = candidates[: max(OPTION_COUNT * 3, len(candidates) // 10)]
        else:
            pool = candidates
        self.rng.shuffle(pool)
        return pool

    def _artist_distance(self, answer: str) -> Callable[[str], float]:
        people, facts = self.facts.people, self.facts
        era = facts.era(answer)
        kind = people[answer].kind

        def distance(slug: str) -> float:
            return abs(facts.era(slug) - era) + (0 if people[slug].kind == kind else 5)

        return distance

    def _pick_artists(self, answer: str, allowed: Callable[[str], bool], side: str | None) -> list[str] | None:
        """Three distractor artists with distinct labels, none sharing the answer's label."""
        people = self.facts.people
        candidates = [
            slug
            for slug, person in people.items()
            if slug != answer and (side is None or person.side == side) and self.facts.songs_of(slug) and allowed(slug)
        ]
        chosen: list[str] = []
        labels = {_fit(self.facts.label(answer)).casefold()}
        for slug in self._closeness_order(candidates, self._artist_distance(answer)):
            label = _fit(self.facts.label(slug)).casefold()
            if label in labels:
                continue
            labels.add(label)
            chosen.append(slug)
            if len(chosen) == OPTION_COUNT - 1:
                return chosen
        return None

    def _pick_songs(self, answer: Song, allowed: Callable[[Song], bool]) -> list[Song] | None:
        """Three distractor songs: no two versions of one song among the four options."""
        bases = {answer.base}
        labels = {_fit(answer.title).casefold()}
        candidates = [song for song in self.facts.songs if song.base not in bases and allowed(song)]
        by_slug = {song.slug: song for song in candidates}
        order = self._closeness_order(list(by_slug), lambda slug: abs(by_slug[slug].year - answer.year))
        chosen: list[Song] = []
        for slug in order:
            song = by_slug[slug]
            label = _fit(song.title).casefold()
            if song.base in bases or label in labels:
                continue
            bases.add(song.base)
            labels.add(label)
            chosen.append(song)
            if len(chosen) == OPTION_COUNT - 1:
                return chosen
        return None

    def _assemble(
        self,
        *,
        key: str,
        kind: str,
        prompt: str,
        right: tuple[str, str],
        wrong: Sequence[tuple[str, str]],
        accepted: Sequence[str],
        why: str,
        source: str | None,
        subject: Sequence[str],
        typed: bool,
    ) -> Question:
        """Shuffle the answer among the distractors; options are (label, id) pairs."""
        options = [right, *wrong]
        self.rng.shuffle(options)
        return Question(
            key=key,
            kind=kind,
            prompt=prompt,
            options=tuple(_fit(label) for label, _ in options),
            correct=options.index(right),
            accepted=tuple(dict.fromkeys(accepted)),
            why=why,
            source=source,
            difficulty=self.difficulty,
            category=GENERATED,
            option_ids=tuple(ident for _, ident in options),
            subject=tuple(subject),
            typed=typed,
        )

    def _artist_question(
        self,
        key: str,
        kind: str,
        prompt: str,
        song: Song,
        answer: str,
        wrong: Sequence[str],
        *,
        subject: tuple[str, ...],
        typed: bool,
    ) -> Question:
        """A question whose options are artists (labelled with their group) and whose proof is ``song``'s credits."""
        return self._assemble(
            key=key,
            kind=kind,
            prompt=prompt,
            right=(self.facts.label(answer), answer),
            wrong=[(self.facts.label(slug), slug) for slug in wrong],
            accepted=self._accepted(self.facts.people[answer]),
            why=f"{_quote(song.title)} ({song.date_text()}) is by {self.facts.credit_line(song)}.",
            source=song.source,
            subject=subject,
            typed=typed,
        )

    def _song(self, songs: Sequence[Song], given: Song | None) -> Song | None:
        if given is not None:
            return given if given in songs else None
        pool = self._popular_first(songs)
        return self.rng.choice(pool) if pool else None

    def _accepted(self, person: Person) -> list[str]:
        return list(person.names)

    # ------------------------------------------------------------------ kinds
    def partner(self, given: Song | None = None) -> Question | None:
        """Who recorded song X with K-pop artist A? (An international performer of X.)"""
        song = self._song(self._two_sided, given)
        if song is None:
            return None
        kpop, intl = self._sides(song)
        asked, answer = self.rng.choice(kpop), self.rng.choice(intl)
        # Nobody credited on any version of the song may be a distractor: each would be a second right answer.
        versions = {s for other in self.facts.songs if other.base == song.base for s in other.everyone}
        wrong = self._pick_artists(answer, lambda slug: slug not in versions, "international")
        if wrong is None:
            return None
        return self._artist_question(
            f"partner:{song.slug}:{asked}",
            "partner",
            f"Who recorded {_asked(song.title)} with {self.facts.people[asked].name}?",
            song,
            answer,
            wrong,
            subject=(song.slug, asked),
            typed=len(intl) == 1,
        )

    def kpop_act(self, given: Song | None = None) -> Question | None:
        """Which K-pop act recorded song X with international artist Y?"""
        song = self._song(self._two_sided, given)
        if song is None:
            return None
        kpop, intl = self._sides(song)
        asked, answer = self.rng.choice(intl), self.rng.choice(kpop)
        # A distractor must never have worked with Y, nor belong to the act (or group) of a right answer.
        excluded: set[str] = set()
        for slug in kpop:
            excluded |= self.facts.family(slug)
        # Anyone credited with Y in any role (a producer credit too) would make a second right answer.
        worked_with_asked = {s for other in self.facts.songs_of(asked) for s in other.everyone}
        for slug in worked_with_asked:
            excluded |= self.facts.family(slug)
        versions = {s for other in self.facts.songs if other.base == song.base for s in other.everyone}
        wrong = self._pick_artists(answer, lambda slug: slug not in excluded and slug not in versions, "kpop")
        if wrong is None:
            return None
        return self._artist_question(
            f"kpop_act:{song.slug}:{asked}",
            "kpop_act",
            f"Which K-pop artist recorded {_asked(song.title)} with {self.facts.people[asked].name}?",
            song,
            answer,
            wrong,
            subject=(song.slug, asked),
            typed=len(kpop) == 1,
        )

    def year(self, given: Song | None = None) -> Question | None:
        """In which year did song X come out? (Every record knows at least its year.)"""
        song = self._song(self._two_sided if given is None else [given], given)
        if song is None:
            return None
        spread = {"easy": range(3, 8), "normal": range(1, 6), "hard": range(1, 3)}[self.difficulty]
        offsets = [sign * step for step in spread for sign in (-1, 1)]
        self.rng.shuffle(offsets)
        years: list[int] = []
        for offset in offsets:
            year = song.year + offset
            if 1990 <= year <= THIS_YEAR and year not in years:
                years.append(year)
            if len(years) == OPTION_COUNT - 1:
                break
        if len(years) < OPTION_COUNT - 1:
            return None
        return self._assemble(
            key=f"year:{song.slug}",
            kind="year",
            prompt=f"In which year did {_asked(song.title)} by {self.facts.credit_line(song)} come out?",
            right=(str(song.year), str(song.year)),
            wrong=[(str(y), str(y)) for y in years],
            accepted=[str(song.year)],
            why=f"{_quote(song.title)} was released {song.date_text()}.",
            source=song.source,
            subject=(song.slug,),
            typed=True,
        )

    def song_between(self, given: Song | None = None) -> Question | None:
        """Which of these songs is a collaboration between A and B?"""
        song = self._song(self._two_sided, given)
        if song is None:
            return None
        kpop, intl = self._sides(song)
        first, second = self.rng.choice(kpop), self.rng.choice(intl)
        first_family, second_family = self.facts.family(first), self.facts.family(second)

        def not_between(other: Song) -> bool:
            return not (other.everyone & first_family and other.everyone & second_family)

        wrong = self._pick_songs(song, not_between)
        if wrong is None:
            return None
        people = self.facts.people
        return self._assemble(
            key=f"song_between:{song.slug}",
            kind="song_between",
            prompt=f"Which of these songs is a collaboration between {people[first].name} and {people[second].name}?",
            right=(bare_title(song.title), song.slug),
            wrong=[(bare_title(s.title), s.slug) for s in wrong],
            accepted=[song.title],
            why=f"{_quote(song.title)} ({song.date_text()}) is by {self.facts.credit_line(song)}.",
            source=song.source,
            subject=(first, second),
            typed=False,
        )

    def not_collab(self, given: Song | None = None) -> Question | None:
        """Which of these is NOT a collaboration of A? (Three songs A performs on, and one with none of A's act.)"""
        pool = self._two_sided if given is None else [given]
        song = self._song(pool, given)
        if song is None:
            return None
        kpop, _ = self._sides(song)
        subject = self.rng.choice(kpop)
        theirs: list[Song] = []
        bases: set[str] = set()
        candidates = self.facts.performed_by(subject)
        self.rng.shuffle(candidates)
        for own in [song, *candidates]:
            if own.base not in bases:
                bases.add(own.base)
                theirs.append(own)
        if len(theirs) < OPTION_COUNT - 1:
            return None
        theirs = theirs[: OPTION_COUNT - 1]
        family = self.facts.family(subject)
        anchor = theirs[0]
        outsiders = self._pick_songs(anchor, lambda other: not other.everyone & family and other.base not in bases)
        if not outsiders:
            return None
        answer = outsiders[0]
        name = self.facts.people[subject].name
        return self._assemble(
            key=f"not_collab:{subject}:{answer.slug}",
            kind="not_collab",
            prompt=f"Which of these is NOT a collaboration of {name}?",
            right=(bare_title(answer.title), answer.slug),
            wrong=[(bare_title(s.title), s.slug) for s in theirs],
            accepted=[answer.title],
            why=f"{_quote(answer.title)} is by {self.facts.credit_line(answer)}; the others feature {name}.",
            source=answer.source,
            subject=(subject,),
            typed=False,
        )

    def member_of(self, given: Song | None = None) -> Question | None:
        """Which group is member M in?"""
        people = self.facts.people
        members = self._members
        if given is not None:
            members = [people[s] for s in given.performers if s in people and people[s] in self._members]
        if not members:
            return None
        member = self.rng.choice(members)
        groups = [g for g in member.groups if g in people]
        answer = self.rng.choice(groups)
        excluded = self.facts.family(member.slug)
        wrong = self._pick_artists(
            answer,
            lambda slug: slug not in excluded and people[slug].kind in ("group", "sub-unit", "duo", "band"),
            "kpop",
        )
        if wrong is None:
            return None
        return self._assemble(
            key=f"member_of:{member.slug}",
            kind="member_of",
            prompt=f"Which group is {member.name} a member of?",
            right=(people[answer].name, answer),
            wrong=[(people[s].name, s) for s in wrong],
            accepted=[name for group in groups for name in people[group].names],
            why=f"{member.name} is a member of {', '.join(people[g].name for g in groups)}.",
            source=None,
            subject=(member.slug,),
            typed=True,
        )

    def worked_with(self, given: Song | None = None) -> Question | None:
        """Which of these international artists has recorded with K-pop act A?"""
        song = self._song(self._two_sided, given)
        if song is None:
            return None
        kpop, intl = self._sides(song)
        subject = self.rng.choice(kpop)
        answer = self.rng.choice(intl)
        family = self.facts.family(subject)
        linked = self.facts.partners(family)
        everyone_with = {s for other in self.facts.songs if other.everyone & family for s in other.everyone}
        wrong = self._pick_artists(
            answer, lambda slug: slug not in linked and slug not in everyone_with, "international"
        )
        if wrong is None:
            return None
        return self._artist_question(
            f"worked_with:{subject}:{answer}",
            "worked_with",
            f"Which of these artists has recorded with {self.facts.people[subject].name}?",
            song,
            answer,
            wrong,
            subject=(subject,),
            typed=False,
        )

    def chart_peak(self, given: Song | None = None) -> Question | None:
        """Which of these songs peaked at No. N on chart C? (Distractors peaked elsewhere on that same chart.)"""
        charted = [song for song in self.facts.songs if song.peaks]
        song = self._song(charted, given)
        if song is None or not song.peaks:
            return None
        chart, peak = self.rng.choice(song.peaks)

        def other_peak(other: Song) -> bool:
            peaks = [p for c, p in other.peaks if c == chart]
            return bool(peaks) and peak not in peaks

        wrong = self._pick_songs(song, other_peak)
        if wrong is None:
            return None
        return self._assemble(
            key=f"chart_peak:{song.slug}:{chart}",
            kind="chart_peak",
            prompt=f"Which of these songs peaked at No. {peak} on the {chart}?",
            right=(bare_title(song.title), song.slug),
            wrong=[(bare_title(s.title), s.slug) for s in wrong],
            accepted=[song.title],
            why=f"{_quote(song.title)} by {self.facts.credit_line(song)} peaked at No. {peak} on the {chart}.",
            source=song.source,
            subject=(song.slug, chart, str(peak)),
            typed=False,
        )

    # ------------------------------------------------------------------ batches
    def make(self, kind: str, given: Song | None = None) -> Question | None:
        """A question of ``kind`` (about ``given`` if set), or None when the catalogue cannot prove one."""
        question = self.kinds[kind](given)
        if question is None or len({o.casefold() for o in question.options}) != len(question.options):
            return None
        answer = self.facts.people.get(question.option_ids[question.correct])
        if answer is not None and kind != "member_of":
            # "Who recorded Kick It (Valentino Khan Remix) with NCT 127?": a title may name the answer itself.
            prompt = f" {normalise(question.prompt)} "
            compact = prompt.replace(" ", "")
            if any(
                name and (f" {name} " in prompt or (len(name) >= 4 and name.replace(" ", "") in compact))
                for name in map(normalise, answer.names)
            ):
                return None
        return question

    def batch(
        self, count: int, *, avoid: set[str] | frozenset[str] = frozenset(), typed: bool = False, tries: int = 40
    ) -> list[Question]:
        """Up to ``count`` questions of mixed kinds, none with a key in ``avoid`` and no two alike."""
        kinds = [k for k in self.kinds if not typed or k in TYPED_KINDS]
        made: list[Question] = []
        seen = set(avoid)
        attempts = 0
        while len(made) < count and attempts < count * tries:
            attempts += 1
            kind = kinds[(len(made) + attempts) % len(kinds)] if attempts % 3 else self.rng.choice(kinds)
            question = self.make(kind)
            if question is None or question.key in seen or (typed and not question.typed):
                continue
            seen.add(question.key)
            made.append(question)
        return made


# Kinds whose answer can be typed (a name, a year); the others only make sense with their options shown.
TYPED_KINDS = frozenset({"partner", "kpop_act", "year", "member_of"})
