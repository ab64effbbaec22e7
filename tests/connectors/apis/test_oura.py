"""Oura API v2 against a fake on 127.0.0.1: connect, workouts paged by next_token into SQLite,
an incremental sync, refresh (single-use refresh tokens), a revoked grant, a 429 mid-listing
and its resumption, disconnect, and the pure mapping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from pytest_httpserver import HTTPServer

from connectors.apis import connect, registry
from connectors.apis.credentials import ApiConfig, api_config
from connectors.apis.oura_mapping import workout_row, workouts_result
from connectors.apis.tokens import AppCredentials, FernetCipher
from connectors.errors import AuthError
from connectors.store import Store
from connectors.store.connections import load_state, load_tokens
from tests.connectors.apis.conftest import OWNER, SECRET
from tests.connectors.apis.fake_oura import CLIENT_ID, CLIENT_SECRET, REDIRECT, FakeOura, workout
from tests.connectors.apis.fake_strava import T0, FakeClock

ZONE = "Europe/Amsterdam"
WORKOUT = "/v2/usercollection/workout"


def _id(n: int) -> str:
    return f"8f3c2a10-0000-4000-8000-{n:012d}"


@pytest.fixture
def oura(httpserver_ipv4: HTTPServer, clock: FakeClock) -> FakeOura:
    fake = FakeOura(httpserver_ipv4, clock)
    first = date(2025, 1, 1)
    for n in range(25):
        day = first + timedelta(days=n)
        fake.add(workout(n, f"{day}T07:30:00+01:00", 40))
    fake.add(
        workout(3, "2025-01-04T07:30:00+01:00", 35, activity="running", label="Tempo run",
                distance=None, intensity="hard", source="manual")
    )  # fmt: skip
    return fake


@pytest.fixture
def config(oura: FakeOura) -> ApiConfig:
    return ApiConfig(
        oura_url=oura.url,
        oura_oauth_url=oura.url,
        oura_app=AppCredentials(CLIENT_ID, CLIENT_SECRET),
        secret_key=SECRET,
    )


def _finish(config: ApiConfig, db: Store, clock: FakeClock, code: str, scope: str):
    url = connect.start_url(config, OWNER, REDIRECT, clock, provider="oura")
    state = parse_qs(urlsplit(url).query)["state"][0]
    return connect.finish(
        config, db, code, state, scope, session=requests.Session(), clock=clock, sleep=print,
        redirect_uri=REDIRECT,
    )  # fmt: skip


@pytest.fixture
def connected(oura: FakeOura, config: ApiConfig, db: Store, clock: FakeClock) -> None:
    oura.codes.add("code-1")
    _finish(config, db, clock, "code-1", "workout personal")
    oura.requests.clear()


def _sync(config: ApiConfig, db: Store, clock: FakeClock, **options):
    return registry.sync_source(
        "oura", db, OWNER, config, session=requests.Session(), clock=clock,
        sleep=lambda s: None, fallback_zone=ZONE, **options,
    )  # fmt: skip


def _listings(oura: FakeOura) -> list[dict[str, str]]:
    return [r.query for r in oura.requests if r.path == WORKOUT]


def _tokens(db: Store):
    return load_tokens(db, OWNER, "oura", FernetCipher(SECRET))


def test_the_authorize_url_asks_for_workouts(config: ApiConfig, clock: FakeClock) -> None:
    parts = urlsplit(connect.start_url(config, OWNER, REDIRECT, clock, provider="oura"))
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert parts.path == "/oauth/authorize"
    assert query["state"].startswith("oura~")
    del query["state"]
    assert query == {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT,
        "scope": "workout",
    }
    real = api_config({"OURA_CLIENT_ID": "9", "OURA_CLIENT_SECRET": "s"}, {}, None)
    real = ApiConfig(**{**real.__dict__, "secret_key": "k"})
    assert connect.start_url(real, "x", REDIRECT, clock, provider="oura").startswith(
        "https://cloud.ouraring.com/oauth/authorize?"
    )
    assert (real.oura_url, real.oura_app.client_id) == ("https://api.ouraring.com", "9")


def test_connecting_exchanges_the_code_and_keeps_the_refresh_token(
    oura: FakeOura, config: ApiConfig, db: Store, clock: FakeClock
) -> None:
    oura.codes.add("code-1")
    assert _finish(config, db, clock, "code-1", "workout personal") == (OWNER, [])
    (call,) = oura.requests
    assert call.form == {
        "grant_type": "authorization_code",
        "code": "code-1",
        "redirect_uri": REDIRECT,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }
    stored = _tokens(db)
    assert (stored.access_token, stored.refresh_token, stored.expires_at) == (
        "oura-access-1",
        "oura-refresh-1",
        T0 + timedelta(days=1),
    )
    assert stored.scope == "workout personal"
    assert connect.is_connected(config, db, OWNER, "oura")


def test_a_grant_without_the_workout_scope_is_refused_before_the_exchange(
    oura: FakeOura, config: ApiConfig, db: Store, clock: FakeClock
) -> None:
    oura.codes.add("code-1")
    with pytest.raises(AuthError, match="did not grant access to your workouts"):
        _finish(config, db, clock, "code-1", "email personal")
    assert oura.requests == [] and _tokens(db) is None


def test_first_sync_follows_next_token_then_a_later_sync_asks_from_the_cursor(
    oura, config, db, clock, connected
) -> None:
    report = _sync(config, db, clock)
    assert (report.status, report.new, report.pages, report.problems) == ("ok", 25, 3, [])
    dates = {"start_date": "2015-01-01", "end_date": "2025-03-06"}
    assert _listings(oura) == [dates, {**dates, "next_token": "10"}, {**dates, "next_token": "20"}]
    assert {r.authorization for r in oura.requests} == {"Bearer oura-access-1"}
    assert oura.violations == []
    run = (
        db.activities(OWNER).filter(db.activities(OWNER)["source_id"] == _id(3)).row(0, named=True)
    )
    assert (run["activity_id"], run["sport"], run["sport_type"], run["name"]) == (
        f"oura:{_id(3)}",
        "run",
        "running",
        "Tempo run",
    )
    assert (run["start_utc"], run["start_local"], run["timezone"]) == (
        datetime(2025, 1, 4, 6, 30, tzinfo=UTC),
        datetime(2025, 1, 4, 7, 30),
        ZONE,
    )
    assert (run["elapsed_s"], run["distance_m"], run["calories"], run["source"]) == (
        2100.0,
        None,
        210.5,
        "oura_api",
    )

    oura.requests.clear()
    clock.advance(hours=2)
    again = _sync(config, db, clock)
    assert (again.status, again.new, again.updated, again.removed) == ("ok", 0, 0, 0)
    assert _listings(oura) == [{"start_date": "2025-01-24", "end_date": "2025-03-06"}]
    oura.add(workout(40, "2025-03-05T08:00:00+01:00", 30, activity="cycling"))
    newer = _sync(config, db, clock)
    assert (newer.new, db.count(OWNER)) == (1, 26)
    assert load_state(db, OWNER, "oura").activities_brought == 26


def test_an_expired_token_is_refreshed_and_the_single_use_refresh_token_replaced(
    oura, config, db, clock, connected
) -> None:
    clock.advance(days=1)
    report = _sync(config, db, clock)
    assert (report.status, report.new) == ("ok", 25)
    refresh = [r.form for r in oura.requests if r.path == "/oauth/token"]
    assert refresh == [
        {
            "grant_type": "refresh_token",
            "refresh_token": "oura-refresh-1",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        }
    ]
    assert {r.authorization for r in oura.requests if r.path == WORKOUT} == {"Bearer oura-access-2"}
    assert (_tokens(db).access_token, _tokens(db).refresh_token) == (
        "oura-access-2",
        "oura-refresh-2",
    )
    assert oura.refresh_tokens == {"oura-refresh-2"}


def test_a_token_refused_early_is_refreshed_once(oura, config, db, clock, connected) -> None:
    oura.access["oura-access-1"] = clock()  # Oura expired it before the stated expiry
    report = _sync(config, db, clock)
    assert (report.status, report.new) == ("ok", 25)
    assert [r.path for r in oura.requests][:3] == [WORKOUT, "/oauth/token", WORKOUT]
    assert _tokens(db).refresh_token == "oura-refresh-2"


def test_a_revoked_grant_asks_to_reconnect(oura, config, db, clock, connected) -> None:
    oura.access.clear()
    oura.refresh_tokens.clear()
    report = _sync(config, db, clock)
    assert report.status == "reconnect"
    assert "reconnect Oura" in report.message
    assert (db.count(OWNER), load_state(db, OWNER, "oura").last_status) == (0, "reconnect")


def test_a_429_mid_listing_waits_and_the_next_sync_resumes_without_doubles(
    oura, config, db, clock, connected
) -> None:
    oura.fail_on[2] = (429, {"Retry-After": "120"})
    report = _sync(config, db, clock)
    assert (report.status, report.new) == ("rate_limited", 10)
    assert report.next_allowed_at == T0 + timedelta(seconds=120)
    assert load_state(db, OWNER, "oura").resume_page == 2
    clock.advance(minutes=2)
    oura.requests.clear()
    resumed = _sync(config, db, clock)  # from one page back, as the sync loop always does
    assert (resumed.status, resumed.new, resumed.pages) == ("ok", 15, 3)
    assert [q.get("next_token") for q in _listings(oura)] == [None, "10", "20"]
    assert db.count(OWNER) == 25
    assert load_state(db, OWNER, "oura").activities_brought == 25


def test_a_429_without_a_retry_header_waits_oura_s_five_minutes(
    oura, config, db, clock, connected
) -> None:
    oura.fail_next(429)
    report = _sync(config, db, clock)
    assert (report.status, report.next_allowed_at) == ("rate_limited", T0 + timedelta(minutes=5))
    assert "Oura rate limit reached" in report.message


def test_disconnect_revokes_at_oura_and_deletes_the_tokens(
    oura, config, db, clock, connected
) -> None:
    warnings = connect.disconnect(
        config, db, OWNER, session=requests.Session(), clock=clock, sleep=print, provider="oura"
    )
    assert warnings == []
    (call,) = oura.requests
    assert (call.path, call.query) == ("/oauth/revoke", {"access_token": "oura-access-1"})
    assert oura.access == {} and _tokens(db) is None
    again = connect.disconnect(
        config, db, OWNER, session=requests.Session(), clock=clock, sleep=print, provider="oura"
    )
    assert "Oura could not be told" in again[0]


def test_workout_mapping_offsets_sports_and_problems() -> None:
    india = workout_row(
        workout(50, "2025-02-01T06:00:00+05:30", 50, activity="strengthTraining"), "UTC"
    )
    assert (india["start_utc"], india["start_local"], india["timezone"], india["sport"]) == (
        datetime(2025, 2, 1, 0, 30, tzinfo=UTC),
        datetime(2025, 2, 1, 6, 0),
        "UTC",
        "strength",
    )
    away = workout_row(workout(51, "2025-02-01T06:00:00-05:00", 30, activity="hiking"), ZONE)
    assert (away["timezone"], away["sport"], away["elapsed_s"]) == ("Etc/GMT+5", "hike", 1800.0)
    backwards = workout(52, "2025-02-01T06:00:00+01:00", -5)
    result = workouts_result([backwards, {"id": "x"}, workout(53, "2025-02-02T06:00:00Z", 5)],
                             ZONE, "Oura workouts page 1")  # fmt: skip
    assert [(p.row, p.reason) for p in result.problems] == [
        (1, f"workout {_id(52)} ends before it starts"),
        (2, "workout x has no start_datetime"),
    ]
    assert result.frame["timezone"].to_list() == ["UTC"]  # +00:00 while Amsterdam is at +01:00
