"""The daily post's fan-out: one APScheduler job a minute asks the store which servers are due and posts to them.

Exactly once per server and local day:
- a post is *claimed* in SQLite (one conditional statement) before it is sent, and recorded as sent with its
  message id after; a second tick, a second process or a restart finds the claim and does not send again;
- a claim left unfinished by a crash is reconciled on start before anything is posted: the bot looks for its own
  post (the footer marker and the date) in the channel's recent messages; found, it is recorded as sent; not found,
  the post is retried.
The window that remains: a post that went out but cannot be found at reconciliation — the channel's history is not
readable (Read Message History denied), the post was deleted in between, or more than ``RECENT`` messages followed it
within the restart — is treated as not sent when history was read (a second post, the rarer harm than a lost day)
and as failed when history could not be read (never a blind resend).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from typing import TYPE_CHECKING

import aiohttp
import discord
from apscheduler.triggers.cron import CronTrigger

from bot.anniversaries.schedule import Due, Failure, candidate_dates, due, retry_time
from bot.anniversaries.service import Anniversaries, Digest
from bot.pacing import Pacer
from bot.store.anniversaries import AnniversaryRepository
from bot.ui import anniversaries as embeds
from bot.ui.paging import ANYONE, PickSelect
from bot.ui.trivia_buttons import QuizButton

if TYPE_CHECKING:
    from bot.client import KCollabBot

log = logging.getLogger(__name__)

JOB_ID = "anniversaries:daily"
RECENT = 50  # messages looked at when reconciling an unfinished claim
IN_FLIGHT = 16  # posts being sent at once: a slow server holds one slot, never the others
PICK_SOURCE = "otd"


def classify(error: BaseException) -> Failure:
    if isinstance(error, discord.NotFound):
        return Failure.GONE
    if isinstance(error, discord.Forbidden):
        return Failure.FORBIDDEN
    return Failure.TRANSIENT


class DailyPoster:
    def __init__(self, bot: KCollabBot, days: Anniversaries) -> None:
        self.bot = bot
        self.days = days
        self.pacer = Pacer()
        self._starting: asyncio.Task[None] | None = None
        self._tick_lock = asyncio.Lock()

    @property
    def repository(self) -> AnniversaryRepository:
        return self.bot.store.anniversaries

    # ------------------------------------------------------------------ life cycle
    def start(self) -> None:
        self._starting = asyncio.create_task(self._start(), name="anniversaries-start")

    async def _start(self) -> None:
        await self.bot.wait_until_ready()
        try:
            await self.reconcile()
        except Exception:
            log.exception("reconciling unfinished anniversary posts failed; they stay claimed")
        # One job for every server, on the minute; the store says who is due. Catch-up happens on the first run.
        self.bot.scheduler.add_job(
            self.tick,
            CronTrigger(second=0, timezone=dt.UTC),
            id=JOB_ID,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=50,
            next_run_time=dt.datetime.now(dt.UTC),
        )

    def stop(self) -> None:
        if self._starting is not None:
            self._starting.cancel()
        with contextlib.suppress(Exception):
            self.bot.scheduler.remove_job(JOB_ID)

    # ------------------------------------------------------------------ reconciling after a crash
    async def reconcile(self) -> None:
        for claim in await self.repository.unfinished():
            channel = self.bot.get_partial_messageable(claim.channel_id, guild_id=claim.guild_id)
            marker = embeds.post_footer(claim.local_date)
            try:
                found = None
                async for message in channel.history(limit=RECENT):
                    footers = [e.footer.text for e in message.embeds if e.footer and e.footer.text]
                    if self.bot.user and message.author.id == self.bot.user.id and marker in footers:
                        found = message
                        break
            except discord.HTTPException as error:
                log.warning("cannot read channel %s to check an unfinished post: %s", claim.channel_id, error)
                await self.repository.mark_failed(
                    claim.guild_id, claim.local_date, "could not check whether the post went out (history unreadable)"
                )
                continue
            if found is not None:
                log.info("post for guild %s on %s had gone out: recorded", claim.guild_id, claim.local_date)
                await self.repository.mark_sent(claim.guild_id, claim.local_date, found.id)
            else:
                log.info("post for guild %s on %s never went out: posting it", claim.guild_id, claim.local_date)
                await self.repository.mark_retry(claim.guild_id, claim.local_date, self.bot.clock(), "interrupted")

    # ------------------------------------------------------------------ the tick
    async def tick(self) -> int:
        """Post to every server that is due now; returns how many posts went out."""
        async with self._tick_lock:
            now = self.bot.clock()
            default = self.bot.settings.default_timezone
            servers = await self.repository.enabled()
            posts = await self.repository.posts_on(candidate_dates(now, servers, default))
            work = due(now, servers, posts, default)
            if not work:
                return 0
            # Computed once per local date for every server on it, not once per server.
            digests = {local: await self.days.digest(local) for local in sorted({d.local_date for d in work})}
            slots = asyncio.Semaphore(IN_FLIGHT)

            async def one(item: Due) -> bool:
                async with slots:
                    try:
                        return await self._post(item, digests[item.local_date])
                    except Exception:
                        log.exception("daily post for guild %s failed", item.settings.guild_id)
                        return False

            sent = await asyncio.gather(*(one(item) for item in work))
            return sum(sent)

    async def _post(self, item: Due, digest: Digest) -> bool:
        settings = item.settings
        if not await self.repository.claim(settings.guild_id, item.local_date, settings.channel_id, self.bot.clock()):
            return False
        if digest.quiet and settings.quiet_days == "skip":
            await self.repository.mark_skipped(settings.guild_id, item.local_date)
            return False
        embed = embeds.daily_post(item.local_date, digest)
        view = discord.ui.View(timeout=None)
        shown = digest.items or [u.anniversary for u in digest.coming]
        if shown:
            view.add_item(PickSelect(PICK_SOURCE, ANYONE, embeds.options(shown), "Open a card…"))
        if digest.items and self.bot.get_cog("Trivia") is not None:
            view.add_item(QuizButton(item.local_date.strftime("%Y%m%d")))  # one question about the day's songs
        mention = discord.AllowedMentions.none()
        content = None
        if settings.role_id is not None:
            content = f"<@&{settings.role_id}>"
            mention = discord.AllowedMentions(everyone=False, users=False, roles=[discord.Object(settings.role_id)])
        channel = self.bot.get_partial_messageable(settings.channel_id, guild_id=settings.guild_id)
        await self.pacer.wait()
        try:
            message = await channel.send(content=content, embed=embed, view=view, allowed_mentions=mention)
        except (discord.HTTPException, aiohttp.ClientError, TimeoutError) as error:
            await self._failed(item, error)
            return False
        await self.repository.mark_sent(settings.guild_id, item.local_date, message.id)
        if settings.problem:
            await self.repository.set_problem(settings.guild_id, None)
        return True

    async def _failed(self, item: Due, error: BaseException) -> None:
        settings = item.settings
        kind = classify(error)
        reason = f"{type(error).__name__}: {error}"[:300]
        log.warning("daily post for guild %s on %s failed (%s): %s", settings.guild_id, item.local_date, kind, reason)
        if kind is Failure.GONE:
            await self.repository.mark_failed(settings.guild_id, item.local_date, reason)
            await self.repository.set_enabled(
                settings.guild_id, False, "the channel was deleted: run /anniversary setup with another channel"
            )
        elif kind is Failure.FORBIDDEN:
            await self.repository.mark_failed(settings.guild_id, item.local_date, reason)
            await self.repository.set_problem(
                settings.guild_id,
                "a permission is missing in the channel (View Channel, Send Messages, Embed Links): "
                "I will try again tomorrow",
            )
        else:
            when = retry_time(item.attempt, self.bot.clock(), item.local_date, item.zone)
            if when is None:
                await self.repository.mark_failed(settings.guild_id, item.local_date, reason + " (gave up for the day)")
            else:
                await self.repository.mark_retry(settings.guild_id, item.local_date, when, reason)
