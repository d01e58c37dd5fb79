"""Owner tools, reached by mentioning the bot (no privileged intent needed): ``@K-Collab sync``."""

from __future__ import annotations

from typing import Literal

from discord.ext import commands

from bot.client import KCollabBot


class Admin(commands.Cog):
    def __init__(self, bot: KCollabBot) -> None:
        self.bot = bot

    @commands.command(name="sync")
    @commands.is_owner()
    async def sync(
        self, ctx: commands.Context[KCollabBot], scope: Literal["global", "here", "clear"] = "global"
    ) -> None:
        """Publish the slash commands, or remove this server's copies of them.

        global: every server (up to an hour to appear); here: this server, now; clear: this server's copies go.
        """
        if scope == "global":
            synced, warning = await self.bot.publish_commands(None)
            reply = f"Synced {len(synced)} commands to every server."
        elif ctx.guild is None:
            # In a DM there is no server to copy to or clear; publishing globally instead would surprise the owner.
            await ctx.reply(f"`sync {scope}` works in a server: mention me there.")
            return
        elif scope == "here":
            synced, warning = await self.bot.publish_commands(ctx.guild.id)
            reply = f"Synced {len(synced)} commands to this server."
        else:
            warning = await self.bot.clear_guild_commands(ctx.guild.id)
            reply = "Removed this server's copies of the commands; the global ones stay."
        await ctx.reply(f"{reply}\nWarning: {warning}" if warning else reply)


async def setup(bot: KCollabBot) -> None:
    await bot.add_cog(Admin(bot))
