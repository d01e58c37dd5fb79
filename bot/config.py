"""Typed settings, read once from the environment (``.env`` is loaded by the entry point)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import SOURCE_URL
from bot.paths import DEFAULT_CATALOGUE_DIR, DEFAULT_DATABASE_PATH, resolve

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_PATH_DEFAULTS = {"DATABASE_PATH": DEFAULT_DATABASE_PATH, "CATALOGUE_DIR": DEFAULT_CATALOGUE_DIR}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(Exception):
    """One setting is missing or invalid. ``str(error)`` is a single line naming the key and the fix."""

    def __init__(self, key: str, fix: str) -> None:
        super().__init__(f"{key}: {fix}")
        self.key = key
        self.fix = fix


@dataclass(frozen=True, slots=True)
class Settings:
    token: str = field(repr=False)
    database_path: Path = DEFAULT_DATABASE_PATH
    dev_guild_id: int | None = None
    owner_ids: frozenset[int] = frozenset()
    log_level: str = "INFO"
    default_timezone: str = "UTC"
    trivia_typed_answers: bool = False
    catalogue_dir: Path = DEFAULT_CATALOGUE_DIR
    source_url: str = SOURCE_URL

    @property
    def log_level_number(self) -> int:
        return logging.getLevelNamesMapping()[self.log_level]


def _snowflake(key: str, raw: str) -> int:
    value = raw.strip()
    if not value.isdigit() or not 15 <= len(value) <= 21:
        raise ConfigError(
            key,
            f"{raw!r} is not a Discord id (a number of 17-20 digits; enable Developer Mode and use 'Copy ID')",
        )
    return int(value)


def path_setting(key: str, env: Mapping[str, str] | None = None, base: Path | None = None) -> Path:
    """The absolute path a path setting names; a relative one is taken from ``base``, default the working directory.

    The working directory, because that is where ``.env`` is read and where systemd's ``WorkingDirectory=`` points; the
    package's own location means nothing once it is installed into site-packages.
    """
    raw = (os.environ if env is None else env).get(key, "").strip()
    return resolve(Path(raw) if raw else _PATH_DEFAULTS[key], base)


def _source_url(raw: str) -> str:
    url = raw.strip() or SOURCE_URL
    parts = urlsplit(url)
    # It becomes /about's link and a field value: Discord refuses the whole reply unless it is an absolute http(s) URL.
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise ConfigError("SOURCE_URL", f"{raw!r} is not an http(s) URL (e.g. https://github.com/you/k-collab)")
    if len(url) > 512:
        raise ConfigError("SOURCE_URL", f"{len(url)} characters is too long for a link in Discord (512 at most)")
    return url


def _parse(
    env: Mapping[str, str], *, require_token: bool, base: Path | None
) -> tuple[Settings | None, list[ConfigError]]:
    problems: list[ConfigError] = []
    token = env.get("DISCORD_TOKEN", "").strip()
    if not token and require_token:
        problems.append(
            ConfigError(
                "DISCORD_TOKEN",
                "not set. Create a bot at https://discord.com/developers/applications (Bot -> Reset Token), "
                "then `cp .env.example .env` and put the token there",
            )
        )
    elif token and any(c.isspace() for c in token):
        problems.append(ConfigError("DISCORD_TOKEN", "contains white space; paste the token exactly as shown"))

    database_path = path_setting("DATABASE_PATH", env, base)
    if database_path.is_dir():
        problems.append(ConfigError("DATABASE_PATH", f"{str(database_path)!r} is a directory; give a file path"))

    dev_guild_id: int | None = None
    if raw := env.get("DEV_GUILD_ID", "").strip():
        try:
            dev_guild_id = _snowflake("DEV_GUILD_ID", raw)
        except ConfigError as error:
            problems.append(error)

    owner_ids: set[int] = set()
    for part in env.get("OWNER_IDS", "").split(","):
        if part.strip():
            try:
                owner_ids.add(_snowflake("OWNER_IDS", part))
            except ConfigError as error:
                problems.append(error)

    log_level = env.get("LOG_LEVEL", "").strip().upper() or "INFO"
    if log_level not in _LOG_LEVELS:
        problems.append(ConfigError("LOG_LEVEL", f"{log_level!r} is not one of {', '.join(_LOG_LEVELS)}"))

    timezone = env.get("DEFAULT_TIMEZONE", "").strip() or "UTC"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(ConfigError("DEFAULT_TIMEZONE", f"{timezone!r} is not an IANA time zone (e.g. Asia/Seoul)"))

    raw_typed = env.get("TRIVIA_TYPED_ANSWERS", "").strip().lower()
    if raw_typed not in _TRUE | _FALSE:
        problems.append(ConfigError("TRIVIA_TYPED_ANSWERS", f"{raw_typed!r} is not true or false"))

    source_url = SOURCE_URL
    try:
        source_url = _source_url(env.get("SOURCE_URL", ""))
    except ConfigError as error:
        problems.append(error)

    # Checked last: load_settings names the first problem, and a mistyped value is the likelier fault.
    catalogue_dir = path_setting("CATALOGUE_DIR", env, base)
    if not catalogue_dir.is_dir():
        problems.append(
            ConfigError(
                "CATALOGUE_DIR",
                f"no folder {str(catalogue_dir)!r} (relative paths are taken from the working directory); "
                "start the bot in the project folder, or set CATALOGUE_DIR to the folder holding artists/ and collabs/",
            )
        )

    if problems:
        return None, problems
    return Settings(
        token=token,
        database_path=database_path,
        dev_guild_id=dev_guild_id,
        owner_ids=frozenset(owner_ids),
        log_level=log_level,
        default_timezone=timezone,
        trivia_typed_answers=raw_typed in _TRUE,
        catalogue_dir=catalogue_dir,
        source_url=source_url,
    ), []


def load_settings(
    env: Mapping[str, str] | None = None, *, require_token: bool = True, base: Path | None = None
) -> Settings:
    """Settings from ``env`` (default: the process environment). Raises the first :class:`ConfigError`.

    Relative paths are taken from ``base``, default the working directory: the one place ``.env`` is read from too.
    """
    settings, problems = _parse(os.environ if env is None else env, require_token=require_token, base=base)
    if problems:
        raise problems[0]
    assert settings is not None
    return settings


def check_settings(env: Mapping[str, str] | None = None, *, base: Path | None = None) -> list[ConfigError]:
    """Every problem with the settings, for ``python -m bot check`` (the token is not required there)."""
    return _parse(os.environ if env is None else env, require_token=False, base=base)[1]
