from __future__ import annotations

import pytest

from bot.config import ConfigError, check_settings, load_settings


def test_defaults_apply_when_only_the_token_is_set() -> None:
    settings = load_settings({"DISCORD_TOKEN": "abc.def"})
    assert settings.database_path.name == "kcollab.sqlite3"
    assert settings.default_timezone == "UTC"
    assert settings.trivia_typed_answers is False
    assert settings.dev_guild_id is None


def test_token_is_never_in_the_repr() -> None:
    assert "s3cret" not in repr(load_settings({"DISCORD_TOKEN": "s3cret"}))


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("DEV_GUILD_ID", "12ab"),
        ("OWNER_IDS", "1,2"),
        ("LOG_LEVEL", "CHATTY"),
        ("DEFAULT_TIMEZONE", "Nowhere/City"),
        ("TRIVIA_TYPED_ANSWERS", "maybe"),
        ("DISCORD_TOKEN", "has space"),
    ],
)
def test_invalid_value_names_its_key(key: str, value: str) -> None:
    env = {"DISCORD_TOKEN": "abc", key: value}
    with pytest.raises(ConfigError) as raised:
        load_settings(env)
    assert raised.value.key == key
    assert "\n" not in str(raised.value)


def test_missing_token_is_an_error_for_run() -> None:
    with pytest.raises(ConfigError, match="DISCORD_TOKEN"):
        load_settings({})


def test_check_collects_every_problem() -> None:
    problems = check_settings({"LOG_LEVEL": "x", "DEFAULT_TIMEZONE": "y", "DEV_GUILD_ID": "z"})
    assert {p.key for p in problems} == {"LOG_LEVEL", "DEFAULT_TIMEZONE", "DEV_GUILD_ID"}


def test_values_are_parsed() -> None:
    settings = load_settings(
        {
            "DISCORD_TOKEN": "abc",
            "DEV_GUILD_ID": "123456789012345678",
            "OWNER_IDS": "123456789012345678, 223456789012345678",
            "LOG_LEVEL": "debug",
            "DEFAULT_TIMEZONE": "Asia/Seoul",
            "TRIVIA_TYPED_ANSWERS": "true",
        }
    )
    assert settings.dev_guild_id == 123456789012345678
    assert settings.owner_ids == {123456789012345678, 223456789012345678}
    assert settings.log_level == "DEBUG"
    assert settings.trivia_typed_answers is True
