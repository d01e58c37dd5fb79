"""Starting the real entry point (``python -m bot …``) as a process of its own, pointed at a loopback fake Discord."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from tests.e2e.fake_discord import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "e2e" / "run_against_fake.py"


async def start_entry_point(
    fake: FakeDiscord,
    cwd: Path,
    *args: str,
    env: dict[str, str] | None = None,
    drop: tuple[str, ...] = (),
    stdout: Any = asyncio.subprocess.PIPE,
    stderr: Any = asyncio.subprocess.STDOUT,
) -> asyncio.subprocess.Process:
    """``python -m bot ARGS`` (default ``run``) with a fake token, this checkout on the path, ``env`` over the
    environment and the ``drop`` keys removed from it."""
    environment = {k: v for k, v in os.environ.items() if k not in drop}
    environment |= {"DISCORD_TOKEN": "fake-token", "PYTHONPATH": str(ROOT), **(env or {})}
    return await asyncio.create_subprocess_exec(
        sys.executable, str(RUNNER), str(fake.port), *args, cwd=cwd, env=environment, stdout=stdout, stderr=stderr
    )
