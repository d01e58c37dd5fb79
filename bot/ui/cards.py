"""Embeds for the collaboration lookup: song card, artist card, result pages, links between artists."""

from __future__ import annotations

import datetime as dt

import discord

from bot.catalogue.lookup import Connection, Link, ResultsPage
from bot.catalogue.model import ArtistCollab, ArtistDetail, ArtistRef, ReleaseDate, SongDetail, SongSummary
from bot.ui.text import clip, fit, safe

COLOUR = discord.Colour.from_rgb(236, 72, 153)
ROLE_NOTE = {"featured": "feat.", "with": "with", "remixer": "remix", "producer": "producer/writer"}
KIND_ICON = {"song": "🎵", "artist": "👤"}


def years_ago(released: ReleaseDate, today: dt.date) -> str:
    years = today.year - released.year
    if released.month is not None and (today.month, today.day) < (released.month, released.day or 1):
        years -= 1
    if years <= 0:
        return "this year" if released.year == today.year else "less than a year ago"
    return "1 year ago" if years == 1 else f"{years} years ago"


def release_text(released: ReleaseDate, today: dt.date) -> str:
    """ "Friday, 18 October 2024 · 2 years ago" at day precision, "October 2019" or "2024" otherwise."""
    day = released.as_date()
    if day is not None:
        shown = f"{day:%A}, {day.day} {day:%B %Y}"
    elif released.month is not None:
        shown = f"{dt.date(released.year, released.month, 1):%B %Y}"
    else:
        shown = str(released.year)
    return f"{shown} · {years_ago(released, today)}"


def _credit(artist: ArtistRef, role: str, *, country: bool) -> str:
    name = safe(artist.label)
    if country and artist.country:
        name += f" ({safe(artist.country)})"
    note = ROLE_NOTE.get(role)
    return f"{name} · {note}" if note else name


def song_line(song: SongSummary) -> str:
    kpop = " & ".join(safe(a.label) for a in song.artists("kpop"))
    international = " & ".join(safe(a.name) for a in song.artists("international"))
    return f"**{safe(song.title)}** — {kpop} × {international}"


