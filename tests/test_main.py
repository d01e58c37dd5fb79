"""The command line: configuration errors are one line and exit 2, never a traceback."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bot.__main__ import SafeFormatter

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_CATALOGUE = ROOT / "tests" / "fixtures" / "catalogue"
SETTINGS = {"DISCORD_TOKEN", "DEV_GUILD_ID", "LOG_LEVEL", "DATABASE_PATH", "CATALOGUE_DIR", "SOURCE_URL"}


def _run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_run_without_a_token_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    result = _run("run", env={}, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DISCORD_TOKEN" in lines[0] and "cp .env.example .env" in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_invalid_setting_names_the_key(tmp_path: Path) -> None:
    result = _run("run", env={"DISCORD_TOKEN": "abc", "DEFAULT_TIMEZONE": "Mars/Olympus"}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: DEFAULT_TIMEZONE:")


def test_dotenv_is_read_but_the_real_environment_wins(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DISCORD_TOKEN=abc\nLOG_LEVEL=LOUD\n")
    from_file = _run("run", env={}, cwd=tmp_path)
    assert "LOG_LEVEL" in from_file.stderr
    overridden = _run("run", env={"LOG_LEVEL": "VERBOSE"}, cwd=tmp_path)
    assert "'VERBOSE'" in overridden.stderr


def test_only_the_working_directorys_dotenv_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DISCORD_TOKEN=abc\nLOG_LEVEL=LOUD\n")
    below = tmp_path / "below"
    below.mkdir()
    result = _run("run", env={}, cwd=below)
    assert result.returncode == 2
    assert result.stderr.startswith("error: DISCORD_TOKEN: not set")  # the parent's .env (and its LOUD) was not read


def test_check_passes_on_the_shipped_catalogue(tmp_path: Path) -> None:
    result = _run("check", env={}, cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert "0 problem(s)" in result.stdout
    assert "collaborations" in result.stdout


def test_check_lists_every_settings_problem(tmp_path: Path) -> None:
    result = _run("check", env={"LOG_LEVEL": "LOUD", "DEV_GUILD_ID": "abc"}, cwd=ROOT)
    assert result.returncode == 1
    assert "LOG_LEVEL" in result.stdout and "DEV_GUILD_ID" in result.stdout


def test_run_without_a_catalogue_folder_exits_2_naming_it(tmp_path: Path) -> None:
    # tmp_path has no data/catalogue: the default must not quietly fall back to the source tree's
    result = _run("run", env={"DISCORD_TOKEN": "abc"}, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: CATALOGUE_DIR:")
    assert str(tmp_path / "data" / "catalogue") in lines[0]


def test_check_reads_the_catalogue_and_places_the_database_in_the_working_directory(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_CATALOGUE, tmp_path / "data" / "catalogue")
    result = _run("check", env={}, cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "catalogue: 2 collaborations" in result.stdout  # the fixture's two, not the source tree's hundreds
    assert f"database at {tmp_path / 'data' / 'kcollab.sqlite3'}" in result.stdout


def test_check_without_a_catalogue_folder_reports_it_once(tmp_path: Path) -> None:
    result = _run("check", env={}, cwd=tmp_path)
    assert result.returncode == 1
    problems = result.stdout.splitlines()[1:-1]
    assert len(problems) == 1 and problems[0].startswith("CATALOGUE_DIR: no folder")
    assert result.stdout.splitlines()[-1] == "1 problem(s)"


# ------------------------------------------------------------------------------------------- log formatting
TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMA.GhJkLm.abcdefghijklmnopqrstuvwxyz0123456789AB"


def _format(msg: str, *args: object, exc: BaseException | None = None, limit: int = 2_000) -> str:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    record = logging.LogRecord("discord.http", logging.DEBUG, __file__, 1, msg, args, exc_info)
    return SafeFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"), secrets=[TOKEN], limit=limit).format(
        record
    )


def test_interaction_token_in_a_request_url_is_hidden() -> None:
    token = "aW50ZXJhY3Rpb246MTMxNjg4NTg1OTU0NTU0OTAxMzpzZWNyZXQ"
    url = f"https://discord.com/api/v10/interactions/1316885859545549013/{token}/callback"
    text = _format("%s %s with %s has returned %s", "POST", url, None, 204)
    assert token not in text
    assert "/interactions/1316885859545549013/[hidden]/callback with None has returned 204" in text


def test_webhook_token_in_a_followup_url_is_hidden() -> None:
    token = "aW50ZXJhY3Rpb246MTMxNjg4NTg1OTU0NTU0OTAxMzpzZWNyZXQ"
    url = f"https://discord.com/api/v10/webhooks/1100000000000000000/{token}/messages/@original"
    text = _format("Webhook ID %s with %s %s has returned status code %s", 1, "PATCH", url, 200)
    assert token not in text
    assert "/webhooks/1100000000000000000/[hidden]/messages/@original" in text


def test_token_inside_a_gateway_event_is_hidden() -> None:
    event = {"op": 0, "t": "INTERACTION_CREATE", "d": {"id": "1", "token": "aW50ZXJhY3Rpb246c2VjcmV0", "type": 2}}
    text = _format("For Shard ID %s: WebSocket Event: %s", None, event)
    assert "aW50ZXJhY3Rpb246c2VjcmV0" not in text
    assert "'token': '[hidden]'" in text and "INTERACTION_CREATE" in text


def test_bot_token_is_hidden_anywhere_even_in_a_traceback() -> None:
    try:
        raise RuntimeError(f"bad header Authorization: Bot {TOKEN}")
    except RuntimeError as error:
        text = _format("request failed for %s", TOKEN, exc=error)
    assert TOKEN not in text
    assert "Traceback" in text and "RuntimeError" in text


def test_a_giant_record_is_cut_to_the_limit() -> None:
    parameters = ", ".join(f"('song-{n}', 'Title {n}', '2024-10-18')" for n in range(3_000))  # ~110 KB
    text = _format(
        "executing %s", f"functools.partial(<built-in method executemany>, 'INSERT INTO ...', [{parameters}])"
    )
    assert len(text) < 2_100
    assert text.endswith("more characters]")


def test_an_ordinary_record_is_left_as_it_is() -> None:
    assert _format("synced %d commands to %s", 2, "guild 1") == "DEBUG discord.http synced 2 commands to guild 1"
