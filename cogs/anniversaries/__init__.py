"""/onthisday and /anniversary: release anniversaries on demand, and a daily post per server."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.anniversaries.calendar import (
    DEFAULT_POST_TIME,
    InputError,
    day_label,
    next_post,
    parse_day,
    parse_time,
    parse_zone,
    suggest_zones,
    zone_or,
)
from bot.anniversaries.schedule import zone_of
from bot.anniversaries.service import Anniversaries
from bot.client import KCollabBot
from bot.errors import UserError
from bot.store.anniversaries import QUIET_DAY_CHOICES, SENT, AnniversarySettings
from bot.ui import anniversaries as embeds
from bot.ui.cards import COLOUR, song_card
from bot.ui.paging import Rendered, send_pages
from bot.ui.permissions import missing
from cogs.anniversaries._poster import PICK_SOURCE, DailyPoster

Interaction = discord.Interaction[KCollabBot]
PER_PAGE = 10
POSTABLE = (discord.ChannelType.text, discord.ChannelType.news)


def _needs_manage_server(interaction: Interaction) -> None:
    # Checked here, not only through Discord's default member permissions, which a server can override.
    if not interaction.permissions.manage_guild:
        raise UserError("You need the Manage Server permission to change the daily anniversary post.")


@app_commands.guild_only()
class AnniversaryCog(commands.Cog):
    anniversary = app_commands.Group(
        name="anniversary", description="The daily “on this day” post in this server", guild_only=True
    )

    def __init__(self, bot: KCollabBot) -> None:
        self.bot = bot
        self.days = Anniversaries(bot.store.lookup)
        self.poster = DailyPoster(bot, self.days)

    async def cog_load(self) -> None:
        self.bot.page_sources.register(PICK_SOURCE, self._day_page, pick=self._open_card)
        self.poster.start()

    async def cog_unload(self) -> None:
        self.poster.stop()
        self.bot.page_sources.unregister(PICK_SOURCE)

    def _zone_name(self, guild_zone: str | None) -> str:
        return guild_zone or self.bot.settings.default_timezone

    def _zone(self, settings: AnniversarySettings) -> ZoneInfo:
        return zone_of(settings, self.bot.settings.default_timezone)

    async def _today(self, guild_id: int) -> dt.date:
        """Today in the server's zone."""
        stored = (await self.bot.store.guilds.get(guild_id)).timezone
        return self.bot.clock().astimezone(zone_or(stored, self.bot.settings.default_timezone)).date()

    # ------------------------------------------------------------------ pages and cards
    async def _day_page(self, key: str, page: int) -> Rendered | None:
        """Key ``MM-DD@YYYY``: the songs celebrated that day of that year (29 February as itself)."""
        month_day, _, year_text = key.partition("@")
        day = parse_day(month_day)
        found = await self.days.listing(day.month, day.day, int(year_text))
        count = max(1, (len(found.items) + PER_PAGE - 1) // PER_PAGE)
        page = min(page, count - 1)
        embed = embeds.day_page(day_label(day.month, day.day), found.items, page, PER_PAGE, found.next_up, found.debuts)
        return Rendered(embed, count, embeds.options(found.items[page * PER_PAGE : (page + 1) * PER_PAGE]))

    async def _open_card(self, interaction: discord.Interaction[Any], value: str) -> None:
        song = await self.bot.catalogue.song(value.partition(":")[2])
        if song is None:
            raise UserError("That song is no longer in the catalogue.")
        today = dt.datetime.now(dt.UTC).date()
        await interaction.response.send_message(embed=song_card(song, today), ephemeral=True)

    # ------------------------------------------------------------------ /onthisday
    @app_commands.command(name="onthisday")
    @app_commands.describe(date="A day as MM-DD or YYYY-MM-DD (default: today in this server's time zone)")
    async def onthisday(self, interaction: Interaction, date: str | None = None) -> None:
        """Collaborations released on this day in earlier years, and K-pop acts' debuts."""
        assert interaction.guild_id is not None
        if date is None:
            today = await self._today(interaction.guild_id)
            key = f"{today:%m-%d}@{today.year}"
        else:
            try:
                day = parse_day(date)
            except InputError as error:
                raise UserError(str(error)) from None
            year = day.year or self.bot.clock().year
            key = f"{day.month:02d}-{day.day:02d}@{year}"
        sent = await send_pages(interaction, PICK_SOURCE, key)
        assert sent, "a day always has a page, if only to say it has no anniversary"

    # ------------------------------------------------------------------ /anniversary …
    async def _zones(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=name, value=name) for name in suggest_zones(current)]

    @anniversary.command(name="setup")
    @app_commands.describe(
        channel="The text channel to post in",
        time="Post time as 24-hour HH:MM in the server's time zone (default 09:00)",
        timezone="IANA time zone, e.g. Asia/Seoul (default: the bot's DEFAULT_TIMEZONE)",
        mention="A role to mention in each post (default: none)",
        quiet_days="On a day without anniversaries: post what is coming up this week, or skip the day",
    )
    @app_commands.autocomplete(timezone=_zones)
    @app_commands.choices(quiet_days=[app_commands.Choice(name=c, value=c) for c in QUIET_DAY_CHOICES])
    async def setup(
        self,
        interaction: Interaction,
        channel: app_commands.AppCommandChannel | app_commands.AppCommandThread,
        time: str | None = None,
        timezone: str | None = None,
        mention: discord.Role | None = None,
        quiet_days: str = "upcoming",
    ) -> None:
        """Turn the daily anniversary post on (Manage Server)."""
        _needs_manage_server(interaction)
        guild = interaction.guild
        assert guild is not None
        if channel.type not in POSTABLE:
            raise UserError(f"{channel.mention} is a {channel.type.name} channel: pick a text channel to post in.")
        try:
            at = parse_time(time) if time is not None else DEFAULT_POST_TIME
            zone = parse_zone(timezone).key if timezone is not None else None
        except InputError as error:
            raise UserError(str(error)) from None
        resolved = guild.get_channel(channel.id)
        if not isinstance(resolved, discord.TextChannel):
            raise UserError(f"I cannot see {channel.mention}: give me View Channel there, or pick another channel.")
        if lacking := missing(resolved.permissions_for(guild.me)):
            raise UserError(f"I cannot post in {resolved.mention}: I need {', '.join(lacking)} there.")
        if mention is not None and mention.is_default():
            raise UserError("Pick a role to mention, not @everyone.")
        settings = await self.bot.store.anniversaries.configure(
            guild.id,
            channel_id=resolved.id,
            post_time=at,
            timezone=zone,
            role_id=mention.id if mention else None,
            quiet_days=quiet_days,
        )
        zone_name = self._zone_name(settings.timezone)
        when = next_post(self.bot.clock(), settings.post_time, self._zone(settings), posted_today=False)
        text = (
            f"Daily anniversary posts are on: {resolved.mention} at {settings.post_time:%H:%M} ({zone_name}). "
            f"Next post {discord.utils.format_dt(when, 'F')}."
        )
        if mention is not None:
            text += f" Each post mentions {mention.mention}."
        if not resolved.permissions_for(guild.me).read_message_history:
            text += " Tip: give me Read Message History there, so a restart can never double a post."
        await interaction.response.send_message(text, ephemeral=True)

    @anniversary.command(name="disable")
    async def disable(self, interaction: Interaction) -> None:
        """Turn the daily anniversary post off; its settings are kept (Manage Server)."""
        _needs_manage_server(interaction)
        assert interaction.guild_id is not None
        if not await self.bot.store.anniversaries.set_enabled(interaction.guild_id, False):
            raise UserError("Daily posts are not set up here: `/anniversary setup` turns them on.")
        await interaction.response.send_message(
            "Daily anniversary posts are off. `/anniversary setup` turns them on again.", ephemeral=True
        )

    @anniversary.command(name="status")
    async def status(self, interaction: Interaction) -> None:
        """Where and when the daily post goes, the last one, and any problem."""
        guild = interaction.guild
        assert guild is not None
        settings = await self.bot.store.anniversaries.get(guild.id)
        if settings is None:
            raise UserError("Daily posts are not set up here. A moderator can turn them on with `/anniversary setup`.")
        zone_name = self._zone_name(settings.timezone)
        zone = self._zone(settings)
        now = self.bot.clock()
        last = await self.bot.store.anniversaries.last_post(guild.id)
        today = now.astimezone(zone).date()
        done_today = last is not None and last.local_date == today
        embed = discord.Embed(title="Daily anniversary post", colour=COLOUR)
        embed.add_field(name="State", value="on" if settings.enabled else "off")
        embed.add_field(name="Channel", value=f"<#{settings.channel_id}>")
        embed.add_field(name="Time", value=f"{settings.post_time:%H:%M} ({zone_name})")
        if settings.enabled:
            when = next_post(now, settings.post_time, zone, posted_today=done_today)
            embed.add_field(
                name="Next post",
                value=f"{discord.utils.format_dt(when, 'F')} ({discord.utils.format_dt(when, 'R')})",
                inline=False,
            )
        sent = await self.bot.store.anniversaries.last_sent(guild.id)
        if sent is not None and sent.message_id is not None:
            link = f"https://discord.com/channels/{guild.id}/{sent.channel_id}/{sent.message_id}"
            embed.add_field(name="Last post", value=f"[{sent.local_date.isoformat()}]({link})", inline=False)
        problems = [settings.problem] if settings.problem else []
        channel = guild.get_channel(settings.channel_id)
        if channel is None and settings.enabled:
            problems.append("the channel is gone or hidden from me")
        elif isinstance(channel, discord.TextChannel) and (lacking := missing(channel.permissions_for(guild.me))):
            problems.append(f"I need {', '.join(lacking)} in {channel.mention}")
        if last is not None and last.state not in (SENT, "claimed") and last.error and last.local_date == today:
            problems.append(f"today's post: {last.state} ({last.error[:200]})")
        embed.add_field(name="Problems", value="\n".join(problems)[:1024] if problems else "none", inline=False)
        await interaction.response.send_message(embed=embed)

    @anniversary.command(name="preview")
    async def preview(self, interaction: Interaction) -> None:
        """Today's post, shown only to you (Manage Server)."""
        _needs_manage_server(interaction)
        assert interaction.guild_id is not None
        today = await self._today(interaction.guild_id)
        digest = await self.days.digest(today)
        await interaction.response.send_message(embed=embeds.daily_post(today, digest), ephemeral=True)

    @anniversary.command(name="upcoming")
    @app_commands.describe(days="How many days ahead, 1 to 31 (default 7)")
    async def upcoming(self, interaction: Interaction, days: app_commands.Range[int, 1, 31] = 7) -> None:
        """The anniversaries of the coming days, by date."""
        assert interaction.guild_id is not None
        today = await self._today(interaction.guild_id)
        found = await self.days.upcoming(today, days)
        debuts = await self.days.upcoming_debuts(today, days)
        await interaction.response.send_message(embed=embeds.upcoming(found, days, debuts))

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.bot.store.anniversaries.set_enabled(guild.id, False, "the bot was removed from the server")


async def setup(bot: KCollabBot) -> None:
    await bot.add_cog(AnniversaryCog(bot))
