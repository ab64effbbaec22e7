"""Owners are bound: the deployment's Strava refresh token belongs to one named owner only, and
`boneload sync` from cron writes to that owner, on SQLite and on PostgreSQL.

Issue 11, case 4: the refresh token used to be seeded into whichever owner had no tokens, so a
second person who signed in synced the deployment athlete's activities into their own rows.
"""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from connectors.apis import connect, registry
from connectors.apis.credentials import ApiConfig, api_config
from connectors.apis.tokens import AppCredentials, FernetCipher
from connectors.config import resolve_owner
from connectors.store import Store
from connectors.store.connections import load_tokens
from dashboard.cli import main
from tests.connectors.apis.fake_strava import CLIENT_ID, CLIENT_SECRET, FakeClock, FakeStrava

ANN, BOB = "ann@example.org", "bob@example.org"
SECRET = "owners-secret"


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def real_clock() -> FakeClock:  # the CLI runs on the real clock; the fake follows it
    return FakeClock(datetime.now(UTC))


@pytest.fixture
def fake_now(httpserver_ipv4, real_clock: FakeClock) -> FakeStrava:
    return FakeStrava(httpserver_ipv4, real_clock)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_now: FakeStrava) -> None:
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml unless a test writes one
    for name in list(os.environ):
        if name.startswith(("STRAVA_", "BONELOAD_", "INTERVALS_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("BONELOAD_STRAVA_URL", fake_now.api_url)
    monkeypatch.setenv("BONELOAD_STRAVA_OAUTH_URL", fake_now.oauth_url)
    monkeypatch.setenv("STRAVA_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("STRAVA_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("BONELOAD_SECRET_KEY", SECRET)
    monkeypatch.setenv("STRAVA_REFRESH_TOKEN", fake_now.grant()[1])


def _counts(url: str) -> dict[str, int]:
    store = Store(url)
    try:
        return {who: store.count(who) for who in (ANN, BOB, "local")}
    finally:
        store.close()


def test_cron_sync_writes_to_the_owner_named_in_the_environment(
    fake_now, real_clock, env, store_url, monkeypatch
):
    fake_now.add_runs(30, real_clock() - timedelta(days=60))
    monkeypatch.setenv("BONELOAD_OWNER", ANN)
    code, out, err = _run("sync", "strava", "--db", store_url)
    assert (code, err) == (0, "") and out.startswith("strava: 30 new")
    assert _counts(store_url) == {ANN: 30, BOB: 0, "local": 0}


def test_cron_sync_writes_to_the_owner_named_in_secrets(
    fake_now, real_clock, env, store_url, tmp_path
):
    fake_now.add_runs(5, real_clock() - timedelta(days=10))
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(f'[boneload]\nowner = "{BOB.upper()}"\n')
    assert _run("sync", "strava", "--db", store_url)[0] == 0
    assert _counts(store_url) == {ANN: 0, BOB: 5, "local": 0}


def test_sync_owner_flag_names_the_owner(fake_now, real_clock, env, store_url, monkeypatch):
    fake_now.add_runs(4, real_clock() - timedelta(days=10))
    monkeypatch.setenv("BONELOAD_OWNER", BOB)
    assert _run("sync", "strava", "--owner", ANN, "--db", store_url)[0] == 0
    assert _counts(store_url) == {ANN: 4, BOB: 0, "local": 0}


def _config(fake: FakeStrava, owner: str) -> ApiConfig:
    return ApiConfig(
        strava_url=fake.api_url,
        strava_oauth_url=fake.oauth_url,
        strava_app=AppCredentials(CLIENT_ID, CLIENT_SECRET),
        strava_refresh_token=fake.grant()[1],
        secret_key=SECRET,
        headless_owner=owner,
    )


def test_a_signed_in_person_who_is_not_the_named_owner_never_inherits_its_tokens(
    fake, clock, store_url
):
    fake.add_runs(3, clock() - timedelta(days=5))
    config = _config(fake, ANN)
    store = Store(store_url)
    try:
        assert connect.is_connected(config, store, ANN, "strava")
        assert not connect.is_connected(config, store, BOB, "strava")
        bob = registry.sync_source("strava", store, BOB, config, clock=clock, sleep=lambda s: None)
        assert bob.status == "reconnect" and "not connected" in bob.message
        assert load_tokens(store, BOB, "strava", FernetCipher(SECRET)) is None
        assert store.count(BOB) == 0
        ann = registry.sync_source("strava", store, ANN, config, clock=clock, sleep=lambda s: None)
        assert (ann.status, ann.new, store.count(ANN), store.count(BOB)) == ("ok", 3, 3, 0)
        assert load_tokens(store, ANN, "strava", FernetCipher(SECRET)) is not None
        assert load_tokens(store, BOB, "strava", FernetCipher(SECRET)) is None
    finally:
        store.close()


def test_with_sign_in_and_no_named_owner_nobody_signed_in_inherits(fake, clock, sqlite_url):
    config = _config(fake, "local")  # [auth] on, no [boneload] owner: ids are emails
    store = Store(sqlite_url)
    try:
        for who in (ANN, BOB):
            client = registry.strava_client(
                config, store, who, requests.Session(), clock, lambda s: None
            )
            assert client is not None
            assert load_tokens(store, who, "strava", FernetCipher(SECRET)) is None
            assert not connect.is_connected(config, store, who, "strava")
    finally:
        store.close()


@pytest.mark.parametrize(
    ("explicit", "environ", "secrets", "expected"),
    [
        (None, {}, {}, "local"),
        (None, {"BONELOAD_OWNER": " Ann@Example.org "}, {}, ANN),
        (None, {}, {"boneload": {"owner": "BOB@example.org"}}, BOB),
        (None, {"BONELOAD_OWNER": ANN}, {"boneload": {"owner": BOB}}, ANN),
        (BOB, {"BONELOAD_OWNER": ANN}, {}, BOB),
        (None, {"BONELOAD_OWNER": "sub:AbC"}, {}, "sub:AbC"),
        (None, {"BONELOAD_OWNER": "  "}, {}, "local"),
    ],
)
def test_resolve_owner_order(explicit, environ, secrets, expected) -> None:
    assert resolve_owner(explicit, environ, secrets) == expected
    assert api_config(environ, secrets, None, owner=explicit).headless_owner == expected
