"""Making text safe to show: Markdown escaped, mentions defused, lengths within Discord's limits."""

from __future__ import annotations

import discord


def safe(text: str, limit: int = 256) -> str:
    """``text`` as literal text: Markdown escaped, @mentions defused, cut to ``limit`` characters."""
    cleaned = "".join(ch for ch in text if ch.isprintable() or ch == " ")
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return discord.utils.escape_mentions(discord.utils.escape_markdown(cleaned))


def clip(text: str, limit: int) -> str:
    """Cut already-safe text to ``limit`` characters at a line break where possible."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1] + "…"


EMBED_TOTAL = 6000  # Discord's limit on the text of all of a message's embeds together


def fit(embed: discord.Embed) -> discord.Embed:
    """Cut ``embed``'s description so that its whole text stays within Discord's 6,000 characters."""
    others = len(embed.title or "") + len(embed.footer.text or "") + len(embed.author.name or "")
    others += sum(len(f.name or "") + len(f.value or "") for f in embed.fields)
    if embed.description and others + len(embed.description) > EMBED_TOTAL:
        embed.description = clip(embed.description, max(1, EMBED_TOTAL - others - 40))  # room for a page footer
    return embed
