"""Embeds for "on this day": a day's anniversaries, the daily post, upcoming ones, and the daily post's status."""

from __future__ import annotations

import datetime as dt

import discord

from bot.anniversaries.calendar import day_label
from bot.anniversaries.digest import Anniversary, Upcoming
from bot.anniversaries.service import Digest
from bot.ui.cards import COLOUR, KIND_ICON, song_line
from bot.ui.text import clip, fit, safe

MARKER = "K-Collab · on this day"  # in every daily post's footer: how a restarted bot recognises its own post


def post_footer(local_date: dt.date) -> str:
    """The daily post's footer, which also tells a restarted bot that post of that day is its own."""
    return f"{MARKER} · {local_date.isoformat()}"


def _day(day: dt.date) -> str:
    return day_label(day.month, day.day)


def _line(item: Anniversary) -> str:
    mark = f"🎉 **{item.label()}**" if item.milestone else item.label()
    return f"`{item.song.released.year}` {song_line(item.song)} · {mark}"


def day_page(
    title_day: str, items: list[Anniversary], page: int, per_page: int, next_up: Upcoming | None
) -> discord.Embed:
    """One page of ``/onthisday``: oldest first, milestones marked; when there is none, the next one to come."""
    embed = discord.Embed(title=f"On this day: {title_day}", colour=COLOUR)
    if not items:
        text = f"No collaboration in the catalogue was released on {title_day}."
        if next_up is not None:
            song = next_up.anniversary.song
            text += (
                f"\nNext anniversary: **{safe(song.title)}** on {_day(next_up.date)} ({next_up.anniversary.label()})."
            )
        embed.description = text
        return embed
    shown = items[page * per_page : (page + 1) * per_page]
    embed.description = clip("\n".join(_line(item) for item in shown), 4000)
    return fit(embed)


def options(items: list[Anniversary]) -> list[discord.SelectOption]:
    """The menu under a day's list: one option per song (25 at most), opening its card."""
    return [
        discord.SelectOption(
            label=safe(item.song.title, 100)[:100],
            value=f"song:{item.song.slug}"[:100],
            description=f"{item.song.released.year} · {item.label()}"[:100],
            emoji=KIND_ICON["song"],
        )
        for item in items[:25]
    ]


def daily_post(local_date: dt.date, digest: Digest) -> discord.Embed:
    """The daily post: milestones first, then the rest oldest first; on a quiet day, what is coming this week."""
    items, coming = digest.items, digest.coming
    embed = discord.Embed(title=f"🎂 On this day — {_day(local_date)}", colour=COLOUR)
    if items:
        embed.description = clip("\n".join(_line(item) for item in items), 4000)
    else:
        lines = [f"`{_day(u.date)}` {song_line(u.anniversary.song)} · {u.anniversary.label()}" for u in coming]
        embed.description = "No anniversary today." + (
            "\n**Coming up this week**\n" + clip("\n".join(lines), 3800) if lines else ""
        )
    embed.set_footer(text=post_footer(local_date))
    return fit(embed)


def upcoming(items: list[Upcoming], days: int) -> discord.Embed:
    embed = discord.Embed(title=f"Anniversaries in the next {days} day{'s' if days != 1 else ''}", colour=COLOUR)
    if not items:
        embed.description = "None in the catalogue for these days."
        return embed
    lines = []
    current: dt.date | None = None
    for item in items:
        if item.date != current:
            current = item.date
            lines.append(f"**{_day(item.date)}**")
        lines.append(_line(item.anniversary))
    embed.description = clip("\n".join(lines), 4000)
    return fit(embed)
