"""What the bot needs in a channel to post there, named as Discord's permission settings name it."""

from __future__ import annotations

from collections.abc import Sequence

import discord

POSTING = ("view_channel", "send_messages", "embed_links")  # a message with an embed
# In a thread Discord lets one post with Send Messages in Threads; Send Messages (the parent channel's) is not asked.
POSTING_IN_THREADS = ("view_channel", "send_messages_in_threads", "embed_links")
_NAMES = {"send_messages_in_threads": "Send Messages in Threads"}  # as Discord's settings write it


def posting(channel: object) -> tuple[str, ...]:
    """What posting a message with an embed needs in ``channel`` (a thread or any other channel)."""
    return POSTING_IN_THREADS if isinstance(channel, discord.Thread) else POSTING


def missing(permissions: discord.Permissions, needed: Sequence[str] = POSTING) -> list[str]:
    """The ``needed`` permissions ``permissions`` lacks, as "Send Messages", "Embed Links"…"""
    return [_NAMES.get(name, name.replace("_", " ").title()) for name in needed if not getattr(permissions, name)]
