"""Start-up: the real setup_hook against the loopback Discord."""

from __future__ import annotations

from bot.client import KCollabBot
from tests.e2e.fake_discord import FakeDiscord


async def test_setup_hook_syncs_the_command_tree_to_the_dev_guild(bot: KCollabBot, fake: FakeDiscord) -> None:
    guilds = [guild for guild, _ in fake.sync_calls]
    assert guilds == [fake.guild_id]
    assert "about" in fake.commands


async def test_about_reports_the_catalogue_size(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("about")).reply()
    assert "collaborations" in reply.text()
    assert reply.embeds[0]["title"] == "K-Collab"
