"""The loopback Discord refuses what Discord refuses, with its codes: the real bot and a cog that breaks the rules."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.client import KCollabBot
from tests.e2e import discord_rules as rules
from tests.e2e.conftest import BotFactory
from tests.e2e.fake_discord import FakeDiscord, NotOffered, Refusal

Interaction = discord.Interaction[KCollabBot]


class _RuleBreaker(commands.Cog):
    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.errors: list[BaseException] = []

    async def _attempt(self, send: Any) -> None:
        try:
            await send
        except discord.HTTPException as error:
            self.errors.append(error)

    @app_commands.command(name="twice")
    async def twice(self, interaction: Interaction) -> None:
        """Answers the same interaction twice."""
        await interaction.response.send_message("first")
        # discord.py guards against this (response.is_done); a second code path answering raw would not be.
        route = discord.http.Route(
            "POST",
            "/interactions/{interaction_id}/{token}/callback",
            interaction_id=interaction.id,
            token=interaction.token,
        )
        await self._attempt(interaction.client.http.request(route, json={"type": 4, "data": {"content": "second"}}))

    @app_commands.command(name="late")
    async def late(self, interaction: Interaction) -> None:
        """Answers after the test has moved the clock past Discord's 3 seconds."""
        await self.release.wait()
        await self._attempt(interaction.response.send_message("too late"))

    @app_commands.command(name="followup_later")
    async def followup_later(self, interaction: Interaction) -> None:
        """Defers, then follows up after the test has aged the token."""
        await interaction.response.defer()
        await self.release.wait()
        await self._attempt(interaction.followup.send("after the token expired"))

    @app_commands.command(name="huge")
    async def huge(self, interaction: Interaction, what: str) -> None:
        """Sends something over one of Discord's limits."""
        embed = discord.Embed(title="big")
        if what == "description":
            embed.description = "x" * 4097
        elif what == "fields":
            for n in range(26):
                embed.add_field(name=f"f{n}", value="v")
        elif what == "total":
            embed.description = "x" * 4000
            for n in range(3):
                embed.add_field(name=f"f{n}", value="v" * 1000)
        if what == "content":
            await self._attempt(interaction.response.send_message("x" * 2001))
        else:
            await self._attempt(interaction.response.send_message(embed=embed))

    async def _many(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f"choice {n}", value=str(n)) for n in range(26)]

    @app_commands.command(name="choices")
    @app_commands.autocomplete(pick=_many)
    async def choices(self, interaction: Interaction, pick: str) -> None:
        """Autocomplete that offers 26 choices."""
        await interaction.response.send_message(pick)

    @app_commands.command(name="announce")
    async def announce(self, interaction: Interaction, text: str) -> None:
        """Posts text in the channel through the channel route, pinging whatever it says."""
        await interaction.response.send_message("posting", ephemeral=True)
        channel = interaction.channel
        assert isinstance(channel, discord.TextChannel)
        await self._attempt(channel.send(text, allowed_mentions=discord.AllowedMentions.all()))


async def _bot_with_rule_breaker(start_bot: BotFactory, fake: FakeDiscord) -> tuple[KCollabBot, _RuleBreaker]:
    bot: KCollabBot = await start_bot()
    cog = _RuleBreaker()
    await bot.add_cog(cog)
    await bot.sync_commands(fake.guild_id)
    return bot, cog


def _codes(refusals: list[Refusal]) -> list[int]:
    return [r.code for r in refusals]


async def _settle(cog: _RuleBreaker, count: int = 1) -> None:
    for _ in range(200):
        if len(cog.errors) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the bot's request was never answered")


async def test_a_second_initial_response_is_refused_with_40060(start_bot: BotFactory, fake: FakeDiscord) -> None:
    _, cog = await _bot_with_rule_breaker(start_bot, fake)
    handle = await fake.slash("twice")
    assert (await handle.reply()).content == "first"
    await _settle(cog)
    assert _codes(fake.take_refusals()) == [40060]
    assert [o.content for o in handle.outputs()] == ["first"]  # the second never reached the channel


