"""The Bot subclass: owns the store and the scheduler, loads every feature extension in setup_hook."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import pkgutil
from typing import Any

import discord
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from discord import app_commands
from discord.ext import commands

from bot.catalogue.lookup import Lookup
from bot.catalogue.sync import SyncResult, sync_catalogue
from bot.config import Settings
from bot.store import Store
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
    def __init__(self, settings: Settings, *, extensions: str = "cogs", **options: Any) -> None:
        # The bot never joins voice: spare self-hosters discord.py's "PyNaCl is not installed" warning at start.
        discord.VoiceClient.warn_nacl = False
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
        self.scheduler = AsyncIOScheduler(timezone=dt.UTC)
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
        if self.settings.dev_guild_id is not None:
            await self.sync_commands(self.settings.dev_guild_id)

    async def sync_commands(self, guild_id: int | None = None) -> list[app_commands.AppCommand]:
        """Publish the command tree: to one guild (instant, global commands copied) or globally."""
        if guild_id is None:
            synced = await self.tree.sync()
        else:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        log.info("synced %d commands to %s", len(synced), f"guild {guild_id}" if guild_id else "every server")
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
