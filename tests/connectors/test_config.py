"""Where the store lives: --db, then BONELOAD_DB, then secrets.toml, then a SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.config import (
    ENV_VAR,
    default_sqlite_url,
    read_secrets_file,
    resolve_db_url,
    secrets_url,
)
from connectors.errors import ConfigError

PG = "postgresql+psycopg://app:secret@db.internal/boneload"
SECRETS = {"connections": {"boneload": {"url": "sqlite:///from-secrets.sqlite"}}}


@pytest.mark.parametrize(
    ("explicit", "environ", "secrets", "expected"),
    [
        ("sqlite:///explicit.sqlite", {ENV_VAR: PG}, SECRETS, "sqlite:///explicit.sqlite"),
        (None, {ENV_VAR: PG}, SECRETS, PG),
        ("", {ENV_VAR: PG}, SECRETS, PG),
        (None, {ENV_VAR: ""}, SECRETS, "sqlite:///from-secrets.sqlite"),
        (None, {"OTHER": "x"}, SECRETS, "sqlite:///from-secrets.sqlite"),
    ],
)
def test_order_of_precedence(
    explicit: str | None, environ: dict[str, str], secrets: dict, expected: str
) -> None:
    assert resolve_db_url(explicit, environ, secrets) == expected


def test_default_is_a_sqlite_file_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    expected = f"sqlite:///{tmp_path / 'boneload' / 'boneload.sqlite'}"
    assert default_sqlite_url() == expected
    assert resolve_db_url(None, {}, {}) == expected


@pytest.mark.parametrize(
    "secrets",
    [
        {},
        {"connections": "sqlite:///x"},
        {"connections": {"other": {"url": "sqlite:///x"}}},
        {"connections": {"boneload": "sqlite:///x"}},
        {"connections": {"boneload": {"url": ""}}},
        {"connections": {"boneload": {"type": "sql"}}},
    ],
)
def test_secrets_without_a_boneload_url(secrets: dict) -> None:
    assert secrets_url(secrets) is None


def test_secrets_file_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        f'[connections.boneload]\nurl = "{PG}"\n', encoding="utf-8"
    )
    assert resolve_db_url(None, {}) == PG
    assert resolve_db_url(None, {ENV_VAR: "sqlite:///env.sqlite"}) == "sqlite:///env.sqlite"


def test_read_secrets_file(tmp_path: Path) -> None:
    assert read_secrets_file(tmp_path / "missing.toml") == {}
    good = tmp_path / "good.toml"
    good.write_text('[connections.boneload]\nurl = "sqlite:///a.sqlite"\n', encoding="utf-8")
    assert read_secrets_file(good) == {"connections": {"boneload": {"url": "sqlite:///a.sqlite"}}}
    bad = tmp_path / "bad.toml"
    bad.write_text("[connections.boneload\nurl = ", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml is not valid TOML"):
        read_secrets_file(bad)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'name = "caf\xe9"\n')
    with pytest.raises(ConfigError, match="is not valid TOML"):
        read_secrets_file(latin)
