"""Embeds for trivia: a question with its countdown, its reveal, the scoreboard, leaderboards, stats and packs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import discord

from bot.store.trivia import RANKED_PLAYERS, Leaderboard, MemberStats
from bot.trivia.packs import Pack
from bot.trivia.questions import Question
from bot.trivia.session import INACTIVE, SILENT_LIMIT, STOPPED, Game, Player, Reveal
from bot.ui.text import clip, fit, safe

COLOUR = discord.Colour.from_rgb(255, 170, 51)
LETTERS = "ABCD"
RANKED_RULE = (
    f"Ranked points come from games in which {RANKED_PLAYERS} or more members answered; solo games and "
    "Quiz me count in /trivia stats only."
)
PERIODS = {"all": "all time", "month": "the last 30 days", "week": "the last 7 days"}


def _mention(user_id: int) -> str:
    # Shown as the member's name; the bot's allowed mentions are "none", so nobody is pinged.
    return f"<@{user_id}>"


def settings_line(game: Game) -> str:
    s = game.settings
    category = s.category or "mix"
    return f"{len(game.questions)} questions · {s.mode} · {s.difficulty} · {s.seconds} s each · {category}"


def question_embed(game: Game, ends_at: dt.datetime, hint: str | None = None) -> discord.Embed:
    question = game.question
    lines = [safe(question.prompt, 1000)]
    if game.settings.mode == "buttons":
        lines.append("")
        lines += [f"**{LETTERS[i]}.** {safe(option, 100)}" for i, option in enumerate(question.options)]
    else:
        lines.append("\nType your answer in this channel: the first right one scores.")
    lines.append(f"\n⏱ Time's up {discord.utils.format_dt(ends_at, 'R')}")
    embed = discord.Embed(
        title=f"Question {game.number} of {len(game.questions)}", description="\n".join(lines), colour=COLOUR
    )
    if hint:
        embed.add_field(name="Hint", value=f"`{hint}`", inline=False)
    embed.set_footer(text=f"{question.difficulty} · {'generated' if question.kind != 'pack' else question.category}")
    return fit(embed)


def _winner_line(names: dict[int, str], reveal: Reveal) -> str:
    if not reveal.winners:
        return "Nobody got it." if reveal.answered else "Nobody answered."
    parts = []
    for scored in reveal.winners[:15]:
        streak = reveal.streaks.get(scored.user_id, 0)
        flame = f" 🔥{streak}" if streak >= 2 else ""
        parts.append(f"{safe(names.get(scored.user_id, 'someone'), 40)} +{scored.points}{flame}")
    more = len(reveal.winners) - 15
    return "Got it: " + ", ".join(parts) + (f" and {more} more" if more > 0 else "")


def reveal_embed(game: Game, reveal: Reveal) -> discord.Embed:
    """The question's message once time is up: the answer, who got it, and why."""
    question = reveal.question
    names = {p.user_id: p.name for p in game.players.values()}
    lines = [safe(question.prompt, 1000), ""]
    lines.append(f"✅ **{safe(question.answer, 100)}**")
    lines.append(_winner_line(names, reveal))
    why = safe(question.why, 600)
    if question.source:
        why += f" ([source]({question.source}))"
    lines.append(f"\n*{why}*")
    embed = discord.Embed(
        title=f"Question {reveal.number} of {len(game.questions)}: time's up", description="\n".join(lines)
    )
    embed.colour = discord.Colour.dark_grey()
    return fit(embed)


def _board(players: Sequence[Player]) -> str:
    if not players:
        return "Nobody scored."
    medals = ["🥇", "🥈", "🥉"]
    lines = []
    for index, player in enumerate(players[:20]):
        mark = medals[index] if index < 3 and player.points else f"{index + 1}."
        lines.append(
            f"{mark} {safe(player.name, 40)}: **{player.points}** pts · {player.right}/{player.answered} right"
            f" · best streak {player.best}"
        )
    return "\n".join(lines)


