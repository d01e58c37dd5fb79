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