async def test_a_reply_after_three_seconds_is_refused_with_10062(start_bot: BotFactory, fake: FakeDiscord) -> None:
    _, cog = await _bot_with_rule_breaker(start_bot, fake)
    handle = await fake.slash("late")
    fake.advance(3.5)
    cog.release.set()
    await _settle(cog)
    assert _codes(fake.take_refusals()) == [10062]
    assert handle.outputs() == []


async def test_a_follow_up_after_fifteen_minutes_is_refused(start_bot: BotFactory, fake: FakeDiscord) -> None:
    _, cog = await _bot_with_rule_breaker(start_bot, fake)
    handle = await fake.slash("followup_later")
    assert (await handle.next()).callback_type == 5
    fake.advance(15 * 60 + 1)
    cog.release.set()
    await _settle(cog)
    refusal = fake.take_refusals()[0]
    assert (refusal.status, refusal.code) == (401, 50027)


@pytest.mark.parametrize(
    ("what", "path"),
    [
        ("description", "data.embeds.0.description"),
        ("fields", "data.embeds.0.fields"),
        ("total", "data.embeds"),
        ("content", "data.content"),
    ],
)
async def test_messages_over_discords_limits_are_refused_with_the_field_path(
    start_bot: BotFactory, fake: FakeDiscord, what: str, path: str
) -> None:
    _, cog = await _bot_with_rule_breaker(start_bot, fake)
    handle = await fake.slash("huge", what=what)
    await _settle(cog)
    refusal = fake.take_refusals()[0]
    assert (refusal.status, refusal.code) == (400, 50035)
    assert path in rules.error_paths(refusal.errors)
    assert handle.outputs() == []


async def test_more_than_25_autocomplete_choices_are_refused(start_bot: BotFactory, fake: FakeDiscord) -> None:
    await _bot_with_rule_breaker(start_bot, fake)
    with pytest.raises(TimeoutError):
        await fake.autocomplete("choices", "pick", pick="", timeout=0.5)
    refusal = fake.take_refusals()[0]
    assert refusal.code == 50035 and "data.choices" in rules.error_paths(refusal.errors)


async def test_mentions_are_applied_as_discord_would(start_bot: BotFactory, fake: FakeDiscord) -> None:
    # The rule breaker asks for every mention: the fake must then report the pings (and the quiet check would fail).
    await _bot_with_rule_breaker(start_bot, fake)
    start = len(fake.outputs)
    await (await fake.slash("announce", text=f"@everyone <@&{fake.guild_id + 1}> <@{fake.bob.id}>")).reply()
    post = await fake.channel_message(start=start)
    assert post.message["mention_everyone"] is True
    assert post.message["mention_roles"] == [str(fake.guild_id + 1)]
    assert [u["id"] for u in post.message["mentions"]] == [str(fake.bob.id)]
    fake.outputs.remove(post)  # the quiet check would (rightly) flag this ping


async def test_channel_posts_need_the_bots_permissions_there(start_bot: BotFactory, fake: FakeDiscord) -> None:
    _, cog = await _bot_with_rule_breaker(start_bot, fake)
    deny_send = [{"id": str(fake.bot_role_id), "type": 0, "allow": "0", "deny": str(rules.SEND_MESSAGES)}]
    await fake.set_overwrites(fake.channel_id, deny_send)
    await (await fake.slash("announce", text="hello")).reply()
    await _settle(cog)
    assert _codes(fake.take_refusals()) == [50013]
    hide = [{"id": str(fake.guild_id), "type": 0, "allow": "0", "deny": str(rules.VIEW_CHANNEL)}]
    await fake.set_overwrites(fake.channel_id, hide)
    await (await fake.slash("announce", text="hello")).reply()
    await _settle(cog, 2)
    assert _codes(fake.take_refusals()) == [50001]
    assert not [o for o in fake.outputs if o.kind == "channel_message"]


