"""Shared fixtures: paths to the real and the test catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.paths import CATALOGUE_DIR

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def small_catalogue(tmp_path: Path) -> Path:
    """A writable copy of the small test catalogue."""
    target = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "catalogue", target)
    return target


@pytest.fixture
def real_catalogue() -> Path:
    return CATALOGUE_DIR