def source_link(url: str) -> str | None:
    """A clickable address for a source: web pages as they are, ``github:OWNER/REPO:PATH`` dataset rows on GitHub."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("github:") and url.count(":") == 2:
        _, repo, path = url.split(":")
        return f"https://github.com/{repo}/blob/HEAD/{path}"
    return None


def song_card(song: SongDetail, today: dt.date) -> discord.Embed:
    summary = song.summary
    embed = discord.Embed(title=safe(summary.title), colour=COLOUR)
    kpop = [_credit(c.artist, c.role, country=False) for c in summary.credits if c.artist.side == "kpop"]
    international = [_credit(c.artist, c.role, country=True) for c in summary.credits if c.artist.side != "kpop"]
    embed.add_field(name="K-pop", value=clip("\n".join(kpop), 1024) or "—")
    embed.add_field(name="International", value=clip("\n".join(international), 1024) or "—")
    released = release_text(summary.released, today)
    extras = [
        x for x in (song.date_basis and f"{song.date_basis} release", song.date_zone and f"{song.date_zone} date") if x
    ]
    if extras:
        released += f"\n({safe(', '.join(extras))})"
    embed.add_field(name="Released", value=released, inline=False)
    about = [safe(song.kind) if song.kind else None, f"from *{safe(song.release)}*" if song.release else None]
    if any(about):
        embed.add_field(name="Kind", value=" · ".join(x for x in about if x))
    if song.genres:
        embed.add_field(name="Genre", value=safe(", ".join(song.genres)))
    if song.languages:
        embed.add_field(name="Languages", value=safe(", ".join(song.languages)))
    if song.chart_peaks:
        peaks = [f"No. {p.peak} — {safe(p.chart)}" + (f" ({p.date})" if p.date else "") for p in song.chart_peaks]
        embed.add_field(name="Chart peaks", value=clip("\n".join(peaks), 1024), inline=False)
    links = []
    if song.youtube:
        links.append(f"[YouTube](https://www.youtube.com/watch?v={song.youtube})")
    links += [f"[Official]({url})" for url in song.official]
    if links:
        embed.add_field(name="Links", value=clip(" · ".join(links), 1024), inline=False)
    sources = [
        f"[{index}]({url})"
        for index, url in enumerate((source_link(source.url) for source in song.sources), start=1)
        if url is not None
    ]
    if sources:
        embed.add_field(name="Sources", value=clip(" ".join(sources), 1024), inline=False)
    embed.set_footer(text=f"id: {summary.slug}")
    return embed


def artist_card(artist: ArtistDetail, collabs: list[ArtistCollab], page: int, per_page: int) -> discord.Embed:
    ref = artist.artist
    title = safe(ref.name) + (f" ({artist.hangul})" if artist.hangul else "")
    embed = discord.Embed(title=title, colour=COLOUR)
    kind = safe(artist.kind) + (f" · {safe(ref.country)}" if ref.country else "")
    embed.add_field(name="Kind", value=kind)
    if artist.groups:
        embed.add_field(name="Group", value=", ".join(safe(g.name) for g in artist.groups))
    if artist.members:
        embed.add_field(name="Members", value=clip(", ".join(safe(m.name) for m in artist.members), 1024))
    embed.add_field(name="Collaborations", value=str(artist.collab_count))
    if artist.partners:
        embed.add_field(
            name="Partners", value=clip(", ".join(safe(p.name) for p in artist.partners), 1024), inline=False
        )
    lines = []
    for item in collabs[page * per_page : (page + 1) * per_page]:
        line = f"`{item.song.released.iso()}` {song_line(item.song)}"
        if item.via is not None:
            line += f" *(as {safe(item.via.name)})*"
        lines.append(line)
    embed.description = clip("\n".join(lines), 4000) if lines else "No collaborations in the catalogue yet."
    return fit(embed)


def results_page(query: str, found: ResultsPage) -> discord.Embed:
    embed = discord.Embed(title=f"Results for “{safe(query, 100)}”", colour=COLOUR)
    lines = []
    for index, result in enumerate(found.results, start=found.first + 1):
        line = f"{index}. {KIND_ICON[result.kind]} **{safe(result.name)}** — {safe(result.detail)}"
        lines.append(f"{line} — via {safe(result.via)}" if result.via else line)
    embed.description = clip("\n".join(lines), 4000)
    return embed


def _link_line(link: Link) -> str:
    if link.song is None:
        return f"{safe(link.source.name)} — *{link.relation}* — {safe(link.target.name)}"
    return (
        f"{safe(link.source.name)} —**{safe(link.song.title)}** ({link.song.released.year})— {safe(link.target.name)}"
    )


def connection_card(connection: Connection) -> discord.Embed:
    first, second = safe(connection.first.label), safe(connection.second.label)
    embed = discord.Embed(title=f"{first} × {second}", colour=COLOUR)
    if connection.direct:
        lines = []
        for link in connection.direct:
            line = f"`{link.song.released.iso()}` {song_line(link.song)}" if link.song else _link_line(link)
            vias = [
                a.name
                for a, ref in ((link.source, connection.first), (link.target, connection.second))
                if a.id != ref.id
            ]
            if vias:
                line += f" *(via {safe(', '.join(vias))})*"
            lines.append(line)
        embed.description = clip("\n".join(lines), 4000)
        embed.set_footer(text=f"{len(connection.direct)} collaboration(s) link them directly")
    elif connection.chain:
        embed.description = clip("\n".join(_link_line(link) for link in connection.chain), 4000)
        embed.set_footer(text=f"No song together; linked in {len(connection.chain)} step(s)")
    else:
        embed.description = "Not connected: no chain of up to 6 collaborations links them in the catalogue."
    return embed