def scoreboard_embed(game: Game) -> discord.Embed:
    if game.state == STOPPED:
        who = "its starter" if game.ended_by == game.starter_id else "a moderator"
        title, note = "Trivia stopped", f"Stopped by {who} after question {game.number}."
    elif game.state == INACTIVE:
        title, note = "Trivia over: nobody is playing", f"Nobody answered {SILENT_LIMIT} questions in a row."
    else:
        title, note = "Trivia over", f"{game.number} questions played."
    embed = discord.Embed(title=title, description=clip(f"{note}\n\n{_board(game.scoreboard())}", 4000))
    embed.colour = COLOUR
    embed.set_footer(text="/trivia leaderboard · /trivia stats")
    return embed


def leaderboard_embed(board: Leaderboard, period: str, caller_id: int) -> discord.Embed:
    lines = [f"**{s.rank}.** {_mention(s.user_id)}: {s.points:,} pts" for s in board.top]
    if not lines:
        lines = ["No ranked points yet: play a game with friends (`/trivia start`)."]
    if board.caller is None:
        own = "You have no ranked points in this period yet."
    else:
        own = f"You: **#{board.caller.rank}** with {board.caller.points:,} pts."
    embed = discord.Embed(
        title=f"Trivia leaderboard · {PERIODS[period]}", description="\n".join(lines) + f"\n\n{own}", colour=COLOUR
    )
    embed.set_footer(text=RANKED_RULE)
    return embed


def stats_embed(name: str, stats: MemberStats) -> discord.Embed:
    embed = discord.Embed(title=f"Trivia stats · {safe(name, 80)}", colour=COLOUR)
    embed.add_field(name="Games played", value=str(stats.games))
    embed.add_field(name="Questions answered", value=str(stats.answered))
    embed.add_field(name="Accuracy", value=f"{stats.accuracy:.0%}" if stats.answered else "–")
    embed.add_field(name="Best streak", value=str(stats.best_streak))
    embed.add_field(name="Points", value=f"{stats.points:,}")
    embed.add_field(name="Rank in this server", value=f"#{stats.rank}" if stats.rank else "unranked")
    embed.set_footer(text=RANKED_RULE)
    return embed


def packs_embed(packs: Sequence[Pack], generated_ok: bool) -> discord.Embed:
    lines = []
    for pack in packs:
        spread = " · ".join(f"{level} {count}" for level, count in pack.spread().items() if count)
        lines.append(f"**{safe(pack.name, 80)}** (`{pack.id}`): {len(pack.questions)} questions · {spread}")
        lines.append(f"  {safe(pack.description, 200)}")
    if generated_ok:
        lines.append("**Generated** (`generated`): new questions from the collaboration catalogue, every game.")
    if not lines:
        lines = ["No packs are installed."]
    embed = discord.Embed(title="Trivia packs", description=clip("\n".join(lines), 4000), colour=COLOUR)
    embed.set_footer(text="Start one: /trivia start category:<pack> · no category: a mix")
    return embed


def quiz_embed(question: Question, day_label: str) -> discord.Embed:
    lines = [safe(question.prompt, 1000), ""]
    lines += [f"**{LETTERS[i]}.** {safe(option, 100)}" for i, option in enumerate(question.options)]
    embed = discord.Embed(title=f"Quiz me · {day_label}", description="\n".join(lines), colour=COLOUR)
    return embed


def quiz_result_embed(question: Question, chosen: int, day_label: str) -> discord.Embed:
    right = chosen == question.correct
    lines = [safe(question.prompt, 1000), ""]
    verdict = "✅ Right: " if right else f"❌ Not {safe(question.options[chosen], 100)}. It was "
    lines.append(f"{verdict}**{safe(question.answer, 100)}**")
    why = safe(question.why, 600)
    if question.source:
        why += f" ([source]({question.source}))"
    lines.append(f"\n*{why}*")
    embed = discord.Embed(title=f"Quiz me · {day_label}", description="\n".join(lines), colour=COLOUR)
    embed.set_footer(text="Counted in your /trivia stats.")
    return embed
