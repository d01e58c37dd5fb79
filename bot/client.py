"""The Bot subclass: owns the store and the scheduler, loads every feature extension in setup_hook."""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import logging
import pkgutil
from collections.abc import Callable
from typing import Any

import discord
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from discord import app_commands
from discord.ext import commands

from bot.catalogue.lookup import Lookup
from bot.catalogue.sync import SyncResult, sync_catalogue
from bot.config import Settings
from bot.store import Store
from bot.timing import RealTimers, Timers
from bot.ui.errors import reply_to_error
from bot.ui.paging import DYNAMIC_ITEMS, PageSources

log = logging.getLogger(__name__)


def extension_names(package: str = "cogs") -> list[str]:
    """The feature extensions: every module or sub-package of ``package`` whose name does not start with ``_``.

    A feature too big for one file is a package (``cogs/trivia/`` with ``setup`` in its ``__init__``); helper modules
    beside the extensions are private (``cogs/_shared.py``) and never loaded as extensions.
    """
    found = importlib.import_module(package)
    return sorted(f"{package}.{m.name}" for m in pkgutil.iter_modules(found.__path__) if not m.name.startswith("_"))


class KCollabTree(app_commands.CommandTree["KCollabBot"]):
    async def on_error(self, interaction: discord.Interaction[KCollabBot], error: app_commands.AppCommandError) -> None:
        command = interaction.command
        await reply_to_error(interaction, error, where=f"/{command.qualified_name}" if command else "interaction")


class KCollabBot(commands.Bot):
    def __init__(
        self, settings: Settings, *, extensions: str = "cogs", freeze_gc: bool = False, **options: Any
    ) -> None:
        # The bot never joins voice: spare self-hosters discord.py's warnings about voice libraries ("PyNaCl",
        # "davey") it does not need.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        intents = discord.Intents.default()  # no privileged intent...
        intents.message_content = settings.trivia_typed_answers  # ...unless typed trivia answers are switched on
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            # Nothing the bot posts pings anyone, whatever the data or the user typed.
            allowed_mentions=discord.AllowedMentions.none(),
            owner_ids=set(settings.owner_ids) or None,
            help_command=None,
            tree_cls=KCollabTree,
            **options,
        )
        self.settings = settings
        self.extensions_package = extensions
        self.freeze_gc = freeze_gc
        self.scheduler = AsyncIOScheduler(timezone=dt.UTC)
        # Every feature reads "now" here: tests and the restart soak move it; production reads the real clock.
        self.clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
        self.timers: Timers = RealTimers()  # monotonic time for countdowns (trivia); tests move it too
        self.page_sources = PageSources()  # what each paged message renders from; features register theirs
        self.catalogue_status: SyncResult | None = None
        self._store: Store | None = None
        self._catalogue: Lookup | None = None
        self.started_at = discord.utils.utcnow()

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the store is opened in setup_hook")
        return self._store

    @property
    def catalogue(self) -> Lookup:
        """The catalogue every feature reads (search, cards, the collaboration graph), warmed once in setup_hook."""
        if self._catalogue is None:
            raise RuntimeError("the catalogue is opened in setup_hook")
        return self._catalogue

    async def setup_hook(self) -> None:
        self._store = await Store.open(self.settings.database_path)
        await self._store.migrate()
        self.catalogue_status = await sync_catalogue(self._store, self.settings.catalogue_dir)
        self._catalogue = Lookup(self._store.lookup)
        await self._catalogue.warm()
        # Components carry their state in their custom ids: they answer after any restart.
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        for name in extension_names(self.extensions_package):
            await self.load_extension(name)
        self.scheduler.start()
        if self.freeze_gc:
            # Everything built so far (the catalogue's caches, trivia's snapshot) lives as long as the process: out of
            # the collector's sight, a full collection no longer walks it (a 60 ms event-loop stall with 200 games).
            gc.freeze()
        if self.settings.dev_guild_id is not None:
            await self.sync_commands(self.settings.dev_guild_id)

    async def sync_commands(self, guild_id: int | None = None) -> list[app_commands.AppCommand]:
        """Publish the command tree: to one guild (instant, global commands copied) or globally.

        When a server ends up listing a command twice (its copy and the global one) a warning is logged;
        :meth:`publish_commands` returns it too, for the owner who asked.
        """
        synced, _ = await self.publish_commands(guild_id)
        return synced

    async def close(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await super().close()
        store, self._store = self._store, None  # a second close() (signal, then `async with`) finds nothing to do
        if store is not None:
            await store.close()
            log.info("closed cleanly")

    async def on_command_error(self, context: commands.Context[Any], exception: commands.CommandError) -> None:
        # Mention commands are owner tools; a stray mention of the bot is not an error worth a reply.
        if isinstance(exception, commands.CommandNotFound):
            return
        if isinstance(exception, commands.NotOwner):
            await context.reply("Only the bot's owners can do that.")
            return
        if isinstance(exception, commands.UserInputError):
            await context.reply(str(exception))
            return
        log.error("error in mention command %s", context.command, exc_info=exception)
        await context.reply("Something went wrong; it has been logged.")

    async def publish_commands(self, guild_id: int | None = None) -> tuple[list[app_commands.AppCommand], str | None]:
        """:meth:`sync_commands`, also returning (and logging) why a server may now list every command twice."""
        if guild_id is None:
            synced = await self.tree.sync()
            warning = None
            if (dev := self.settings.dev_guild_id) is not None:
                warning = (
                    f"DEV_GUILD_ID is set: server {dev} also has its own copy of every command, so it lists each "
                    f"twice; for production, empty DEV_GUILD_ID and run `python -m bot sync --clear {dev}`"
                )
        else:
            also_global = await self._global_command_names()
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            doubled = sorted(also_global & {command.name for command in synced})
            warning = (
                f"{', '.join(doubled)}: also global, so server {guild_id} lists them twice until its copies are "
                f"removed (`@K-Collab sync clear` there, or `python -m bot sync --clear {guild_id}`)"
                if doubled
                else None
            )
        log.info("synced %d commands to %s", len(synced), f"guild {guild_id}" if guild_id else "every server")
        if warning:
            log.warning("%s", warning)
        return synced, warning

    async def clear_guild_commands(self, guild_id: int) -> str | None:
        """Remove a server's own copies of the commands (Discord gets an empty list); the global ones stay.

        Returns a warning when that server is DEV_GUILD_ID, whose copies the next start puts back.
        """
        guild = discord.Object(id=guild_id)
        self.tree.clear_commands(guild=guild)
        await self.tree.sync(guild=guild)
        log.info("cleared the commands copied to guild %d", guild_id)
        if guild_id != self.settings.dev_guild_id:
            return None
        warning = f"DEV_GUILD_ID is server {guild_id}: the next start copies the commands there again; empty it"
        log.warning("%s", warning)
        return warning

    async def _global_command_names(self) -> set[str]:
        try:
            published = await self.tree.fetch_commands()
        except discord.HTTPException as error:
            # Only a warning depends on it: never fail a sync over it.
            log.warning("could not list the global commands to look for doubles: %s", error)
            return set()
        return {command.name for command in published if command.guild_id is None}
