"""Self-hosting traps, through the real entry point or the real bot against the loopback Discord."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.client import KCollabBot
from tests.e2e.conftest import BotFactory
from tests.e2e.fake_discord import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "e2e" / "run_against_fake.py"
PROMPTLY = 15.0  # seconds: a service manager must see the exit, not a process that lingers


class _Process:
    """The entry point as a child process. Output goes to files: a chatty log could fill a pipe and stall the child."""

    def __init__(self, process: asyncio.subprocess.Process, stdout: Path, stderr: Path) -> None:
        self.process = process
        self.stdout_path = stdout
        self.stderr_path = stderr

    @property
    def returncode(self) -> int | None:
        return self.process.returncode

    def send_signal(self, sig: int) -> None:
        self.process.send_signal(sig)

    async def finish(self, timeout: float = PROMPTLY) -> tuple[str, str]:
        try:
            await asyncio.wait_for(self.process.wait(), timeout)
        finally:
            if self.process.returncode is None:
                self.process.kill()
                await self.process.wait()
        return self.stdout_path.read_text(), self.stderr_path.read_text()


async def _launch(fake: FakeDiscord, cwd: Path, *args: str, **env: str) -> _Process:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEV_GUILD_ID", "TRIVIA_TYPED_ANSWERS", "SOURCE_URL"}}
    stdout, stderr = cwd / "stdout.txt", cwd / "stderr.txt"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(RUNNER),
            str(fake.port),
            *args,
            cwd=cwd,
            env={
                **clean,
                "DISCORD_TOKEN": "fake-token",
                "DATABASE_PATH": str(cwd / "kcollab.sqlite3"),
                "LOG_LEVEL": "WARNING",
                "PYTHONPATH": str(ROOT),
                **env,
            },
            stdout=out,
            stderr=err,
        )
    return _Process(process, stdout, stderr)


async def _wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


def _only_error_line(stdout: str, stderr: str) -> str:
    assert "Traceback" not in stdout + stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    return lines[0]


# ------------------------------------------------------------------------------------------- gateway refusals
async def test_typed_answers_without_the_intent_granted_name_the_switch_and_exit_2(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    started = time.monotonic()
    process = await _launch(fake, tmp_path, TRIVIA_TYPED_ANSWERS="true")
    stdout, stderr = await process.finish()
    assert process.returncode == 2, stderr
    line = _only_error_line(stdout, stderr)
    assert "Message Content Intent" in line and "Privileged Gateway Intents" in line
    assert "TRIVIA_TYPED_ANSWERS=false" in line
    assert fake.identifies == 1  # it was the gateway's refusal, not a settings check
    assert time.monotonic() - started < PROMPTLY


async def test_token_revoked_mid_session_exits_at_once_naming_the_setting(fake: FakeDiscord, tmp_path: Path) -> None:
    process = await _launch(fake, tmp_path)
    await _wait_for(lambda: fake.identifies == 1)
    await asyncio.sleep(0.3)  # READY and GUILD_CREATE delivered: the session is up
    revoked = time.monotonic()
    await fake.revoke_token()
    stdout, stderr = await process.finish()
    assert process.returncode == 2, stderr
    line = _only_error_line(stdout, stderr)
    assert "DISCORD_TOKEN" in line and "Reset Token" in line and ".env" in line
    assert time.monotonic() - revoked < 5
    assert fake.identifies == 1  # no reconnect loop with a dead token


# ------------------------------------------------------------------------------------------- sync and clear
async def test_sync_clear_removes_a_servers_copies_from_the_command_line(fake: FakeDiscord, tmp_path: Path) -> None:
    process = await _launch(fake, tmp_path, "sync", "--clear", str(fake.guild_id))
    stdout, stderr = await process.finish(30)
    assert process.returncode == 0, stderr
    assert fake.sync_calls == [(fake.guild_id, [])]
    assert f"guild {fake.guild_id}" in stdout and "cleared" in stdout
    assert fake.identifies == 0


async def test_global_sync_with_a_dev_guild_set_warns_about_the_doubles(fake: FakeDiscord, tmp_path: Path) -> None:
    process = await _launch(fake, tmp_path, "sync", DEV_GUILD_ID=str(fake.guild_id))
    stdout, stderr = await process.finish(30)
    assert process.returncode == 0, stderr
    assert [guild for guild, _ in fake.sync_calls] == [fake.guild_id, None]
    warning = next(line for line in stdout.splitlines() if line.startswith("warning:"))
    assert "DEV_GUILD_ID" in warning and f"python -m bot sync --clear {fake.guild_id}" in warning
    assert "WARNING" in stderr and "twice" in stderr  # logged as well, for a service's journal


async def test_plain_global_sync_does_not_warn(fake: FakeDiscord, tmp_path: Path) -> None:
    process = await _launch(fake, tmp_path, "sync")
    stdout, stderr = await process.finish(30)
    assert process.returncode == 0, stderr
    assert "warning" not in (stdout + stderr).lower()


async def _owner_says(fake: FakeDiscord, text: str) -> str:
    start = len(fake.outputs)
    await fake.post(f"<@{fake.application_id}> {text}", member=fake.owner)
    return (await fake.channel_message(start=start, timeout=10)).content


async def test_owner_clears_this_servers_copies(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await _owner_says(fake, "sync clear")
    assert fake.sync_calls[-1] == (fake.guild_id, [])
    assert "Removed" in reply
    assert "DEV_GUILD_ID" in reply  # this is the dev server: the next start copies them back


async def test_owner_global_sync_with_a_dev_guild_warns_in_the_reply(
    bot: KCollabBot, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    reply = await _owner_says(fake, "sync")
    assert fake.sync_calls[-1][0] is None
    assert "DEV_GUILD_ID" in reply and "twice" in reply
    assert any(r.levelno == logging.WARNING and "DEV_GUILD_ID" in r.getMessage() for r in caplog.records)


async def test_sync_here_warns_only_when_the_commands_are_also_global(
    start_bot: BotFactory, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    await start_bot(dev_guild_id=None)
    first = await _owner_says(fake, "sync here")
    assert fake.sync_calls[-1][0] == fake.guild_id
    assert "twice" not in first
    await _owner_says(fake, "sync")
    again = await _owner_says(fake, "sync here")
    assert "twice" in again and "sync clear" in again
    assert "about" in again and "collab" in again
    assert any(r.levelno == logging.WARNING and "twice" in r.getMessage() for r in caplog.records)


async def test_clear_outside_the_dev_guild_needs_no_caveat(start_bot: BotFactory, fake: FakeDiscord) -> None:
    await start_bot(dev_guild_id=None)
    reply = await _owner_says(fake, "sync clear")
    assert fake.sync_calls == [(fake.guild_id, [])]
    assert "Removed" in reply and "DEV_GUILD_ID" not in reply


# ------------------------------------------------------------------------------------------- /about
async def test_about_links_the_configured_source(start_bot: BotFactory, fake: FakeDiscord) -> None:
    await start_bot(source_url="https://git.example.org/fork/k-collab")
    reply = await (await fake.slash("about")).reply()
    embed = reply.embeds[0]
    assert embed["url"] == "https://git.example.org/fork/k-collab"
    assert "https://git.example.org/fork/k-collab" in reply.text()
    assert "github.com/k-collab" not in reply.text()


# ------------------------------------------------------------------------------------------- debug logs
async def test_debug_log_has_no_tokens_and_no_giant_lines(fake: FakeDiscord, tmp_path: Path) -> None:
    process = await _launch(fake, tmp_path, LOG_LEVEL="DEBUG", DEV_GUILD_ID=str(fake.guild_id))
    try:
        await _wait_for(lambda: "about" in fake.commands and fake.identifies == 1, timeout=20)
        await asyncio.sleep(0.3)
        interaction = await fake.slash("about")
        await interaction.reply(timeout=10)
    finally:
        process.send_signal(signal.SIGTERM)
    _, log = await process.finish()
    assert process.returncode == 0, log[-2000:]
    assert "DEBUG" in log
    assert interaction.token not in log
    assert "fake-token" not in log
    assert "/interactions/" in log and "/callback" in log  # the URL is still there, only its token is hidden
    longest = max(len(line) for line in log.splitlines())
    assert longest <= 2_200, f"a {longest}-character log line"
