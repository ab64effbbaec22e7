"""Fail closed: a secrets.toml that exists but cannot be read stops the app with a message; it
is never taken as empty (issue 11, case 5: one missing quote made every visitor the owner)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from connectors.config import check_secrets_files, read_secrets_file
from connectors.errors import ConfigError

ROOT = Path(__file__).resolve().parents[3]
GOOD = '[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\ncookie_secret = "x"\n'
MISSING_QUOTE = GOOD.replace('cookie_secret = "x"', 'cookie_secret = "x')


@pytest.fixture
def secrets_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Streamlit's secrets.files pointed at one file in the test's folder."""
    monkeypatch.setenv("BONELOAD_DB", f"sqlite:///{tmp_path / 'closed.sqlite'}")
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("BONELOAD_PUBLIC", raising=False)
    path = tmp_path / "secrets.toml"
    saved = st_config.get_option("secrets.files")
    st_config.set_option("secrets.files", [str(path)])
    st.secrets._secrets = None
    yield path
    st_config.set_option("secrets.files", saved)
    st.secrets._secrets = None


def _run(page: str = "overview") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _stopped(at: AppTest, path: Path, why: str) -> None:
    assert [e.value for e in at.error] == [
        "boneload cannot start: its configuration (secrets.toml) cannot be read."
    ]
    [detail] = at.code
    assert str(path) in detail.value and why in detail.value
    assert at.title == [] and at.metric == [] and at.button == []  # no page ran at all


@pytest.mark.parametrize("page", ["overview", "settings", "import_data"])
def test_a_missing_quote_stops_the_app(secrets_file: Path, page: str) -> None:
    secrets_file.write_text(MISSING_QUOTE, encoding="utf-8")
    _stopped(_run(page), secrets_file, "is not valid TOML")


def test_a_secrets_file_that_is_not_utf8_stops_the_app(secrets_file: Path) -> None:
    secrets_file.write_bytes(GOOD.encode("utf-8") + b'owner = "Jos\xe9"\n')
    _stopped(_run(), secrets_file, "not UTF-8")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_secrets_file_stops_the_app(secrets_file: Path) -> None:
    secrets_file.write_text(GOOD, encoding="utf-8")
    secrets_file.chmod(0)
    _stopped(_run(), secrets_file, "cannot be read")


def test_a_good_file_and_no_file_still_start(secrets_file: Path) -> None:
    at = _run("share")  # no file: a local install, the local owner
    assert [t.value for t in at.title] == ["Share"] and at.error == []
    secrets_file.write_text(GOOD, encoding="utf-8")
    st.secrets._secrets = None
    at = _run("overview")  # [auth] without a provider: sign-in half configured, no owner
    assert not any("cannot start" in e.value for e in at.error)


def test_the_cli_refuses_a_broken_file_too(tmp_path: Path) -> None:
    bad = tmp_path / "secrets.toml"
    bad.write_text(MISSING_QUOTE, encoding="utf-8")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        read_secrets_file(bad)
    with pytest.raises(ConfigError, match="is not valid TOML"):
        check_secrets_files([tmp_path / "absent.toml", bad])
    check_secrets_files([tmp_path / "absent.toml", tmp_path])  # a folder: Streamlit's own


def test_a_file_the_server_may_not_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secrets.toml"
    path.write_text(GOOD, encoding="utf-8")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(ConfigError, match="cannot be read \\(Permission denied\\)"):
        read_secrets_file(path)
