"""What the bot needs in a channel to post there, named as Discord's permission settings name it."""

from __future__ import annotations

from collections.abc import Sequence

import discord

POSTING = ("view_channel", "send_messages", "embed_links")  # a message with an embed


def missing(permissions: discord.Permissions, needed: Sequence[str] = POSTING) -> list[str]:
    """The ``needed`` permissions ``permissions`` lacks, as "Send Messages", "Embed Links"…"""
    return [name.replace("_", " ").title() for name in needed if not getattr(permissions, name)]
