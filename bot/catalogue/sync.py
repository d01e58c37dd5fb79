"""Keep the database's catalogue in step with the files in data/catalogue/."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.catalogue.files import content_hash, read_catalogue
from bot.errors import FatalStartupError
from bot.store import Store
from bot.store.database import ReadOnlyDatabaseError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SyncResult:
    status: Literal["unchanged", "loaded", "rejected"]
    problems: tuple[str, ...] = ()


async def sync_catalogue(store: Store, directory: Path) -> SyncResult:
    """Load the catalogue files into ``store`` if their content changed since the last load.

    A catalogue with any problem is never loaded: the database keeps serving the last good one.
    """
    current = await asyncio.to_thread(content_hash, directory)
    if current == await store.catalogue.loaded_hash():
        log.info("catalogue unchanged (%s)", current[:12])
        return SyncResult("unchanged")
    catalogue = await asyncio.to_thread(read_catalogue, directory)
    if not catalogue.ok:
        log.error("catalogue NOT loaded, keeping the last good one: %d problem(s)", len(catalogue.problems))
        for problem in catalogue.problems:
            log.error("  %s", problem)
        return SyncResult("rejected", catalogue.problems)
    try:
        await store.catalogue.replace(catalogue)
    except ReadOnlyDatabaseError as error:
        # Serving the old catalogue from a database nobody can update would hide the problem until someone noticed.
        raise FatalStartupError(f"{error} (the catalogue files changed and must be loaded into it)") from error
    log.info(
        "catalogue loaded: %d collaborations, %d artists (%s)",
        len(catalogue.collabs),
        len(catalogue.artists),
        catalogue.content_hash[:12],
    )
    return SyncResult("loaded")
