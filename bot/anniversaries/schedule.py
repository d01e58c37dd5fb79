"""Which servers' daily posts are due, and what to do when a post fails. Pure: the cog does the sending."""

from __future__ import annotations

import datetime as dt
import enum
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.anniversaries.calendar import due_date, post_instant, zone_or
from bot.store.anniversaries import RETRY, AnniversarySettings, PostRecord

RETRY_BACKOFF = (60, 120, 300, 600, 1800)  # seconds before the 1st, 2nd… retry of a post that hit 429/5xx


class Failure(enum.Enum):
    """How a post failed, as far as the schedule cares."""

    TRANSIENT = "transient"  # 429 after discord.py's own retries, 5xx, a network error: try again later today
    FORBIDDEN = "forbidden"  # 403: a permission is missing; recorded, shown in status, tried again tomorrow
    GONE = "gone"  # 404: the channel was deleted; posting stops until a moderator sets it up again


@dataclass(frozen=True, slots=True)
class Due:
    settings: AnniversarySettings
    zone: zoneinfo.ZoneInfo
    local_date: dt.date
    attempt: int = 1  # this post's attempt number today (a retry's is its earlier attempts plus one)


def zone_of(settings: AnniversarySettings, default: str) -> zoneinfo.ZoneInfo:
    return zone_or(settings.timezone, default)


def candidate_dates(now: dt.datetime, servers: Iterable[AnniversarySettings], default: str) -> list[dt.date]:
    """The local dates the servers are on at ``now`` (at most two or three distinct ones across the world)."""
    return sorted({now.astimezone(zone_of(s, default)).date() for s in servers})


def due(
    now: dt.datetime,
    servers: Iterable[AnniversarySettings],
    posts: Mapping[tuple[int, dt.date], PostRecord],
    default: str,
) -> list[Due]:
    """The servers whose post for their local today is due at ``now`` and not yet claimed (or ready for a retry)."""
    found = []
    for settings in servers:
        zone = zone_of(settings, default)
        local = due_date(now, settings.post_time, zone)
        if local is None:
            continue
        post = posts.get((settings.guild_id, local))
        if post is not None and not (post.state == RETRY and post.retry_at is not None and post.retry_at <= now):
            continue
        found.append(Due(settings, zone, local, post.attempts + 1 if post is not None else 1))
    # Earliest post time first, so that a backlog after downtime goes out in the order it was due.
    found.sort(key=lambda d: (post_instant(d.local_date, d.settings.post_time, d.zone), d.settings.guild_id))
    return found


def retry_time(attempts: int, now: dt.datetime, local_date: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """When to try a post again after a transient failure, or None when that day will be over by then."""
    delay = RETRY_BACKOFF[min(attempts, len(RETRY_BACKOFF)) - 1] if attempts > 0 else RETRY_BACKOFF[0]
    when = now + dt.timedelta(seconds=delay)
    day_end = dt.datetime.combine(local_date + dt.timedelta(days=1), dt.time(0, 0), tzinfo=zone).astimezone(dt.UTC)
    return when if when < day_end else None
