"""A small catalogue with debuts: tests/fixtures/catalogue plus tests/fixtures/debuts (three more acts, four debuts)."""

from __future__ import annotations

import shutil
from pathlib import Path

DEBUT_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "debuts"


def add_debuts(catalogue: Path) -> Path:
    """Copy the debut fixtures into ``catalogue`` (a writable copy of the small catalogue); returns its debuts.yaml."""
    shutil.copy(DEBUT_FIXTURES / "artists.yaml", catalogue / "artists" / "debut_acts.yaml")
    shutil.copy(DEBUT_FIXTURES / "debuts.yaml", catalogue / "debuts.yaml")
    return catalogue / "debuts.yaml"
