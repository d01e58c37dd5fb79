"""One trivia game: its rules and state (:class:`Game`) and the loop that runs it (:func:`play`). No Discord here.

The cog turns interactions into calls (``press``, ``guess``, ``stop``) and the loop's calls to a :class:`Presenter`
into messages. Time comes from a :class:`bot.timing.Timers` (monotonic seconds), so tests can move it.

Scoring: a right answer is worth the difficulty's base points; in button games a faster answer keeps more of them
(half the base at the last moment, all of it at once); in typed games the first right message scores, minus a quarter
of the base for each hint already shown. A streak (right answers in a row) adds a tenth of the base per answer
beyond the first, up to five. Three questions in a row that nobody answers at all end the game.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bot.timing import Timers
from bot.trivia.matching import matches, shape
from bot.trivia.questions import Question

log = logging.getLogger(__name__)

MODES = ("buttons", "typed")
BASE_POINTS = {"easy": 50, "normal": 100, "hard": 150}
HINTS = 2  # typed games: hints at one third and two thirds of the time
HINT_COST = 0.25
STREAK_STEP = 0.1
STREAK_CAP = 5
SILENT_LIMIT = 3

RUNNING, FINISHED, STOPPED, INACTIVE, ABANDONED, FAILED = (
    "running",
    "finished",
    "stopped",
    "inactive",
    "abandoned",
    "failed",
)
LOCKED, ALREADY, CLOSED = "locked", "already", "closed"


@dataclass(frozen=True, slots=True)
class GameSettings:
    rounds: int = 10
    mode: str = "buttons"
    difficulty: str = "normal"
    seconds: int = 20
    category: str | None = None  # a pack id, "generated", or None for a mix


@dataclass(slots=True)
class Player:
    user_id: int
    name: str
    points: int = 0
    right: int = 0
    answered: int = 0
    streak: int = 0
    best: int = 0


@dataclass(frozen=True, slots=True)
class Scored:
    """One answer, as the store records it the moment it is given."""

    user_id: int
    number: int
    key: str
    right: bool
    points: int
    streak: int


@dataclass(frozen=True, slots=True)
class Reveal:
    number: int
    question: Question
    winners: tuple[Scored, ...]  # right answers, best first
    answered: int  # how many players answered at all
    streaks: dict[int, int]  # user -> current streak, for the players who answered right


@dataclass(slots=True)
class Game:
    game_id: int
    guild_id: int
    channel_id: int
    starter_id: int
    settings: GameSettings
    questions: Sequence[Question]
    state: str = RUNNING
    number: int = 0  # 1-based number of the question asked last
    deadline: float = 0.0
    opened_at: float = 0.0
    hints_shown: int = 0
    silent: int = 0
    message_id: int | None = None  # the current question's message, for links
    players: dict[int, Player] = field(default_factory=dict)
    answers: dict[int, Scored] = field(default_factory=dict)  # this question's answers by user
    tried: bool = False  # anyone answered this question (typed: any message counts as a try)
    ended_by: int | None = None
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def question(self) -> Question:
        return self.questions[self.number - 1]

    @property
    def running(self) -> bool:
        return self.state == RUNNING

    @property
    def open(self) -> bool:
        return self.running and self.number > 0 and not self.wake.is_set()

    @property
    def base(self) -> int:
        return BASE_POINTS[self.question.difficulty]

    def next_question(self, now: float) -> Question | None:
        """Open the next question, or None when the game has asked them all."""
        if not self.running or self.number >= len(self.questions):
            return None
        self.number += 1
        self.opened_at = now
        self.deadline = now + self.settings.seconds
        self.hints_shown = 0
        self.answers = {}
        self.tried = False
        self.wake = asyncio.Event()
        return self.question

    def _player(self, user_id: int, name: str) -> Player:
        player = self.players.get(user_id)
        if player is None:
            player = self.players[user_id] = Player(user_id, name)
        player.name = name
        return player

    def _streak_bonus(self, streak: int) -> int:
        return round(self.base * STREAK_STEP * min(max(streak - 1, 0), STREAK_CAP))

    def _score(self, player: Player, right: bool, points: int) -> Scored:
        player.answered += 1
        if right:
            player.streak += 1
            points += self._streak_bonus(player.streak)
            player.right += 1
            player.points += points
            player.best = max(player.best, player.streak)
        else:
            player.streak = 0
            points = 0
        scored = Scored(player.user_id, self.number, self.question.key, right, points, player.streak)
        self.answers[player.user_id] = scored
        return scored

    def press(self, user_id: int, name: str, number: int, option: int, now: float) -> tuple[str, Scored | None]:
        """A button answer to question ``number``: locked in once per player, while the question is open."""
        if not self.open or number != self.number or now > self.deadline or self.settings.mode != "buttons":
            return CLOSED, None
        if user_id in self.answers:
            return ALREADY, None
        self.tried = True
        right = option == self.question.correct
        remaining = max(0.0, self.deadline - now) / self.settings.seconds
        points = round(self.base * (0.5 + 0.5 * remaining)) if right else 0
        return LOCKED, self._score(self._player(user_id, name), right, points)

    def guess(self, user_id: int, name: str, text: str, now: float) -> Scored | None:
        """A typed message during a typed question: the first right one scores and closes the question."""
        if not self.open or self.settings.mode != "typed" or now > self.deadline:
            return None
        self.tried = True
        if not matches(text, self.question.accepted):
            return None
        points = round(self.base * (1 - HINT_COST * self.hints_shown))
        scored = self._score(self._player(user_id, name), True, points)
        self.wake.set()
        return scored

    def hint_times(self) -> list[float]:
        if self.settings.mode != "typed":
            return []
        step = self.settings.seconds / (HINTS + 1)
        return [self.opened_at + step * (i + 1) for i in range(HINTS)]

    def hint(self) -> str:
        """Show one more letter of each word of the answer; costs the next right answer a quarter of the base."""
        self.hints_shown = min(self.hints_shown + 1, HINTS)
        return shape(self.question.answer, self.hints_shown)

    def close(self) -> Reveal:
        """End the question: streaks of the players who did not answer right break; silence may end the game."""
        self.wake.set()
        right = sorted((s for s in self.answers.values() if s.right), key=lambda s: -s.points)
        for player in self.players.values():
            scored = self.answers.get(player.user_id)
            if scored is None or not scored.right:
                player.streak = 0
        self.silent = 0 if self.tried else self.silent + 1
        if self.silent >= SILENT_LIMIT and self.running:
            self.state = INACTIVE
        elif self.number >= len(self.questions) and self.running:
            self.state = FINISHED
        return Reveal(
            self.number,
            self.question,
            tuple(right),
            len(self.answers),
            {s.user_id: self.players[s.user_id].streak for s in right},
        )

    def stop(self, by: int) -> None:
        if self.running:
            self.state = STOPPED
            self.ended_by = by
        self.wake.set()

    def fail(self) -> None:
        if self.running:
            self.state = FAILED
        self.wake.set()

    def scoreboard(self) -> list[Player]:
        return sorted(self.players.values(), key=lambda p: (-p.points, -p.right, p.name.casefold()))


class Presenter(Protocol):
    async def ask(self, game: Game) -> None: ...

    async def hint(self, game: Game, text: str) -> None: ...

    async def reveal(self, game: Game, reveal: Reveal) -> None: ...

    async def finish(self, game: Game) -> None: ...


async def play(game: Game, presenter: Presenter, timers: Timers) -> str:
    """Ask every question in turn, reveal each answer, finish; returns the game's final state.

    A stop (``game.stop``) wakes the loop at once; the one who stopped it shows the scoreboard, so ``finish`` is
    not called for a stopped game. An error from the presenter (a channel deleted, a permission removed) ends the
    game as ``failed``: it is logged, never raised into the event loop.
    """
    try:
        while game.running:
            if game.next_question(timers.now()) is None:
                game.state = FINISHED
                break
            await presenter.ask(game)
            hints = game.hint_times()
            while game.running and not game.wake.is_set() and timers.now() < game.deadline:
                if hints and timers.now() >= hints[0]:
                    hints.pop(0)
                    await presenter.hint(game, game.hint())
                    continue
                await timers.wait(min([*hints[:1], game.deadline]), game.wake)
            if game.state == STOPPED:
                break
            await presenter.reveal(game, game.close())
        if game.state != STOPPED:
            await presenter.finish(game)
    except asyncio.CancelledError:
        game.fail()
        raise
    except Exception:
        log.exception("trivia game %d in channel %d failed", game.game_id, game.channel_id)
        game.fail()
    return game.state
