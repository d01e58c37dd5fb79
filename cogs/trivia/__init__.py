"""/trivia: games in chat channels, with buttons or typed answers; leaderboards and stats per server; Quiz me.

The game's rules and loop live in :mod:`bot.trivia.session`; this cog turns interactions and messages into calls on
the channel's :class:`~bot.trivia.session.Game`, and the loop's calls into messages (:class:`_ChannelPresenter`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.anniversaries.calendar import day_label, release_days_for
from bot.client import KCollabBot
from bot.errors import UserError
from bot.normalise import normalise
from bot.store.trivia import GameRecord, TriviaRepository
from bot.trivia.deck import build_deck, day_question
from bot.trivia.facts import Facts
from bot.trivia.packs import Packs, read_packs
from bot.trivia.questions import GENERATED, Question
from bot.trivia.session import ALREADY, LOCKED, STOPPED, Game, GameSettings, Scored, play
from bot.ui import trivia as embeds
from bot.ui.permissions import missing, posting
from bot.ui.trivia_buttons import COMPONENTS, quiz_view
from cogs.trivia._presenter import ChannelPresenter

log = logging.getLogger(__name__)

Interaction = discord.Interaction[KCollabBot]
TYPED_OFF = (
    "Typed answers are switched off on this bot. Its host can switch them on: set `TRIVIA_TYPED_ANSWERS=true` and "
    "enable the Message Content intent (Developer Portal → Bot → Privileged Gateway Intents), then restart it. "
    "Meanwhile, play with `mode: buttons`."
)
CLOSED_TEXT = "This question has closed."
PERIOD_DAYS = {"all": None, "month": 30, "week": 7}


@app_commands.guild_only()
class TriviaCog(commands.Cog, name="Trivia"):
    trivia = app_commands.Group(
        name="trivia", description="K-pop collaboration trivia in this channel", guild_only=True
    )

    def __init__(self, bot: KCollabBot) -> None:
        self.bot = bot
        self.repo = TriviaRepository(bot.store.database, bot.store.guilds, clock=lambda: bot.clock())
        self.games: dict[int, Game] = {}  # channel id -> its running game
        self.tasks: dict[int, asyncio.Task[None]] = {}  # channel id -> the task running its game
        self.packs = Packs((), ())
        self._facts: Facts | None = None
        self._facts_lock = asyncio.Lock()
        self._notices: asyncio.Task[None] | None = None
        self.writes: set[asyncio.Task[None]] = set()  # answers being written: a clean shutdown waits for them

    # ------------------------------------------------------------------ lifecycle
    async def cog_load(self) -> None:
        self.packs = read_packs(self.bot.settings.catalogue_dir.parent / "trivia")
        for problem in self.packs.problems:
            log.warning("trivia pack refused: %s", problem)
        self.bot.add_dynamic_items(*COMPONENTS)
        await self.facts()  # built once at start, not on the first game's 3-second clock
        abandoned = await self.repo.abandon_running()
        if abandoned:
            self._notices = asyncio.create_task(self._tell_abandoned(abandoned))

    async def cog_unload(self) -> None:
        # Games end with the process: their rows stay "running", and the next start tells their channels.
        tasks = list(self.tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.gather(*self.writes, return_exceptions=True)  # answers already given are kept
        if self._notices is not None:
            self._notices.cancel()
        self.bot.remove_dynamic_items(*COMPONENTS)

    async def _tell_abandoned(self, games: list[GameRecord]) -> None:
        await self.bot.wait_until_ready()
        for record in games:
            channel = self.bot.get_partial_messageable(record.channel_id, guild_id=record.guild_id)
            try:
                await channel.send(
                    "⏹ The trivia game in this channel stopped when the bot restarted. Answers given before then "
                    "are kept (`/trivia stats`). Start a new game with `/trivia start`."
                )
            except discord.HTTPException as error:
                log.warning("could not tell channel %d its game was abandoned: %s", record.channel_id, error)

    async def facts(self) -> Facts:
        """The catalogue as trivia sees it, rebuilt when the catalogue was reloaded."""
        version = await self.bot.catalogue.version() or ""  # no query: the lookup rechecks every 2 s
        async with self._facts_lock:
            if self._facts is None or self._facts.version != version:
                self._facts = await self.repo.facts(version)
        return self._facts

    # ------------------------------------------------------------------ /trivia start
    @trivia.command(name="start")
    @app_commands.describe(
        rounds="How many questions (1-50, default 10)",
        mode="Buttons (default) or typed answers in the channel",
        difficulty="How close the wrong options are (default normal)",
        seconds="Seconds per question (5-120, default 20)",
        category="A curated pack, or generated; default a mix",
    )
    async def start(
        self,
        interaction: Interaction,
        rounds: app_commands.Range[int, 1, 50] = 10,
        mode: Literal["buttons", "typed"] = "buttons",
        difficulty: Literal["easy", "normal", "hard"] = "normal",
        seconds: app_commands.Range[int, 5, 120] = 20,
        category: str | None = None,
    ) -> None:
        """Start a trivia game in this channel."""
        assert interaction.guild_id is not None and interaction.channel_id is not None
        if mode == "typed" and not self.bot.settings.trivia_typed_answers:
            raise UserError(TYPED_OFF)
        if lacking := missing(interaction.app_permissions, posting(interaction.channel)):
            raise UserError(f"I need {', '.join(lacking)} in this channel to run a game here.")
        chosen = self._category(category)
        channel_id = interaction.channel_id
        if (running := self.games.get(channel_id)) is not None:
            raise UserError(self._already(interaction.guild_id, running.channel_id, running.message_id))
        facts = await self.facts()
        avoid = await self.repo.recent(channel_id)
        deck = await asyncio.to_thread(
            build_deck,
            facts,
            self.packs,
            rounds=rounds,
            difficulty=difficulty,
            category=chosen,
            typed=mode == "typed",
            avoid=avoid,
            rng=random.Random(),
        )
        if not deck:
            raise UserError("There are no questions to ask in that category yet.")
        settings = GameSettings(len(deck), mode, difficulty, seconds, chosen)
        started = await self.repo.start(
            game_id=interaction.id,
            guild_id=interaction.guild_id,
            channel_id=channel_id,
            starter_id=interaction.user.id,
            mode=mode,
            difficulty=difficulty,
            category=chosen,
            rounds=len(deck),
            seconds=seconds,
        )
        if not started or channel_id in self.games:
            other = await self.repo.running_in(channel_id)
            if started:
                await self.repo.end(interaction.id, STOPPED)
            raise UserError(self._already(interaction.guild_id, channel_id, other.message_id if other else None))
        game = Game(interaction.id, interaction.guild_id, channel_id, interaction.user.id, settings, deck)
        self.games[channel_id] = game
        short = f" (only {len(deck)} questions could be made)" if len(deck) < rounds else ""
        try:
            await interaction.response.send_message(
                f"🎲 **Trivia** started by {interaction.user.mention}: {embeds.settings_line(game)}{short}. "
                f"{'Press a button to answer' if mode == 'buttons' else 'Type your answers in this channel'}; "
                "the first question is coming up."
            )
        except BaseException:
            self.games.pop(channel_id, None)
            await self.repo.end(game.game_id, STOPPED)
            raise
        channel = self.bot.get_partial_messageable(channel_id, guild_id=interaction.guild_id)
        self.tasks[channel_id] = asyncio.create_task(self._run(game, channel))

    def _category(self, category: str | None) -> str | None:
        if category is None or not category.strip():
            return None
        wanted = category.strip().lower()
        if wanted == GENERATED or self.packs.get(wanted) is not None:
            return wanted
        known = ", ".join([GENERATED, *(pack.id for pack in self.packs.packs)])
        raise UserError(f"There is no trivia category `{category[:50]}`. Choose one of: {known} (or none for a mix).")

    def _already(self, guild_id: int, channel_id: int, message_id: int | None) -> str:
        if message_id is None:
            return "A game is already running in this channel."
        link = f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"
        return f"A game is already running in this channel: {link}"

    async def _run(self, game: Game, channel: discord.PartialMessageable) -> None:
        try:
            await play(game, ChannelPresenter(self.bot, self.repo, channel), self.bot.timers)
        except asyncio.CancelledError:
            return  # unloading: the row stays running, so the next start tells the channel
        finally:
            if self.games.get(game.channel_id) is game:
                del self.games[game.channel_id]
            self.tasks.pop(game.channel_id, None)
        await self.repo.end(game.game_id, game.state)
        if game.state == STOPPED and game.message_id is not None and game.settings.mode == "buttons":
            try:  # the open question's buttons go, so nobody presses them for nothing
                await channel.get_partial_message(game.message_id).edit(view=None)
            except discord.HTTPException as error:
                log.warning("could not close the buttons of stopped game %d: %s", game.game_id, error)

    @start.autocomplete("category")
    async def _category_choices(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        wanted = normalise(current)
        choices = [app_commands.Choice(name="Generated from the catalogue", value=GENERATED)]
        choices += [
            app_commands.Choice(name=f"{pack.name} ({len(pack.questions)} questions)"[:100], value=pack.id)
            for pack in self.packs.packs
        ]
        return [c for c in choices if not wanted or wanted in normalise(f"{c.name} {c.value}")][:25]

    # ------------------------------------------------------------------ answers
    async def press(self, interaction: Interaction, game_id: int, number: int, option: int) -> None:
        game = self.games.get(interaction.channel_id or 0)
        if game is None or game.game_id != game_id:
            await interaction.response.send_message(CLOSED_TEXT, ephemeral=True)
            return
        user = interaction.user
        outcome, scored = game.press(user.id, user.display_name, number, option, self.bot.timers.now())
        if outcome == LOCKED:
            await interaction.response.send_message(f"🔒 Locked in: **{'ABCD'[option]}**.", ephemeral=True)
        elif outcome == ALREADY:
            await interaction.response.send_message("You already answered this question.", ephemeral=True)
        else:
            await interaction.response.send_message(CLOSED_TEXT, ephemeral=True)
        if scored is not None:  # acknowledged first: the press feels instant; the answer is written right after
            self._write(game, scored)

    def _write(self, game: Game, scored: Scored) -> None:
        """Write an answer now, in a task of its own: a clean shutdown waits for it (``cog_unload``)."""
        task = asyncio.create_task(self._record(game, scored))
        self.writes.add(task)
        task.add_done_callback(self._written)

    def _written(self, task: asyncio.Task[None]) -> None:
        self.writes.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            log.error("could not write a trivia answer", exc_info=error)

    async def _record(self, game: Game, scored: Scored) -> None:
        await self.repo.record(
            guild_id=game.guild_id,
            user_id=scored.user_id,
            game_id=game.game_id,
            number=scored.number,
            key=scored.key,
            right=scored.right,
            points=scored.points,
            streak=scored.streak,
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is None:
            return
        game = self.games.get(message.channel.id)
        if game is None or game.settings.mode != "typed":
            return
        scored = game.guess(message.author.id, message.author.display_name, message.content, self.bot.timers.now())
        if scored is not None:
            self._write(game, scored)

    # ------------------------------------------------------------------ /trivia stop
    @trivia.command(name="stop")
    async def stop(self, interaction: Interaction) -> None:
        """End this channel's game now and show the scoreboard (its starter, or Manage Messages)."""
        game = self.games.get(interaction.channel_id or 0)
        if game is None:
            raise UserError("No trivia game is running in this channel.")
        if interaction.user.id != game.starter_id and not interaction.permissions.manage_messages:
            raise UserError("Only the member who started this game, or someone with Manage Messages, can stop it.")
        game.stop(interaction.user.id)
        await interaction.response.send_message(embed=embeds.scoreboard_embed(game))

    # ------------------------------------------------------------------ standings
    @trivia.command(name="leaderboard")
    @app_commands.describe(period="All time (default), the last 30 days, or the last 7 days")
    async def leaderboard(self, interaction: Interaction, period: Literal["all", "month", "week"] = "all") -> None:
        """This server's top 10 trivia players and your own rank."""
        assert interaction.guild_id is not None
        days = PERIOD_DAYS[period]
        since = self.bot.clock() - dt.timedelta(days=days) if days else None
        board = await self.repo.leaderboard(interaction.guild_id, interaction.user.id, since)
        await interaction.response.send_message(embed=embeds.leaderboard_embed(board, period, interaction.user.id))

    @trivia.command(name="stats")
    @app_commands.describe(member="Whose stats (default: yours)")
    async def stats(self, interaction: Interaction, member: discord.Member | None = None) -> None:
        """Games played, questions answered, accuracy, best streak, points and rank in this server."""
        assert interaction.guild_id is not None
        who = member or interaction.user
        figures = await self.repo.stats(interaction.guild_id, who.id)
        await interaction.response.send_message(embed=embeds.stats_embed(who.display_name, figures))

    @trivia.command(name="packs")
    async def packs_command(self, interaction: Interaction) -> None:
        """The curated trivia packs, with their question counts and difficulty spread."""
        await interaction.response.send_message(embed=embeds.packs_embed(self.packs.packs, generated_ok=True))

    # ------------------------------------------------------------------ Quiz me (the daily post's button)
    async def _quiz_question(self, day: str, user_id: int) -> Question | None:
        """The presser's question about that day's songs: the same one for them after any restart."""
        when = dt.date(int(day[:4]), int(day[4:6]), int(day[6:]))
        facts = await self.facts()
        return day_question(facts, release_days_for(when), seed=f"{day}:{user_id}:{facts.version}")

    async def quiz(self, interaction: Interaction, day: str) -> None:
        if interaction.guild_id is not None and await self.repo.quiz_answered(
            interaction.guild_id, interaction.user.id, f"quiz:{day}"
        ):
            raise UserError("You already answered this day's quiz. Come back tomorrow!")
        question = await self._quiz_question(day, interaction.user.id)
        if question is None:
            raise UserError("There is no question to ask about this day's songs.")
        label = day_label(int(day[4:6]), int(day[6:]))
        await interaction.response.send_message(
            embed=embeds.quiz_embed(question, label), view=quiz_view(day), ephemeral=True
        )

    async def quiz_answer(self, interaction: Interaction, day: str, option: int) -> None:
        if interaction.guild_id is None:
            raise UserError("Quiz me works in a server.")
        question = await self._quiz_question(day, interaction.user.id)
        if question is None:
            raise UserError("This quiz has expired.")
        label = day_label(int(day[4:6]), int(day[6:]))
        key = f"quiz:{day}"
        right = option == question.correct
        recorded = await self.repo.record(
            guild_id=interaction.guild_id,
            user_id=interaction.user.id,
            game_id=None,
            number=1,
            key=key,
            right=right,
            points=0,
            streak=0,
        )
        if not recorded:
            raise UserError("You already answered this day's quiz. Come back tomorrow!")
        await interaction.response.edit_message(embed=embeds.quiz_result_embed(question, option, label), view=None)


async def setup(bot: KCollabBot) -> None:
    await bot.add_cog(TriviaCog(bot))
