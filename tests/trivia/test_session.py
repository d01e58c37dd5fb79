"""The game's rules without Discord: answering once, scoring by speed and hints, streaks, silence ending a game."""

from __future__ import annotations

import asyncio

from bot.trivia.questions import Question
from bot.trivia.session import (
    ALREADY,
    CLOSED,
    FINISHED,
    INACTIVE,
    LOCKED,
    STOPPED,
    Game,
    GameSettings,
    Reveal,
    play,
)
from tests.e2e.timers import ManualTimers


def question(number: int, answer: str = "Latto") -> Question:
    return Question(
        key=f"test:{number}",
        kind="pack",
        prompt=f"Question {number}?",
        options=(answer, "Cardi B", "Doja Cat", "SZA"),
        correct=0,
        accepted=(answer, "Big Latto"),
        why="Because.",
        source=None,
        difficulty="normal",
        category="test",
    )


def game(rounds: int = 3, mode: str = "buttons", seconds: int = 20) -> Game:
    return Game(1, 2, 3, 4, GameSettings(rounds, mode, "normal", seconds), [question(n) for n in range(1, rounds + 1)])


def test_a_player_answers_once_and_only_while_the_question_is_open() -> None:
    g = game()
    assert g.press(10, "a", 1, 0, 0.0) == (CLOSED, None)  # nothing asked yet
    g.next_question(100.0)
    outcome, scored = g.press(10, "a", 1, 0, 101.0)
    assert outcome == LOCKED and scored is not None and scored.right
    assert g.press(10, "a", 1, 1, 102.0) == (ALREADY, None)
    assert g.press(11, "b", 2, 0, 102.0) == (CLOSED, None)  # another question's button
    assert g.press(11, "b", 1, 0, 121.0) == (CLOSED, None)  # after the deadline
    assert g.answers[10].right


def test_a_faster_right_answer_scores_more_and_a_wrong_one_nothing() -> None:
    g = game()
    g.next_question(0.0)
    _, fast = g.press(1, "a", 1, 0, 0.0)
    _, slow = g.press(2, "b", 1, 0, 19.0)
    _, wrong = g.press(3, "c", 1, 2, 1.0)
    assert fast and slow and wrong
    assert fast.points == 100 and 50 <= slow.points < fast.points and wrong.points == 0


def test_a_streak_adds_a_tenth_of_the_base_per_answer_and_breaks_on_a_miss() -> None:
    g = game(rounds=4)
    points = []
    for number in (1, 2, 3):
        g.next_question(0.0)
        _, scored = g.press(1, "a", number, 0, 0.0)
        assert scored
        points.append(scored.points)
        g.close()
    assert points == [100, 110, 120]
    g.next_question(0.0)
    g.close()  # not answered: the streak breaks
    assert g.players[1].streak == 0 and g.players[1].best == 3


def test_typed_first_right_message_scores_minus_hints_and_closes_the_question() -> None:
    g = game(mode="typed")
    g.next_question(0.0)
    assert g.guess(1, "a", "cardi b", 1.0) is None
    g.hint()
    scored = g.guess(2, "b", "big latto", 2.0)
    assert scored is not None and scored.points == 75
    assert g.guess(3, "c", "latto", 3.0) is None  # the question closed with the first right answer
    reveal = g.close()
    assert [w.user_id for w in reveal.winners] == [2]


def test_three_silent_questions_end_the_game() -> None:
    g = game(rounds=10)
    for _ in range(3):
        g.next_question(0.0)
        g.close()
    assert g.state == INACTIVE


class Recorder:
    def __init__(self) -> None:
        self.events: list[str] = []

    async def ask(self, game: Game) -> None:
        self.events.append(f"ask {game.number}")

    async def hint(self, game: Game, text: str) -> None:
        self.events.append(f"hint {text}")

    async def reveal(self, game: Game, reveal: Reveal) -> None:
        self.events.append(f"reveal {reveal.number}")

    async def finish(self, game: Game) -> None:
        self.events.append("finish")


async def test_the_loop_asks_hints_reveals_and_finishes_on_the_timers() -> None:
    timers = ManualTimers()
    g = game(rounds=2, mode="typed", seconds=30)
    presenter = Recorder()
    task = asyncio.create_task(play(g, presenter, timers))
    await asyncio.sleep(0)  # the game opens its first question at time 1000
    for _ in range(4):
        await timers.advance(10)
    await timers.advance(1)
    g.guess(1, "a", "latto", timers.now())
    assert await asyncio.wait_for(task, 2) == FINISHED
    assert presenter.events == [
        "ask 1",
        "hint L****",
        "hint La***",
        "reveal 1",
        "ask 2",
        "hint L****",
        "reveal 2",
        "finish",
    ]


async def test_stop_wakes_the_loop_at_once_and_skips_the_final_scoreboard() -> None:
    timers = ManualTimers()
    g = game(rounds=5)
    presenter = Recorder()
    task = asyncio.create_task(play(g, presenter, timers))
    await asyncio.sleep(0)
    g.stop(by=4)
    assert await asyncio.wait_for(task, 2) == STOPPED
    assert presenter.events == ["ask 1"]
