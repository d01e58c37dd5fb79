"""The one place that turns an exception during an interaction into a reply."""

from __future__ import annotations

import logging
import secrets
from typing import Any

import discord
from discord import app_commands

from bot.errors import UserError

log = logging.getLogger(__name__)


def user_message(error: BaseException) -> str | None:
    """The explanation for a user's mistake, or None when the error is ours."""
    original = getattr(error, "original", None)
    if isinstance(error, app_commands.CommandInvokeError) and original is not None:
        error = original
    if isinstance(error, UserError):
        return error.message
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the " + ", ".join(p.replace("_", " ") for p in error.missing_permissions) + " permission."
    if isinstance(error, app_commands.BotMissingPermissions):
        return "I need the " + ", ".join(p.replace("_", " ") for p in error.missing_permissions) + " permission here."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works in a server, not in direct messages."
    if isinstance(error, app_commands.TransformerError):
        return f"{error.value!r} is not a valid value for that option."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    return None


async def reply_to_error(interaction: discord.Interaction[Any], error: BaseException, *, where: str) -> None:
    """Answer ``interaction`` with an ephemeral explanation; log unexpected errors with an id the user sees."""
    message = user_message(error)
    if message is None:
        error_id = secrets.token_hex(4)
        log.error("unexpected error %s in %s", error_id, where, exc_info=error)
        message = f"Something went wrong on our side (error id `{error_id}`). It has been logged."
    if interaction.type is discord.InteractionType.autocomplete:
        if not interaction.response.is_done():
            await interaction.response.autocomplete([])
        return
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not send the error reply for %s", where, exc_info=True)


class BaseView(discord.ui.View):
    """A view whose errors go through :func:`reply_to_error` like command errors."""

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await reply_to_error(interaction, error, where=f"{type(self).__name__} {item!r}")
