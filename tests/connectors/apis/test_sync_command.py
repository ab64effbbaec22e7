"""`boneload sync` against the fake Strava, the registry of sources, the settings, and the
version 2 migration that holds connections and sync state."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from connectors.apis import registry
from connectors.apis.credentials import STRAVA_URL, api_config, load_or_create_key
from connectors.store import Store
from connectors.store.connections import load_state
from connectors.store.migrations import LATEST, MIGRATIONS, migrate
from dashboard.cli import main
from tests.connectors.apis.fake_strava import CLIENT_ID, CLIENT_SECRET, FakeClock, FakeStrava


@pytest.fixture
def clock() -> FakeClock:  # the CLI runs on the real clock; the fake follows it
    return FakeClock(datetime.now(UTC))


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake: FakeStrava) -> str:
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here
    for name in list(os.environ):
        if name.startswith(("STRAVA_", "BONELOAD_", "INTERVALS_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("BONELOAD_STRAVA_URL", fake.api_url)
    monkeypatch.setenv("BONELOAD_STRAVA_OAUTH_URL", fake.oauth_url)
    monkeypatch.setenv("STRAVA_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("STRAVA_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("BONELOAD_SECRET_KEY", "cli-secret")
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cron_sync_of_a_deployed_owner_without_a_browser(fake, clock, env, monkeypatch):
    fake.add_runs(250, clock() - timedelta(days=400))
    monkeypatch.setenv("STRAVA_REFRESH_TOKEN", fake.grant()[1])
    code, out, err = _run("sync", "strava", "--db", env)
    assert (code, err) == (0, "")
    assert out.startswith("strava: 250 new, 0 merged, 0 updated, 0 removed (2 pages)")
    code, out, _ = _run("sync", "--db", env)
    assert code == 0 and out.startswith("strava: 0 new")
    for secret in ("refresh-", "access-", CLIENT_SECRET):
        assert secret not in out


def test_a_revoked_grant_exits_non_zero_and_says_reconnect(fake, clock, env, monkeypatch):
    monkeypatch.setenv("STRAVA_REFRESH_TOKEN", "refresh-never-issued")
    code, out, err = _run("sync", "strava", "--db", env)
    assert code == 2
    assert "reconnect Strava" in err and out == ""
    store = Store(env)
    try:
        assert load_state(store, "local", "strava").last_status == "reconnect"
    finally:
        store.close()


def test_not_connected_and_closed_sources_explain_themselves(fake, env):
    code, _, err = _run("sync", "strava", "--db", env)
    assert (code, err) == (2, "strava: not connected yet: connect strava on the Connections page\n")
    code, _, err = _run("sync", "fitbit", "--db", env)
    assert code == 1 and "closed in November 2026" in err and "Takeout" in err
    code, _, err = _run("sync", "intervals", "--db", env)
    assert code == 2 and "INTERVALS_API_KEY" in err


def test_the_registry_lists_every_source_once() -> None:
    assert [s.key for s in registry.API_SOURCES] == [
        "strava",
        "intervals",
        "polar",
        "oura",
        "fitbit",
    ]
    assert {s.key: s.status for s in registry.API_SOURCES} == {
        "strava": "available",
        "intervals": "available",
        "polar": "available",
        "oura": "available",
        "fitbit": "closed",
    }
    assert "only their owner's account" in registry.STRAVA.notes
    assert "last 30 days" in registry.POLAR.limits


def test_settings_come_from_the_environment_before_secrets(tmp_path: Path) -> None:
    secrets = {
        "strava": {"client_id": "7", "client_secret": "s", "api_url": "http://proxy/api"},
        "intervals": {"api_key": "from-secrets"},
        "boneload": {"secret_key": "from-secrets"},
    }
    config = api_config({"STRAVA_CLIENT_ID": "9", "BONELOAD_SECRET_KEY": "env"}, secrets)
    assert config.strava_app is not None and config.strava_app.client_id == "9"
    assert (config.strava_url, config.secret_key, config.intervals_api_key) == (
        "http://proxy/api",
        "env",
        "from-secrets",
    )
    assert not config.headless_strava
    bare = api_config({}, {}, key_file=tmp_path / "k" / "secret.key")
    assert bare.strava_url == STRAVA_URL and bare.strava_app is None
    assert bare.secret_key == load_or_create_key(tmp_path / "k" / "secret.key")
    assert (tmp_path / "k" / "secret.key").stat().st_mode & 0o777 == 0o600


def test_version_2_adds_connections_and_sync_state_only(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'v.sqlite'}")
    assert migrate(engine, MIGRATIONS[:1]) == 1
    assert not {"connections", "sync_state"} & set(sa.inspect(engine).get_table_names())
    assert migrate(engine, MIGRATIONS[:2]) == 2
    tables = set(sa.inspect(engine).get_table_names())
    assert {"connections", "sync_state", "activities", "activity_sources"} <= tables
    assert migrate(engine) == LATEST
    engine.dispose()
