"""How a game looks in its channel: the loop's calls (bot.trivia.session.Presenter) turned into messages."""

from __future__ import annotations

import datetime as dt

import discord

from bot.client import KCollabBot
from bot.store.trivia import TriviaRepository
from bot.trivia.session import Game, Reveal
from bot.ui import trivia as embeds
from bot.ui.trivia_buttons import answer_view, revealed_view


class ChannelPresenter:
    """Shows a game in its channel: one message per question (edited for hints and the reveal), then the scores."""

    def __init__(self, bot: KCollabBot, repo: TriviaRepository, channel: discord.PartialMessageable) -> None:
        self.bot = bot
        self.repo = repo
        self.channel = channel

    def _ends_at(self, game: Game) -> dt.datetime:
        return self.bot.clock() + dt.timedelta(seconds=max(0.0, game.deadline - self.bot.timers.now()))

    async def ask(self, game: Game) -> None:
        embed = embeds.question_embed(game, self._ends_at(game))
        if game.settings.mode == "buttons":
            message = await self.channel.send(embed=embed, view=answer_view(game.game_id, game.number))
        else:
            message = await self.channel.send(embed=embed)
        game.message_id = message.id
        await self.repo.asked(game.game_id, game.guild_id, game.channel_id, game.number, game.question.key, message.id)

    async def hint(self, game: Game, text: str) -> None:
        if game.message_id is not None:
            embed = embeds.question_embed(game, self._ends_at(game), hint=text)
            await self.channel.get_partial_message(game.message_id).edit(embed=embed)

    async def reveal(self, game: Game, reveal: Reveal) -> None:
        if game.message_id is None:
            return
        message = self.channel.get_partial_message(game.message_id)
        embed = embeds.reveal_embed(game, reveal)
        if game.settings.mode == "buttons":
            await message.edit(embed=embed, view=revealed_view(game.game_id, reveal.number, reveal.question.correct))
        else:
            await message.edit(embed=embed)

    async def finish(self, game: Game) -> None:
        await self.channel.send(embed=embeds.scoreboard_embed(game))
