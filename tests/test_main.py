"""The command line: configuration errors are one line and exit 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "DEV_GUILD_ID", "LOG_LEVEL"}}
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


def test_check_passes_on_the_shipped_catalogue(tmp_path: Path) -> None:
    result = _run("check", env={}, cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert "0 problem(s)" in result.stdout
    assert "collaborations" in result.stdout


def test_check_lists_every_settings_problem(tmp_path: Path) -> None:
    result = _run("check", env={"LOG_LEVEL": "LOUD", "DEV_GUILD_ID": "abc"}, cwd=ROOT)
    assert result.returncode == 1
    assert "LOG_LEVEL" in result.stdout and "DEV_GUILD_ID" in result.stdout
