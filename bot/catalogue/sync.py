"""Keep the database's catalogue in step with the files in data/catalogue/ (artists, collaborations, debuts)."""

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
    previous: bool = True  # for "rejected": whether an earlier good catalogue is still being served

    def summary(self) -> str:
        """One line on what the bot serves, for the log and /about."""
        if self.status != "rejected":
            return f"catalogue {self.status}"
        serving = "serving the last good catalogue" if self.previous else "serving an EMPTY catalogue (none loaded yet)"
        return f"catalogue files have {len(self.problems)} problem(s), not loaded: {serving}"


async def sync_catalogue(store: Store, directory: Path) -> SyncResult:
    """Load the catalogue files into ``store`` if their content changed since the last load.

    A catalogue with any problem is never loaded: the database keeps serving the last good one.
    """
    current = await asyncio.to_thread(content_hash, directory)
    loaded = await store.catalogue.loaded_hash()
    if current == loaded:
        log.info("catalogue unchanged (%s)", current[:12])
        return SyncResult("unchanged")
    catalogue = await asyncio.to_thread(read_catalogue, directory)
    if not catalogue.ok:
        result = SyncResult("rejected", catalogue.problems, previous=loaded is not None)
        log.error("%s; run `python -m bot check` for the list", result.summary())
        for problem in catalogue.problems:
            log.error("  %s", problem)
        return result
    try:
        await store.catalogue.replace(catalogue)
    except ReadOnlyDatabaseError as error:
        # Serving the old catalogue from a database nobody can update would hide the problem until someone noticed.
        raise FatalStartupError(f"{error} (the catalogue files changed and must be loaded into it)") from error
    log.info(
        "catalogue loaded: %d collaborations, %d artists, %d debuts (%s)",
        len(catalogue.collabs),
        len(catalogue.artists),
        len(catalogue.debuts),
        catalogue.content_hash[:12],
    )
    return SyncResult("loaded")
