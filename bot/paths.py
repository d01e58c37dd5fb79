"""Where the bot's files are: defaults for the settings, and the source checkout's own catalogue.

A running bot reads its paths from the settings, where a relative path is taken from the working directory (where
``.env`` is read, and where systemd's ``WorkingDirectory=`` points), never from where the package is installed: a
regular install lives in site-packages, which holds no catalogue and is no place for a database.
"""

from pathlib import Path

DEFAULT_CATALOGUE_DIR = Path("data/catalogue")
DEFAULT_DATABASE_PATH = Path("data/kcollab.sqlite3")


def resolve(path: Path, base: Path | None = None) -> Path:
    """``path`` made absolute: ``~`` expanded, a relative path taken from ``base`` (default: the working directory)."""
    path = path.expanduser()
    return path if path.is_absolute() else (base or Path.cwd()) / path


# The checkout this module sits in. Only tests and tools run from a checkout use these; in an installed copy they
# point into site-packages and mean nothing.
SOURCE_ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_DIR = SOURCE_ROOT / DEFAULT_CATALOGUE_DIR
