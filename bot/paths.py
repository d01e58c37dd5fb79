"""Where the project's files live, resolved once from the source tree."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
CATALOGUE_DIR = DATA_DIR / "catalogue"
DEFAULT_DATABASE_PATH = DATA_DIR / "kcollab.sqlite3"
