"""Start-up, reconnects, faults and shutdown of the real bot."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import KCollabBot
from tests.e2e.conftest import BotFactory
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.processes import start_entry_point

ROOT = Path(__file__).resolve().parents[2]


def _option_names(command: dict[str, Any]) -> dict[str, list[str]]:
    return {sub["name"]: [o["name"] for o in sub.get("options", [])] for sub in command.get("options", [])}


async def test_synced_tree_has_the_expected_commands_and_options(bot: KCollabBot, fake: FakeDiscord) -> None:
    assert set(fake.commands) >= {"about", "collab"}
    assert _option_names(fake.commands["collab"]) == {
        "search": ["query"],
        "song": ["title"],
        "artist": ["name", "include_members"],
        "between": ["first", "second"],
        "random": ["year"],
    }


async def test_no_privileged_intent_is_requested_by_default(bot: KCollabBot) -> None:
    assert not bot.intents.message_content
    assert not bot.intents.members
    assert not bot.intents.presences


async def test_reconnect_resumes_without_running_setup_again(bot: KCollabBot, fake: FakeDiscord) -> None:
    await fake.reconnect()
    for _ in range(200):
        if fake.resumes:
            break
        await asyncio.sleep(0.02)
    assert fake.resumes == 1
    assert fake.identifies == 1
    assert len(fake.sync_calls) == 1  # setup_hook did not run again
    reply = await (await fake.slash("about")).reply()
    assert reply.embeds


async def test_rate_limited_reply_is_retried_and_delivered(bot: KCollabBot, fake: FakeDiscord) -> None:
    fake.fail("POST", r"/interactions/\d+/[^/]+/callback", 429, retry_after=0.05)
    reply = await (await fake.slash("about")).reply()
    assert reply.embeds
    assert sum(1 for method, path in fake.requests if method == "POST" and path.endswith("/callback")) == 2


async def test_server_error_on_a_reply_is_logged_and_the_bot_keeps_serving(
    bot: KCollabBot, fake: FakeDiscord, caplog: Any
) -> None:
    fake.fail("POST", r"/interactions/\d+/[^/]+/callback", 503)
    interaction = await fake.slash("about")
    await asyncio.sleep(0.3)
    assert interaction.outputs() == []
    reply = await (await fake.slash("about")).reply()
    assert reply.embeds
    assert not bot.is_closed()


class _Boom(commands.Cog):
    @app_commands.command(name="boom")
    async def boom(self, interaction: discord.Interaction[KCollabBot]) -> None:
        """Always fails."""
        raise RuntimeError("kaboom")

    @app_commands.command(name="echo")
    async def echo(self, interaction: discord.Interaction[KCollabBot], text: str) -> None:
        """Repeats the text."""
        await interaction.response.send_message(text)


async def _with_test_commands(bot: KCollabBot, fake: FakeDiscord) -> None:
    await bot.add_cog(_Boom())
    await bot.sync_commands(fake.guild_id)


async def test_unexpected_error_gets_an_ephemeral_reply_with_a_logged_id(
    bot: KCollabBot, fake: FakeDiscord, caplog: Any
) -> None:
    await _with_test_commands(bot, fake)
    reply = await (await fake.slash("boom")).reply()
    assert reply.ephemeral
    assert "Something went wrong" in reply.content
    error_id = reply.content.split("`")[1]
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and logged[0].exc_info is not None
    assert "kaboom" not in reply.content  # no traceback or internals in the channel


async def test_nothing_the_bot_posts_can_ping(bot: KCollabBot, fake: FakeDiscord) -> None:
    await _with_test_commands(bot, fake)
    reply = await (await fake.slash("echo", text="@everyone <@&123> <@456> hi")).reply()
    assert reply.message["allowed_mentions"] == {"parse": []}


async def test_owner_can_sync_globally_by_mentioning_the_bot(bot: KCollabBot, fake: FakeDiscord) -> None:
    start = len(fake.outputs)
    await fake.post(f"<@{fake.application_id}> sync", member=fake.owner)
    reply = await fake.channel_message(start=start)
    assert "Synced" in reply.content
    assert fake.sync_calls[-1][0] is None  # global


async def test_someone_else_cannot_sync(bot: KCollabBot, fake: FakeDiscord) -> None:
    start = len(fake.outputs)
    await fake.post(f"<@{fake.application_id}> sync", member=fake.alice)
    reply = await fake.channel_message(start=start)
    assert "Only the bot's owners" in reply.content
    assert len(fake.sync_calls) == 1


async def test_second_start_on_the_same_database_keeps_the_catalogue(
    start_bot: BotFactory, fake: FakeDiscord, tmp_path: Path
) -> None:
    bot = await start_bot()
    size = await bot.store.catalogue.size()
    await bot.close()
    again = await start_bot()
    assert await again.store.catalogue.size() == size


async def test_sigterm_stops_the_bot_cleanly(fake: FakeDiscord, tmp_path: Path) -> None:
    database = tmp_path / "kcollab.sqlite3"
    process = await start_entry_point(
        fake, tmp_path, env={"DATABASE_PATH": str(database), "LOG_LEVEL": "INFO", "DEV_GUILD_ID": str(fake.guild_id)}
    )
    try:
        for _ in range(500):
            if fake.identifies:
                break
            await asyncio.sleep(0.02)
        assert fake.identifies == 1
        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), 20)
    finally:
        if process.returncode is None:
            process.kill()
    text = output.decode()
    assert process.returncode == 0, text
    assert "closed cleanly" in text
    assert "Traceback" not in text
    assert "PyNaCl" not in text  # no voice, so no warning about its library
    assert database.exists()
    assert not Path(f"{database}-wal").exists()  # the last connection closed: SQLite removed its WAL file


async def test_sync_command_publishes_the_tree_globally(fake: FakeDiscord, tmp_path: Path) -> None:
    process = await start_entry_point(
        fake, tmp_path, "sync", env={"DATABASE_PATH": str(tmp_path / "db.sqlite3")}, drop=("DEV_GUILD_ID",)
    )
    output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, output.decode()
    assert [guild for guild, _ in fake.sync_calls] == [None]
    assert {"about", "collab"} <= {command["name"] for command in fake.sync_calls[0][1]}
    assert fake.identifies == 0  # it never connected to the gateway


async def test_forbidden_channel_is_logged_and_the_bot_keeps_serving(bot: KCollabBot, fake: FakeDiscord) -> None:
    fake.fail("POST", rf"/channels/{fake.channel_id}/messages", 403, times=5)
    await fake.post(f"<@{fake.application_id}> sync", member=fake.alice)
    await asyncio.sleep(0.3)
    assert not [o for o in fake.outputs if o.kind == "channel_message"]
    reply = await (await fake.slash("about")).reply()
    assert reply.embeds and not bot.is_closed()


async def test_pages_still_turn_after_the_process_is_killed(
    start_bot: BotFactory, fake: FakeDiscord, tmp_path: Path
) -> None:
    database = tmp_path / "kcollab.sqlite3"
    process = await start_entry_point(
        fake,
        tmp_path,
        env={"DATABASE_PATH": str(database), "DEV_GUILD_ID": str(fake.guild_id)},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        for _ in range(1000):
            if fake.identifies and "collab" in fake.commands:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.3)  # GUILD_CREATE handled
        reply = await (await fake.slash("collab search", query="bts")).reply(timeout=10)
    finally:
        process.kill()  # SIGKILL: no clean-up of any kind
        await process.wait()
    await start_bot(database_path=database)
    forward = next(c["custom_id"] for c in reply.buttons())
    turned = await (await fake.click(reply.message, forward)).reply()
    assert turned.kind == "edit" and "Page 2/" in turned.embeds[0]["footer"]["text"]


async def _another_process_puts_lady_gaga_on_apt(small_catalogue: Path, tmp_path: Path) -> None:
    """Another process on the same database file starts with an edited catalogue: Lady Gaga now sings on APT. too."""
    from bot.catalogue.sync import sync_catalogue
    from bot.store import Store

    edited = small_catalogue / "collabs" / "2024.yaml"
    edited.write_text(
        edited.read_text().replace(
            "- {artist: bruno-mars, role: primary}",
            "- {artist: bruno-mars, role: primary}\n    - {artist: lady-gaga, role: featured}",
            1,
        )
    )
    other = await Store.open(tmp_path / "kcollab.sqlite3")
    try:
        assert (await sync_catalogue(other, small_catalogue)).status == "loaded"
    finally:
        await other.close()


async def test_a_second_process_reloading_the_catalogue_is_noticed(
    start_bot: BotFactory, fake: FakeDiscord, small_catalogue: Path, tmp_path: Path
) -> None:
    bot = await start_bot(catalogue_dir=small_catalogue)
    bot.catalogue.recheck_after = 0  # production checks every 2 s; the test need not wait
    before = await (await fake.slash("collab between", first="bruno-mars", second="lady-gaga")).reply()
    assert "No song together" in before.embeds[0]["footer"]["text"]  # a chain through ROSÉ and BLACKPINK
    await _another_process_puts_lady_gaga_on_apt(small_catalogue, tmp_path)
    after = await (await fake.slash("collab between", first="bruno-mars", second="lady-gaga")).reply()
    assert "directly" in after.embeds[0]["footer"]["text"]  # from the rebuilt graph, not the stale one
    assert "**APT.**" in after.embeds[0]["description"]


async def test_trivia_follows_a_catalogue_another_process_reloaded(
    start_bot: BotFactory, fake: FakeDiscord, small_catalogue: Path, tmp_path: Path
) -> None:
    bot = await start_bot(catalogue_dir=small_catalogue)
    bot.catalogue.recheck_after = 0  # production checks every 2 s; the test need not wait
    trivia: Any = bot.get_cog("Trivia")
    before = await trivia.facts()
    assert before.version == await bot.catalogue.version()
    assert "lady-gaga" not in dict(next(song for song in before.songs if song.title == "APT.").credits)
    await _another_process_puts_lady_gaga_on_apt(small_catalogue, tmp_path)
    after = await trivia.facts()  # what the next /trivia start and Quiz me ask from
    assert after.version != before.version and after.version == await bot.catalogue.version()
    apt = next(song for song in after.songs if song.title == "APT.")
    assert ("lady-gaga", "featured") in apt.credits


async def test_about_tells_the_truth_about_a_broken_first_catalogue(
    start_bot: BotFactory, fake: FakeDiscord, small_catalogue: Path, caplog: Any
) -> None:
    path = small_catalogue / "collabs" / "2024.yaml"
    path.write_text(path.read_text().replace("precision: day", "precision: x"))
    await start_bot(catalogue_dir=small_catalogue)
    assert any("EMPTY catalogue" in r.getMessage() for r in caplog.records)
    assert not any("keeping the last good one" in r.getMessage() for r in caplog.records)
    reply = await (await fake.slash("about")).reply()
    catalogue = next(f["value"] for f in reply.embeds[0]["fields"] if f["name"] == "Catalogue")
    assert "problem" in catalogue and "empty" in catalogue.lower()


async def test_about_says_when_it_serves_the_last_good_catalogue(
    start_bot: BotFactory, fake: FakeDiscord, small_catalogue: Path
) -> None:
    first = await start_bot(catalogue_dir=small_catalogue)
    await first.close()
    path = small_catalogue / "collabs" / "2024.yaml"
    path.write_text(path.read_text().replace("precision: day", "precision: x"))
    await start_bot(catalogue_dir=small_catalogue)
    reply = await (await fake.slash("about")).reply()
    catalogue = next(f["value"] for f in reply.embeds[0]["fields"] if f["name"] == "Catalogue")
    assert "last good" in catalogue


EXTENSION = '''
from discord import app_commands
from discord.ext import commands

from tests.e2e.test_lifecycle import answer


class Ping(commands.Cog):
    @app_commands.command(name="ping")
    async def ping(self, interaction):
        """Answers pong."""
        await interaction.response.send_message(answer())


async def setup(bot):
    await bot.add_cog(Ping())
'''


def answer() -> str:
    return "pong"


async def test_feature_packages_load_and_private_helpers_do_not(
    start_bot: BotFactory, fake: FakeDiscord, tmp_path: Path, monkeypatch: Any
) -> None:
    package = tmp_path / "features_under_test"
    (package / "pinger").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "pinger" / "__init__.py").write_text(EXTENSION)  # a feature that is a package
    (package / "_shared.py").write_text("HELPER = True\n")  # a helper module: no setup(), must not be loaded
    monkeypatch.syspath_prepend(str(tmp_path))
    from bot.client import extension_names

    assert extension_names("features_under_test") == ["features_under_test.pinger"]
    bot = await start_bot(extensions="features_under_test")
    assert "features_under_test.pinger" in bot.extensions
    assert (await (await fake.slash("ping")).reply()).content == "pong"


def test_the_shipped_features_are_all_found() -> None:
    from bot.client import extension_names

    assert {"cogs.collab", "cogs.meta", "cogs.admin"} <= set(extension_names())
