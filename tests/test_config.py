from __future__ import annotations

import re
from pathlib import Path

import pytest

import bot.config
from bot import SOURCE_URL
from bot.config import ConfigError, check_settings, load_settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def project_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test runs in a fresh working directory laid out like the project (relative paths start there)."""
    (tmp_path / "data" / "catalogue").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


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


def test_default_paths_are_in_the_working_directory(project_folder: Path) -> None:
    settings = load_settings({"DISCORD_TOKEN": "abc"})
    assert settings.catalogue_dir == project_folder / "data" / "catalogue"
    assert settings.database_path == project_folder / "data" / "kcollab.sqlite3"


def test_relative_paths_are_taken_from_the_working_directory(project_folder: Path) -> None:
    (project_folder / "my-catalogue").mkdir()
    settings = load_settings({"DISCORD_TOKEN": "abc", "DATABASE_PATH": "db/k.sqlite3", "CATALOGUE_DIR": "my-catalogue"})
    assert settings.database_path == project_folder / "db" / "k.sqlite3"
    assert settings.catalogue_dir == project_folder / "my-catalogue"


def test_absolute_paths_are_kept(project_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    settings = load_settings(
        {"DISCORD_TOKEN": "abc", "DATABASE_PATH": str(elsewhere / "k.sqlite3"), "CATALOGUE_DIR": str(elsewhere)}
    )
    assert settings.database_path == elsewhere / "k.sqlite3"
    assert settings.catalogue_dir == elsewhere


def test_missing_catalogue_folder_names_the_key_and_the_folder(project_folder: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({"DISCORD_TOKEN": "abc", "CATALOGUE_DIR": "nowhere"})
    assert raised.value.key == "CATALOGUE_DIR"
    assert str(project_folder / "nowhere") in str(raised.value)
    assert "\n" not in str(raised.value)


def test_source_url_defaults_to_upstream_and_can_be_set() -> None:
    assert load_settings({"DISCORD_TOKEN": "abc"}).source_url == SOURCE_URL
    fork = load_settings({"DISCORD_TOKEN": "abc", "SOURCE_URL": " https://codeberg.org/me/k-collab "})
    assert fork.source_url == "https://codeberg.org/me/k-collab"


@pytest.mark.parametrize(
    "value", ["github.com/me/k-collab", "ftp://example.org/k", "https://", "javascript:alert(1)", "https://a b.org"]
)
def test_source_url_must_be_an_http_url(value: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({"DISCORD_TOKEN": "abc", "SOURCE_URL": value})
    assert raised.value.key == "SOURCE_URL"


def test_every_setting_is_in_env_example_and_the_readme_table() -> None:
    source = Path(bot.config.__file__).read_text(encoding="utf-8")
    read = set(re.findall(r'(?:env\.get|path_setting)\("([A-Z_]+)"', source))
    example = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.MULTILINE))
    table = set(re.findall(r"^\| `([A-Z_]+)` \|", (ROOT / "README.md").read_text(encoding="utf-8"), re.MULTILINE))
    assert {"CATALOGUE_DIR", "SOURCE_URL"} <= read
    assert example == read
    assert table == read
