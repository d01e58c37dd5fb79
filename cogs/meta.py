"""/about: what the bot is and how it is doing."""

from __future__ import annotations

import math

import discord
from discord import app_commands
from discord.ext import commands

from bot import __version__
from bot.client import KCollabBot


class Meta(commands.Cog):
    def __init__(self, bot: KCollabBot) -> None:
        self.bot = bot

    @app_commands.command()
    async def about(self, interaction: discord.Interaction[KCollabBot]) -> None:
        """What K-Collab is, how big its catalogue is, and how it is doing."""
        size = await self.bot.store.catalogue.size()
        started = self.bot.started_at
        source = self.bot.settings.source_url
        embed = discord.Embed(
            title="K-Collab",
            url=source,
            colour=discord.Colour.blurple(),
            description="K-pop × international collaborations, anniversaries and trivia.",
        )
        embed.add_field(name="Version", value=__version__)
        span = f"{size.first_year}–{size.last_year}" if size.first_year else "empty"
        catalogue = f"{size.collabs} collaborations\n{size.artists} artists\n{span}"
        status = self.bot.catalogue_status
        if status is not None and status.status == "rejected":
            # Say what is served: a self-hoster reads /about before the log.
            serving = "serving the last good catalogue" if status.previous else "serving an empty catalogue"
            catalogue += f"\n⚠ the catalogue files have {len(status.problems)} problem(s); {serving}"
        embed.add_field(name="Catalogue", value=catalogue)
        embed.add_field(name="Up since", value=f"{discord.utils.format_dt(started, 'R')}")
        latency = self.bot.latency
        embed.add_field(name="Latency", value="n/a" if math.isnan(latency) else f"{latency * 1000:.0f} ms")
        embed.add_field(name="Source", value=source, inline=False)
        await interaction.response.send_message(embed=embed)


async def setup(bot: KCollabBot) -> None:
    await bot.add_cog(Meta(bot))