def test_permissions_follow_discords_overwrite_order() -> None:
    guild, role, member = 1, 2, 3
    roles = {guild: rules.VIEW_CHANNEL | rules.SEND_MESSAGES, role: rules.EMBED_LINKS}
    everyone_denies = {"id": str(guild), "type": 0, "allow": "0", "deny": str(rules.SEND_MESSAGES)}
    role_allows = {"id": str(role), "type": 0, "allow": str(rules.SEND_MESSAGES), "deny": "0"}
    member_denies = {"id": str(member), "type": 1, "allow": "0", "deny": str(rules.EMBED_LINKS)}
    assert not rules.channel_permissions(guild, roles, member, [role], [everyone_denies]) & rules.SEND_MESSAGES
    allowed = rules.channel_permissions(guild, roles, member, [role], [everyone_denies, role_allows])
    assert allowed & rules.SEND_MESSAGES
    last = rules.channel_permissions(guild, roles, member, [role], [everyone_denies, role_allows, member_denies])
    assert not last & rules.EMBED_LINKS
    admin = rules.channel_permissions(guild, {guild: rules.ADMINISTRATOR}, member, [], [everyone_denies])
    assert admin == rules.ALL


def test_command_trees_discord_would_reject_are_named() -> None:
    good = {"name": "collab", "type": 1, "description": "d", "options": []}
    assert not rules.commands_errors([good])
    assert "0.name" in rules.error_paths(rules.commands_errors([{**good, "name": "Collab"}]).tree)
    assert "1.name" in rules.error_paths(rules.commands_errors([good, good]).tree)
    assert "0.description" in rules.error_paths(rules.commands_errors([{**good, "description": "x" * 101}]).tree)
    optional_first = [
        {"type": 3, "name": "a", "description": "d"},
        {"type": 3, "name": "b", "description": "d", "required": True},
    ]
    tree = rules.commands_errors([{**good, "options": optional_first}]).tree
    assert "0.options.1.required" in rules.error_paths(tree)


async def test_a_sync_discord_would_reject_fails_loudly(start_bot: BotFactory, fake: FakeDiscord) -> None:
    bot: KCollabBot = await start_bot()

    @app_commands.command(name="dupe")
    async def first(interaction: Interaction, b: str | None = None) -> None:
        """One."""

    bot.tree.add_command(first)
    # discord.py itself cannot express most invalid trees; a raw PUT shows the fake answers as Discord would.
    route = discord.http.Route("PUT", "/applications/{application_id}/commands", application_id=fake.application_id)
    payload = [cmd.to_dict(bot.tree) for cmd in bot.tree.get_commands()]
    payload.append(dict(payload[-1]))  # the same name twice
    with pytest.raises(discord.HTTPException) as raised:
        await bot.http.request(route, json=payload)
    assert raised.value.code == 50035
    assert _codes(fake.take_refusals()) == [50035]


async def test_guild_only_commands_are_not_offered_in_direct_messages(bot: KCollabBot, fake: FakeDiscord) -> None:
    await bot.sync_commands()  # global: what users see outside the test server
    with pytest.raises(NotOffered):
        await fake.slash("collab search", dm=True, query="bts")
    # /about makes sense anywhere, and Discord offers it in DMs.
    reply = await (await fake.slash("about", dm=True)).reply()
    assert reply.embeds


async def test_unknown_interaction_tokens_are_refused(bot: KCollabBot, fake: FakeDiscord) -> None:
    route = discord.http.Route(
        "POST", "/interactions/{interaction_id}/{token}/callback", interaction_id=1, token="made-up"
    )
    with pytest.raises(discord.NotFound):
        await bot.http.request(route, json={"type": 4, "data": {"content": "hi"}})
    assert _codes(fake.take_refusals()) == [10062]
