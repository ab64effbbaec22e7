"""The app starts cleanly without secrets, and says what is missing for sign-in."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BONELOAD_DB", f"sqlite:///{tmp_path / 'sign_in.sqlite'}")
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("BONELOAD_PUBLIC", raising=False)
    monkeypatch.delenv("BONELOAD_DEMO", raising=False)


def _run(page: str, secrets: dict | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if secrets:
        at.secrets = secrets
    if user is not None:
        at.user = user
    at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_without_secrets_the_local_owner_is_told_sign_in_is_not_configured() -> None:
    at = _run("share")
    assert [t.value for t in at.title] == ["Share"]
    [warning] = at.warning
    assert warning.value.startswith("Sign-in is not configured: anyone who can open")
    assert "`[auth] redirect_uri`" in warning.value and "`[auth] cookie_secret`" in warning.value


def test_a_half_configured_sign_in_fails_closed_and_names_what_is_missing() -> None:
    half = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "client_id": "x"}}
    home = _run("settings", half, {"is_logged_in": False})
    assert [t.value for t in home.title] == ["Overview"]  # a visitor: no owner page
    at = _run("sign_in", half, {"is_logged_in": False})
    [error] = at.error
    assert error.value.startswith(
        "Sign-in is not configured: secrets.toml lacks `[auth] cookie_secret`, "
        "`[auth] client_secret`, `[auth] server_metadata_url`."
    )
    assert [b.label for b in at.button] == []


def test_demo_off_and_sign_in_configured_shows_only_the_sign_in_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BONELOAD_DEMO", "0")
    full = {
        "auth": {
            "redirect_uri": "http://localhost:8501/oauth2callback",
            "cookie_secret": "c",
            "client_id": "i",
            "client_secret": "s",
            "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
        }
    }
    at = _run("overview", full, {"is_logged_in": False})
    assert [t.value for t in at.title] == ["Sign in"]
    assert [b.label for b in at.button] == ["Sign in"] and at.info == []
