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
    async def sync(self, ctx: commands.Context[KCollabBot], scope: Literal["global", "here"] = "global") -> None:
        """Publish the slash commands: everywhere (global, up to an hour to appear) or to this server now."""
        guild_id = ctx.guild.id if scope == "here" and ctx.guild else None
        synced = await self.bot.sync_commands(guild_id)
        where = "this server" if guild_id else "every server"
        await ctx.reply(f"Synced {len(synced)} commands to {where}.")


async def setup(bot: KCollabBot) -> None:
    await bot.add_cog(Admin(bot))
