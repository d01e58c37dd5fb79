"""Debut anniversaries from the catalogue: which days have them, milestones, quiet days, and the next one to come.

On a real temporary SQLite file loaded from the small catalogue and the debut fixtures: TWICE 2015-10-20, BTS
2013-06-12, BLACKPINK 2016-08-08 (day) and NewJeans 2022-07 (month only); songs on 05-28 (2020) and 10-18 (2024).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.anniversaries.digest import Upcoming, UpcomingDebut
from bot.anniversaries.service import Anniversaries
from bot.catalogue.sync import sync_catalogue
from bot.store import Store
from tests.catalogue.debut_catalogue import add_debuts


@contextlib.asynccontextmanager
async def _open(tmp_path: Path, catalogue: Path) -> AsyncIterator[Anniversaries]:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        await store.migrate()
        assert (await sync_catalogue(store, catalogue)).status == "loaded"
        yield Anniversaries(store.lookup)
    finally:
        await store.close()


@pytest.fixture
def catalogue(small_catalogue: Path) -> Path:
    add_debuts(small_catalogue)
    return small_catalogue


@pytest.fixture
async def days(tmp_path: Path, catalogue: Path) -> AsyncIterator[Anniversaries]:
    async with _open(tmp_path, catalogue) as service:
        yield service


async def test_a_debut_is_celebrated_on_its_day_in_later_years(days: Anniversaries) -> None:
    [twice] = await days.debuts_on(dt.date(2026, 10, 20))
    assert (twice.debut.artist.name, twice.years, twice.label(), twice.milestone) == ("TWICE", 11, "11 years", False)
    assert await days.debuts_on(dt.date(2015, 10, 20)) == []  # the debut itself is not an anniversary
    assert await days.debuts_on(dt.date(2026, 10, 21)) == []


async def test_debut_milestones_are_those_of_songs(days: Anniversaries) -> None:
    years = {y: (await days.debuts_on(dt.date(2015 + y, 10, 20)))[0] for y in (1, 2, 5, 10, 11, 15)}
    assert [y for y, item in years.items() if item.milestone] == [1, 5, 10, 15]
    assert years[1].label() == "1 year"


async def test_a_month_precise_debut_is_never_shown_on_a_day(days: Anniversaries) -> None:
    found = await days.upcoming_debuts(dt.date(2030, 1, 1), 366)
    assert {u.debut.debut.artist.slug for u in found} == {"twice", "bts", "blackpink"}
    assert [u.date for u in found] == [dt.date(2030, 6, 12), dt.date(2030, 8, 8), dt.date(2030, 10, 20)]


async def test_a_day_with_only_a_debut_is_not_quiet(days: Anniversaries) -> None:
    listing = await days.listing(10, 20, 2026)
    assert listing.items == [] and [d.debut.artist.slug for d in listing.debuts] == ["twice"]
    assert listing.next_up is None
    digest = await days.digest(dt.date(2026, 10, 20))
    assert not digest.quiet and digest.coming == [] and digest.coming_debuts == []
    assert [d.debut.artist.slug for d in digest.debuts] == ["twice"]


async def test_a_song_or_a_debut_alone_makes_a_day(days: Anniversaries) -> None:
    listing = await days.listing(8, 8, 2026)
    assert listing.items == [] and [d.years for d in listing.debuts] == [10]
    digest = await days.digest(dt.date(2026, 10, 18))  # APT. (2024), no debut
    assert [a.song.slug for a in digest.items] == ["apt"] and digest.debuts == [] and not digest.quiet


async def test_a_quiet_day_looks_ahead_to_songs_and_debuts(days: Anniversaries) -> None:
    digest = await days.digest(dt.date(2026, 10, 15))
    assert digest.quiet
    assert [(u.date, u.anniversary.song.slug) for u in digest.coming] == [(dt.date(2026, 10, 18), "apt")]
    assert [(u.date, u.debut.debut.artist.slug) for u in digest.coming_debuts] == [(dt.date(2026, 10, 20), "twice")]


async def test_the_next_anniversary_after_a_quiet_day_may_be_a_debut(days: Anniversaries) -> None:
    after_apt = await days.listing(10, 19, 2026)
    assert isinstance(after_apt.next_up, UpcomingDebut)
    assert after_apt.next_up.date == dt.date(2026, 10, 20) and after_apt.next_up.debut.debut.artist.slug == "twice"
    before_apt = await days.listing(10, 17, 2026)
    assert isinstance(before_apt.next_up, Upcoming) and before_apt.next_up.anniversary.song.slug == "apt"


async def test_the_daily_post_puts_milestone_debuts_first(tmp_path: Path, catalogue: Path) -> None:
    # BTS's debut moved to TWICE's day: in 2028, BTS's 15th (a milestone) comes before TWICE's 13th.
    debuts = catalogue / "debuts.yaml"
    debuts.write_text(debuts.read_text().replace("'2013-06-12'", "'2013-10-20'"))
    async with _open(tmp_path, catalogue) as days:
        assert [d.debut.artist.slug for d in (await days.digest(dt.date(2028, 10, 20))).debuts] == ["bts", "twice"]
        # Oldest first otherwise, and in /onthisday: in 2026 neither is a milestone (13th, 11th).
        assert [d.debut.artist.slug for d in (await days.listing(10, 20, 2026)).debuts] == ["bts", "twice"]
        # In 2025 TWICE's 10th is a milestone and BTS's 12th is not: the post puts TWICE first, the listing does not.
        assert [d.debut.artist.slug for d in (await days.digest(dt.date(2025, 10, 20))).debuts] == ["twice", "bts"]
        assert [d.debut.artist.slug for d in (await days.listing(10, 20, 2025)).debuts] == ["bts", "twice"]


async def test_a_leap_day_debut_is_celebrated_on_the_28th_in_common_years(tmp_path: Path, catalogue: Path) -> None:
    debuts = catalogue / "debuts.yaml"
    debuts.write_text(debuts.read_text().replace("'2015-10-20'", "'2016-02-29'"))
    async with _open(tmp_path, catalogue) as days:
        assert [d.years for d in await days.debuts_on(dt.date(2027, 2, 28))] == [11]
        assert await days.debuts_on(dt.date(2028, 2, 28)) == []  # 2028 has its own 29th
        assert [d.years for d in await days.debuts_on(dt.date(2028, 2, 29))] == [12]
        assert [d.years for d in (await days.listing(2, 29, 2027)).debuts] == [11]  # /onthisday 02-29 in any year
