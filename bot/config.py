"""Typed settings, read once from the environment (``.env`` is loaded by the entry point)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.paths import CATALOGUE_DIR, DEFAULT_DATABASE_PATH, PROJECT_ROOT

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
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
    catalogue_dir: Path = CATALOGUE_DIR

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


def _parse(env: Mapping[str, str], *, require_token: bool) -> tuple[Settings | None, list[ConfigError]]:
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

    raw_path = env.get("DATABASE_PATH", "").strip()
    database_path = Path(raw_path) if raw_path else DEFAULT_DATABASE_PATH
    if not database_path.is_absolute():
        database_path = PROJECT_ROOT / database_path
    if database_path.exists() and database_path.is_dir():
        problems.append(ConfigError("DATABASE_PATH", f"{raw_path!r} is a directory; give a file path"))

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
    ), []


def load_settings(env: Mapping[str, str] | None = None, *, require_token: bool = True) -> Settings:
    """Settings from ``env`` (default: the process environment). Raises the first :class:`ConfigError`."""
    settings, problems = _parse(os.environ if env is None else env, require_token=require_token)
    if problems:
        raise problems[0]
    assert settings is not None
    return settings


def check_settings(env: Mapping[str, str] | None = None) -> list[ConfigError]:
    """Every problem with the settings, for ``python -m bot check`` (the token is not required there)."""
    return _parse(os.environ if env is None else env, require_token=False)[1]
