"""All SQL lives under this package. The rest of the code gets dataclasses, never rows or cursors."""

from __future__ import annotations

from pathlib import Path

from bot.store.anniversaries import AnniversaryRepository
from bot.store.catalogue import CatalogueReader, CatalogueRepository
from bot.store.database import Database
from bot.store.guilds import GuildRepository
from bot.store.meta import MetaRepository


class Store:
    """The bot's one database, with a repository per aggregate."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.meta = MetaRepository(database)
        self.catalogue = CatalogueRepository(database)
        self.lookup = CatalogueReader(database)
        self.guilds = GuildRepository(database)
        self.anniversaries = AnniversaryRepository(database, self.guilds)

    @classmethod
    async def open(cls, path: Path) -> Store:
        return cls(await Database.open(path))

    async def migrate(self, target: int | None = None) -> int:
        return await self.database.migrate(target)

    async def close(self) -> None:
        await self.database.close()


__all__ = ["Store"]
