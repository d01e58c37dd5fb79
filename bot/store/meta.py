"""Key/value facts about the database."""

from __future__ import annotations

from bot.store.database import Database


class MetaRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def get(self, key: str) -> str | None:
        async with (
            self.database.read() as db,
            db.execute("SELECT value FROM meta WHERE key = ?", (key,)) as cursor,
        ):
            row = await cursor.fetchone()
        return str(row[0]) if row else None

    async def set(self, key: str, value: str) -> None:
        async with self.database.transaction() as connection:
            await connection.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
