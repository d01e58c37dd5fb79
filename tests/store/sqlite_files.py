"""Helpers that change SQLite files on disk, for the tests of what the bot does with them."""

from __future__ import annotations

from pathlib import Path


def make_read_only(path: Path) -> None:
    """Mark a SQLite file read-only in its header (file format write version 3), as SQLite's file format allows.

    Tests run as root, for whom a chmod changes nothing; SQLite refuses writes to this file with the same
    SQLITE_READONLY as to a file its user may not write.
    """
    header = bytearray(path.read_bytes()[:100])
    header[18] = 3
    with path.open("r+b") as file:
        file.write(header)
