"""Per-server settings and per-member state: defaults until stored, upserts, and forgetting a server."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.guilds import GuildRepository, GuildSettings, MemberState

GUILD = 1_234_567_890_123_456_789  # a real snowflake's size: more than 32 bits
OTHER = 1_234_567_890_123_456_790
USER = 987_654_321_098_765_432


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self) -> None:
        self.now += dt.timedelta(hours=1)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def store(tmp_path: Path, clock: Clock) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / "db.sqlite3")
    await opened.migrate()
    opened.guilds = GuildRepository(opened.database, clock=clock)
    yield opened
    await opened.close()


async def test_a_server_never_stored_has_every_default(store: Store) -> None:
    settings = await store.guilds.get(GUILD)
    assert settings == GuildSettings(GUILD)
    assert settings.timezone is None and settings.created_at is None
    assert settings.timezone_or("Asia/Seoul") == "Asia/Seoul"


async def test_a_stored_setting_is_read_back_with_its_timestamps(store: Store, clock: Clock) -> None:
    saved = await store.guilds.update(GUILD, timezone="Asia/Seoul")
    assert saved == GuildSettings(GUILD, "Asia/Seoul", clock.now, clock.now)
    assert await store.guilds.get(GUILD) == saved
    assert saved.timezone_or("UTC") == "Asia/Seoul"
    assert await store.guilds.get(OTHER) == GuildSettings(OTHER)


async def test_updating_a_server_keeps_created_at_and_moves_updated_at(store: Store, clock: Clock) -> None:
    first = await store.guilds.update(GUILD, timezone="Asia/Seoul")
    clock.advance()
    second = await store.guilds.update(GUILD, timezone="Europe/Paris")
    assert second.timezone == "Europe/Paris"
    assert second.created_at == first.created_at
    assert second.updated_at == clock.now != first.updated_at


async def test_setting_back_to_none_restores_the_bot_default(store: Store) -> None:
    await store.guilds.update(GUILD, timezone="Asia/Seoul")
    assert (await store.guilds.update(GUILD, timezone=None)).timezone_or("UTC") == "UTC"


async def test_an_update_naming_no_setting_keeps_the_others(store: Store) -> None:
    await store.guilds.update(GUILD, timezone="Asia/Seoul")
    assert (await store.guilds.update(GUILD)).timezone == "Asia/Seoul"


async def test_an_undeclared_setting_is_refused_before_any_sql(store: Store) -> None:
    with pytest.raises(TypeError, match="GuildSettings declares no colour"):
        await store.guilds.update(GUILD, colour="red")
    with pytest.raises(TypeError, match="MemberState declares no score"):
        await store.guilds.update_member(GUILD, USER, score=3)
    assert await store.guilds.get(GUILD) == GuildSettings(GUILD)


async def test_a_member_never_stored_has_every_default(store: Store) -> None:
    assert await store.guilds.member(GUILD, USER) == MemberState(GUILD, USER)


async def test_a_member_upsert_creates_the_row_and_its_server_with_defaults(store: Store, clock: Clock) -> None:
    member = await store.guilds.update_member(GUILD, USER)
    assert member == MemberState(GUILD, USER, clock.now, clock.now)
    assert await store.guilds.member(GUILD, USER) == member
    assert await store.guilds.get(GUILD) == GuildSettings(GUILD, None, clock.now, clock.now)
    clock.advance()
    again = await store.guilds.update_member(GUILD, USER)
    assert (again.created_at, again.updated_at) == (member.created_at, clock.now)


async def test_a_member_upsert_leaves_the_server_settings_alone(store: Store) -> None:
    await store.guilds.update(GUILD, timezone="Asia/Seoul")
    await store.guilds.update_member(GUILD, USER)
    assert (await store.guilds.get(GUILD)).timezone == "Asia/Seoul"


async def test_forgetting_a_server_deletes_its_settings_and_members_only(store: Store) -> None:
    await store.guilds.update(GUILD, timezone="Asia/Seoul")
    await store.guilds.update_member(GUILD, USER)
    await store.guilds.update(OTHER, timezone="Europe/Paris")
    await store.guilds.update_member(OTHER, USER)

    assert await store.guilds.forget(GUILD) is True

    assert await store.guilds.get(GUILD) == GuildSettings(GUILD)
    assert await store.guilds.member(GUILD, USER) == MemberState(GUILD, USER)
    assert (await store.guilds.get(OTHER)).timezone == "Europe/Paris"
    assert (await store.guilds.member(OTHER, USER)).created_at is not None
    assert await store.guilds.forget(GUILD) is False  # nothing left to forget
