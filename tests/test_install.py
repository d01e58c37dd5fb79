"""A regular (non-editable) install: its files live in site-packages, its catalogue and database in the working dir.

The project is built and installed for real (setuptools, a wheel, pip), offline: ``--no-build-isolation`` builds with
the setuptools of the test environment (the dev extra pins a recent one) and ``--target`` puts the installed copy in
a temporary folder, put first on ``PYTHONPATH`` so that it, not the checkout, is what ``import bot`` finds (asserted).
The dependencies are the test environment's own: the test is about where the bot's files are, not about resolving
packages.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.fake_discord import FakeDiscord

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_CATALOGUE = ROOT / "tests" / "fixtures" / "catalogue"  # 2 collaborations: not to be confused with data/'s
RUNNER = ROOT / "tests" / "e2e" / "run_against_fake.py"
SETTINGS = {"DISCORD_TOKEN", "DEV_GUILD_ID", "LOG_LEVEL", "DATABASE_PATH", "CATALOGUE_DIR", "SOURCE_URL"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project installed as pip installs it for a self-hoster; returns the folder that plays site-packages."""
    source = tmp_path_factory.mktemp("source")
    # A copy, because building writes build/ and *.egg-info next to pyproject.toml.
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for package in ("bot", "cogs"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    site = tmp_path_factory.mktemp("site-packages")
    offline = ["--quiet", "--no-index", "--no-deps", "--no-build-isolation"]
    built = subprocess.run(
        [sys.executable, "-m", "pip", "install", *offline, "--target", str(site), str(source)],
        check=False,
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr  # e.g. the venv's setuptools predates the dev extra: `make test`
    imported = subprocess.run(
        [sys.executable, "-c", "import bot.config, cogs.meta; print(bot.config.__file__); print(cogs.meta.__file__)"],
        env=_env(site),
        cwd=source.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    # Else every test below would be about the checkout (the dev venv also has it installed, editable).
    assert all(Path(line).is_relative_to(site) for line in imported.stdout.splitlines()), imported.stdout
    return site


@pytest.fixture
def working_dir(tmp_path: Path) -> Path:
    """Where a self-hoster runs the bot: a .env-style folder with a catalogue and nothing else."""
    work = tmp_path / "work"
    shutil.copytree(FIXTURE_CATALOGUE, work / "data" / "catalogue")
    return work


def _env(site: Path, **settings: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    return {**clean, "PYTHONPATH": str(site), "DISCORD_TOKEN": "fake-token", **settings}


def test_check_reads_the_working_directorys_catalogue(installed: Path, working_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "check"],
        env=_env(installed),
        cwd=working_dir,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"reading the catalogue from {working_dir / 'data' / 'catalogue'}" in result.stdout
    assert "catalogue: 2 collaborations" in result.stdout
    assert f"database at {working_dir / 'data' / 'kcollab.sqlite3'}" in result.stdout


async def test_the_installed_bot_serves_the_catalogue_and_keeps_its_database_in_the_working_dir(
    installed: Path, working_dir: Path
) -> None:
    fake = FakeDiscord()
    await fake.start()
    # CATALOGUE_DIR="" is the default (the runner would otherwise point it at the checkout's catalogue).
    env = _env(installed, CATALOGUE_DIR="", DEV_GUILD_ID=str(fake.guild_id), LOG_LEVEL="WARNING")
    log = working_dir.parent / "log.txt"
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(RUNNER), str(fake.port), cwd=working_dir, env=env, stdout=output, stderr=output
        )
    try:
        for _ in range(1000):
            if fake.identifies or process.returncode is not None:
                break
            await asyncio.sleep(0.02)
        assert process.returncode is None, log.read_text()
        await asyncio.sleep(0.3)  # READY and GUILD_CREATE on their way
        reply = await (await fake.slash("about")).reply(timeout=10)
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await fake.stop()
    assert process.returncode == 0, log.read_text()
    assert "2 collaborations" in reply.text()
    assert (working_dir / "data" / "kcollab.sqlite3").is_file()
    assert not [path for path in installed.rglob("*") if "sqlite" in path.name]


def _make_plan(target: str, venv: Path) -> str:
    """The commands ``make TARGET`` would run for a fresh clone (dry run: nothing is installed)."""
    result = subprocess.run(
        ["make", "--dry-run", f"VENV={venv}", target], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout


def test_make_run_installs_only_what_running_needs(tmp_path: Path) -> None:
    plan = _make_plan("run", tmp_path / "venv")
    assert "pip install --quiet -e ." in plan
    assert "[dev]" not in plan
    assert "-m bot run" in plan


def test_make_test_sets_up_the_dev_tools_from_scratch(tmp_path: Path) -> None:
    plan = _make_plan("test", tmp_path / "venv")
    assert plan.index("-m venv") < plan.index("-e .") < plan.index("-e '.[dev]'") < plan.index("-m ruff")
    assert "-m mypy" in plan and "-m pytest" in plan
