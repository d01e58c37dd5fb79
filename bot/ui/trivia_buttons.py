"""Trivia's buttons: every one carries its state in its custom id, so a press after a restart still gets an answer.

They live here, not in the trivia cog, because another feature shows one: the daily anniversary post's "Quiz me".
A press is routed to the loaded trivia cog.

``tq:<game>:<question>:<option>`` answers a game's question; ``qz:<yyyymmdd>`` (on the daily anniversary post) asks
the presser one question about that day's songs; ``qa:<yyyymmdd>:<option>`` answers it. The prefixes are registered in
:data:`bot.ui.paging.LIVE_PREFIXES`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.errors import UserError
from bot.ui.errors import reply_to_error

if TYPE_CHECKING:
    from cogs.trivia import TriviaCog

ANSWER_PREFIX, QUIZ_PREFIX, QUIZ_ANSWER_PREFIX = "tq", "qz", "qa"


def _cog(interaction: discord.Interaction[Any]) -> TriviaCog:
    cog = interaction.client.get_cog("Trivia")
    if cog is None:
        raise UserError("Trivia is not available on this bot right now.")
    return cog  # type: ignore[no-any-return]


async def _run(interaction: discord.Interaction[Any], where: str, action: Any) -> None:
    # discord.py only logs what a dynamic item's callback raises: answer every error through the one handler.
    try:
        await action
    except Exception as error:  # every error is answered and logged by reply_to_error
        await reply_to_error(interaction, error, where=where)


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"{ANSWER_PREFIX}:(?P<game>\d+):(?P<number>\d+):(?P<option>[0-3])",
):
    def __init__(
        self,
        game_id: int,
        number: int,
        option: int,
        *,
        style: discord.ButtonStyle = discord.ButtonStyle.primary,
        disabled: bool = False,
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label="ABCD"[option],
                style=style,
                disabled=disabled,
                custom_id=f"{ANSWER_PREFIX}:{game_id}:{number}:{option}",
            )
        )
        self.game_id, self.number, self.option = game_id, number, option

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AnswerButton:
        return cls(int(match["game"]), int(match["number"]), int(match["option"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _run(
            interaction, "trivia answer", _cog(interaction).press(interaction, self.game_id, self.number, self.option)
        )


class QuizButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"{QUIZ_PREFIX}:(?P<day>\d{{8}})"):
    """On the daily post: one question about that day's songs, asked ephemerally to whoever presses it."""

    def __init__(self, day: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Quiz me", emoji="❓", style=discord.ButtonStyle.secondary, custom_id=f"{QUIZ_PREFIX}:{day}"
            )
        )
        self.day = day

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> QuizButton:
        return cls(match["day"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _run(interaction, "quiz me", _cog(interaction).quiz(interaction, self.day))


class QuizAnswer(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"{QUIZ_ANSWER_PREFIX}:(?P<day>\d{{8}}):(?P<option>[0-3])",
):
    def __init__(self, day: str, option: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="ABCD"[option],
                style=discord.ButtonStyle.primary,
                custom_id=f"{QUIZ_ANSWER_PREFIX}:{day}:{option}",
            )
        )
        self.day, self.option = day, option

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> QuizAnswer:
        return cls(match["day"], int(match["option"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _run(interaction, "quiz answer", _cog(interaction).quiz_answer(interaction, self.day, self.option))


COMPONENTS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (AnswerButton, QuizButton, QuizAnswer)


def answer_view(game_id: int, number: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for option in range(4):
        view.add_item(AnswerButton(game_id, number, option))
    return view


def revealed_view(game_id: int, number: int, correct: int) -> discord.ui.View:
    """The question's buttons once time is up: disabled, the right one green.

    Still dynamic items: a view of plain buttons would be kept in memory by discord.py for every message forever.
    """
    view = discord.ui.View(timeout=None)
    for option in range(4):
        style = discord.ButtonStyle.success if option == correct else discord.ButtonStyle.secondary
        view.add_item(AnswerButton(game_id, number, option, style=style, disabled=True))
    return view


def quiz_view(day: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for option in range(4):
        view.add_item(QuizAnswer(day, option))
    return view
