"""Embeds for "on this day": a day's anniversaries, the daily post, upcoming ones, and the daily post's status.

Collaborations fill the description; debuts have a section of their own below them (an embed field).
"""

from __future__ import annotations

import datetime as dt

import discord

from bot.anniversaries.calendar import day_label
from bot.anniversaries.digest import Anniversary, DebutAnniversary, Upcoming, UpcomingDebut
from bot.anniversaries.service import Digest
from bot.ui.cards import COLOUR, KIND_ICON, song_line
from bot.ui.text import clip, fit, safe

MARKER = "K-Collab · on this day"  # in every daily post's footer: how a restarted bot recognises its own post
DEBUTS = "🎤 Debut anniversaries"
FIELD_VALUE = 1024  # Discord's limit on an embed field's value


def post_footer(local_date: dt.date) -> str:
    """The daily post's footer, which also tells a restarted bot that post of that day is its own."""
    return f"{MARKER} · {local_date.isoformat()}"


def _day(day: dt.date) -> str:
    return day_label(day.month, day.day)


def _line(item: Anniversary) -> str:
    mark = f"🎉 **{item.label()}**" if item.milestone else item.label()
    return f"`{item.song.released.year}` {song_line(item.song)} · {mark}"


def _years(item: DebutAnniversary) -> str:
    return f"**{item.label()}**" if item.milestone else item.label()


def _debut_line(item: DebutAnniversary, when: str) -> str:
    """ "`2015` **TWICE** debuted 11 years ago today with *Like Ooh-Ahh*"; a milestone is marked as songs' are."""
    mark = "🎉 " if item.milestone else ""
    debut = item.debut
    return (
        f"`{debut.released.year}` {mark}**{safe(debut.artist.name)}** debuted {_years(item)} ago {when}"
        f" with *{safe(debut.release)}*"
    )


def _upcoming_debut_line(item: UpcomingDebut) -> str:
    mark = "🎉 " if item.debut.milestone else ""
    debut = item.debut.debut
    return (
        f"`{_day(item.date)}` {mark}**{safe(debut.artist.name)}**: {_years(item.debut)} since their debut"
        f" with *{safe(debut.release)}* ({debut.released.year})"
    )


def _debut_section(embed: discord.Embed, lines: list[str], name: str = DEBUTS) -> None:
    """The debuts, below the collaborations: a field of their own, within Discord's limit on a field."""
    if lines:
        embed.add_field(name=name, value=clip("\n".join(lines), FIELD_VALUE), inline=False)


def _next_up(next_up: Upcoming | UpcomingDebut) -> str:
    if isinstance(next_up, UpcomingDebut):
        debut = next_up.debut
        return (
            f"Next anniversary: **{safe(debut.debut.artist.name)}**'s debut on {_day(next_up.date)}"
            f" ({debut.label()} since *{safe(debut.debut.release)}*)."
        )
    song = next_up.anniversary.song
    return f"Next anniversary: **{safe(song.title)}** on {_day(next_up.date)} ({next_up.anniversary.label()})."


def day_page(
    title_day: str,
    items: list[Anniversary],
    page: int,
    per_page: int,
    next_up: Upcoming | UpcomingDebut | None,
    debuts: list[DebutAnniversary] | None = None,
) -> discord.Embed:
    """One page of ``/onthisday``: oldest first, milestones marked, the day's debuts below on every page; when there
    is nothing, the next anniversary to come."""
    debuts = debuts or []
    embed = discord.Embed(title=f"On this day: {title_day}", colour=COLOUR)
    if not items and not debuts:
        text = f"No collaboration in the catalogue was released on {title_day}."
        if next_up is not None:
            text += "\n" + _next_up(next_up)
        embed.description = text
        return embed
    shown = items[page * per_page : (page + 1) * per_page]
    if shown:
        embed.description = clip("\n".join(_line(item) for item in shown), 4000)
    _debut_section(embed, [_debut_line(item, "on this day") for item in debuts])
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
    if digest.quiet:
        lines = [f"`{_day(u.date)}` {song_line(u.anniversary.song)} · {u.anniversary.label()}" for u in coming]
        embed.description = "No anniversary today." + (
            "\n**Coming up this week**\n" + clip("\n".join(lines), 3800) if lines else ""
        )
        _debut_section(
            embed, [_upcoming_debut_line(u) for u in digest.coming_debuts], "🎤 Debut anniversaries this week"
        )
    else:
        _debut_section(embed, [_debut_line(item, "today") for item in digest.debuts])
    embed.set_footer(text=post_footer(local_date))
    return fit(embed)


def upcoming(items: list[Upcoming], days: int, debuts: list[UpcomingDebut] | None = None) -> discord.Embed:
    """The coming days' collaborations by date, and their debuts below."""
    debuts = debuts or []
    embed = discord.Embed(title=f"Anniversaries in the next {days} day{'s' if days != 1 else ''}", colour=COLOUR)
    if not items and not debuts:
        embed.description = "None in the catalogue for these days."
        return embed
    lines = []
    current: dt.date | None = None
    for item in items:
        if item.date != current:
            current = item.date
            lines.append(f"**{_day(item.date)}**")
        lines.append(_line(item.anniversary))
    if lines:
        embed.description = clip("\n".join(lines), 4000)
    _debut_section(embed, [_upcoming_debut_line(item) for item in debuts])
    return fit(embed)
