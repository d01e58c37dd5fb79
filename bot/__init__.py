"""K-Collab: a Discord bot for K-pop x international collaborations."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("k-collab")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+local"

SOURCE_URL = "https://github.com/k-collab/k-collab"  # the default of the SOURCE_URL setting, which a fork sets
