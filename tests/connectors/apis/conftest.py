"""Fixtures for the API tests: a fake clock, a fake Strava on 127.0.0.1, a SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from pytest_httpserver import HTTPServer

from connectors.apis import registry
from connectors.apis.credentials import ApiConfig
from connectors.apis.strava import StravaClient
from connectors.apis.tokens import AppCredentials, FernetCipher, Tokens
from connectors.store import Store
from connectors.store.connections import save_tokens
from tests.connectors.apis.fake_strava import CLIENT_ID, CLIENT_SECRET, T0, FakeClock, FakeStrava

SECRET = "test-secret-key"
OWNER = "local"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def fake(httpserver_ipv4: HTTPServer, clock: FakeClock) -> FakeStrava:
    return FakeStrava(httpserver_ipv4, clock)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'boneload.sqlite'}")
    yield store
    store.close()


@pytest.fixture
def config(fake: FakeStrava) -> ApiConfig:
    return ApiConfig(
        strava_url=fake.api_url,
        strava_oauth_url=fake.oauth_url,
        strava_app=AppCredentials(CLIENT_ID, CLIENT_SECRET),
        secret_key=SECRET,
    )


@pytest.fixture
def connect(fake: FakeStrava, db: Store, clock: FakeClock):
    """Store a fresh grant for OWNER, as after Connect Strava; returns the Tokens."""

    def _connect(lifetime: timedelta = timedelta(hours=6)) -> Tokens:
        access, refresh, expires = fake.grant(lifetime)
        tokens = Tokens(access, refresh, expires, "read,activity:read_all", "4242")
        save_tokens(db, OWNER, "strava", tokens, FernetCipher(SECRET), clock())
        return tokens

    return _connect


@pytest.fixture
def client_for(config: ApiConfig, db: Store, clock: FakeClock, sleeps: list[float]):
    def _client() -> StravaClient:
        return registry.strava_client(
            config, db, OWNER, requests.Session(), clock, sleeps.append, "UTC"
        )

    return _client
