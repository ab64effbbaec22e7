"""Polar AccessLink against a fake on 127.0.0.1: connect (code exchange, registration), the
30-day listing synced into SQLite, a 401, a 429, disconnect, and the pure mapping."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import sqlalchemy as sa
from pytest_httpserver import HTTPServer

from connectors.apis import connect, registry
from connectors.apis.credentials import ApiConfig
from connectors.apis.offsets import zone_name
from connectors.apis.polar import member_id
from connectors.apis.polar_mapping import exercise_row, exercises_result, iso_duration
from connectors.apis.tokens import AppCredentials, FernetCipher
from connectors.errors import AuthError
from connectors.store import Store
from connectors.store.connection_tables import connections
from connectors.store.connections import load_state, load_tokens
from tests.connectors.apis.conftest import OWNER, SECRET
from tests.connectors.apis.fake_polar import (
    CLIENT_ID,
    CLIENT_SECRET,
    REDIRECT,
    USER_ID,
    FakePolar,
    exercise,
)
from tests.connectors.apis.fake_strava import T0, FakeClock

ZONE = "Europe/Helsinki"


@pytest.fixture
def polar(httpserver_ipv4: HTTPServer, clock: FakeClock) -> FakePolar:
    fake = FakePolar(httpserver_ipv4, clock)
    fake.add(exercise(0, datetime(2025, 1, 10, 8, 0), 120))  # uploaded 54 days ago: not listed
    fake.add(exercise(1, datetime(2025, 2, 20, 7, 0), 120))
    fake.add(
        exercise(2, datetime(2025, 3, 1, 18, 30), 60, **{"detailed-sport-info": "TRAIL_RUNNING"})
    )
    walk = exercise(3, datetime(2025, 3, 4, 6, 15), 330, sport="WALKING", duration="PT1H2M3.5S")
    del walk["distance"], walk["heart-rate"], walk["detailed-sport-info"]
    fake.add(walk)
    return fake


@pytest.fixture
def config(polar: FakePolar) -> ApiConfig:
    return ApiConfig(
        polar_url=polar.url,
        polar_oauth_url=polar.url,
        polar_app=AppCredentials(CLIENT_ID, CLIENT_SECRET),
        secret_key=SECRET,
    )


def _finish(config: ApiConfig, db: Store, clock: FakeClock, code: str) -> tuple[str, list[str]]:
    url = connect.start_url(config, OWNER, REDIRECT, clock, provider="polar")
    state = parse_qs(urlsplit(url).query)["state"][0]
    return connect.finish(
        config, db, code, state, "", session=requests.Session(), clock=clock, sleep=print,
        expected_owner=OWNER, redirect_uri=REDIRECT,
    )  # fmt: skip


@pytest.fixture
def connected(polar: FakePolar, config: ApiConfig, db: Store, clock: FakeClock) -> None:
    polar.codes.add("code-1")
    _finish(config, db, clock, "code-1")
    polar.requests.clear()


def _sync(config: ApiConfig, db: Store, clock: FakeClock, **options):
    return registry.sync_source(
        "polar", db, OWNER, config, session=requests.Session(), clock=clock,
        sleep=lambda s: None, fallback_zone=ZONE, **options,
    )  # fmt: skip


def test_the_authorize_url_names_polar_and_its_scope(config: ApiConfig, clock: FakeClock) -> None:
    url = connect.start_url(config, OWNER, REDIRECT, clock, provider="polar")
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert parts.path == "/oauth2/authorization"
    assert {k: v[0] for k, v in query.items() if k != "state"} == {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT,
        "scope": "accesslink.read_all",
    }
    assert query["state"][0].startswith("polar~")
    assert connect.provider_of(query["state"][0]) == "polar"
    real = ApiConfig(polar_app=AppCredentials("9", "s"), secret_key="k")
    assert connect.start_url(real, "x", REDIRECT, clock, provider="polar").startswith(
        "https://flow.polar.com/oauth2/authorization?"
    )
    assert real.polar_url == "https://www.polaraccesslink.com"
    with pytest.raises(AuthError, match="POLAR_CLIENT_ID"):
        connect.start_url(ApiConfig(secret_key="k"), OWNER, REDIRECT, clock, provider="polar")


def test_connecting_exchanges_the_code_with_basic_auth_and_registers_the_user(
    polar: FakePolar, config: ApiConfig, db: Store, clock: FakeClock
) -> None:
    polar.codes.add("code-1")
    assert _finish(config, db, clock, "code-1") == (OWNER, [])
    token_call, register_call = polar.requests
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert token_call.headers["Authorization"] == f"Basic {basic}"
    assert parse_qs(token_call.body) == {
        "grant_type": ["authorization_code"],
        "code": ["code-1"],
        "redirect_uri": [REDIRECT],
    }
    assert register_call.headers["Authorization"] == "Bearer polar-access-1"
    assert json.loads(register_call.body) == {"member-id": member_id(OWNER)}
    assert polar.registered == {USER_ID: member_id(OWNER)}
    stored = load_tokens(db, OWNER, "polar", FernetCipher(SECRET))
    assert [stored.access_token, stored.refresh_token] == ["polar-access-1", ""]
    assert stored.athlete_id == str(USER_ID)
    assert stored.expires_at > T0 + timedelta(days=3000)
    with db.engine.connect() as conn:
        raw = conn.execute(sa.select(connections)).mappings().one()
    assert "polar-access-1" not in raw["access_token_enc"]
    polar.codes.add("code-2")  # connecting again: Polar answers 409, which is fine
    assert _finish(config, db, clock, "code-2") == (OWNER, [])
    assert polar.requests[-1].path == "/v3/users"
    assert load_tokens(db, OWNER, "polar", FernetCipher(SECRET)).access_token == "polar-access-2"
    assert polar.violations == []


def test_a_refused_code_is_an_auth_error(polar: FakePolar, config, db, clock) -> None:
    with pytest.raises(AuthError, match="Polar refused the sign-in"):
        _finish(config, db, clock, "never-issued")
    assert load_tokens(db, OWNER, "polar", FernetCipher(SECRET)) is None


def test_first_sync_then_a_second_with_nothing_new(polar, config, db, clock, connected) -> None:
    report = _sync(config, db, clock)
    assert (report.status, report.new, report.pages, report.problems) == ("ok", 3, 1, [])
    (call,) = polar.requests
    assert [call.path, call.query] == ["/v3/exercises", {}]
    assert call.headers["Authorization"] == "Bearer polar-access-1"
    assert call.headers["Accept"] == "application/json"
    stored = db.activities(OWNER).sort("start_utc")
    columns = ("activity_id", "sport", "sport_type", "start_utc", "start_local", "timezone")
    assert stored.select(columns).rows() == [
        ("polar:2AC3001F", "run", "RUNNING", datetime(2025, 2, 20, 5, tzinfo=UTC),
         datetime(2025, 2, 20, 7), ZONE),
        ("polar:2AC3002F", "run", "TRAIL_RUNNING", datetime(2025, 3, 1, 17, 30, tzinfo=UTC),
         datetime(2025, 3, 1, 18, 30), "Etc/GMT-1"),
        ("polar:2AC3003F", "walk", "WALKING", datetime(2025, 3, 4, 0, 45, tzinfo=UTC),
         datetime(2025, 3, 4, 6, 15), "UTC"),
    ]  # fmt: skip
    run, _, walk = stored.iter_rows(named=True)
    values = [run[k] for k in ("elapsed_s", "distance_m", "avg_hr", "max_hr")]
    assert values == [2712.0, 8013.5, 148.0, 171.0]
    assert (run["calories"], run["source"], run["source_id"]) == (480.0, "polar_api", "2AC3001F")
    assert (walk["elapsed_s"], walk["distance_m"], walk["avg_hr"]) == (3723.5, None, None)

    clock.advance(hours=3)
    again = _sync(config, db, clock)
    assert (again.status, again.new, again.updated, again.removed) == ("ok", 0, 0, 0)
    assert len(polar.requests) == 2 and db.count(OWNER) == 3
    state = load_state(db, OWNER, "polar")
    assert state.cursor_epoch == int(datetime(2025, 3, 4, 0, 45, tzinfo=UTC).timestamp())
    assert state.activities_brought == 3
    assert polar.violations == []


def test_what_leaves_the_30_day_window_stays_and_a_recent_deletion_goes(
    polar, config, db, clock, connected
) -> None:
    _sync(config, db, clock)
    clock.advance(days=20)  # the next listing is a full one (a week passed), reaching 30 days
    polar.add(exercise(4, datetime(2025, 3, 24, 17, 0), 120))
    del polar.exercises["2AC3002F"]
    report = _sync(config, db, clock)
    assert (report.status, report.new, report.removed) == ("ok", 1, 1)
    ids = sorted(db.activities(OWNER)["source_id"])
    assert ids == ["2AC3001F", "2AC3003F", "2AC3004F"]  # 001 is older than Polar's window


def test_an_empty_listing_explains_polars_window(polar, config, db, clock, connected) -> None:
    polar.exercises.clear()
    report = _sync(config, db, clock)
    assert (report.status, report.new) == ("ok", 0)
    assert "uploaded to Flow in the last 30 days, after you connected" in report.warnings[0]


def test_a_refused_token_asks_to_reconnect_without_a_refresh(
    polar, config, db, clock, connected
) -> None:
    polar.tokens.clear()
    report = _sync(config, db, clock)
    assert report.status == "reconnect"
    assert "reconnect Polar" in report.message
    assert [r.path for r in polar.requests] == ["/v3/exercises"]  # no token endpoint call
    assert load_state(db, OWNER, "polar").last_status == "reconnect"


def test_a_429_waits_for_the_window_polar_names(polar, config, db, clock, connected) -> None:
    polar.rate_limit_next()
    report = _sync(config, db, clock)
    assert (report.status, report.new) == ("rate_limited", 0)
    assert report.next_allowed_at == T0 + timedelta(seconds=600)
    assert load_state(db, OWNER, "polar").next_allowed_at == T0 + timedelta(seconds=600)
    assert _sync(config, db, clock).status == "waiting"
    clock.advance(minutes=10)
    assert _sync(config, db, clock).new == 3
    polar.rate_limit_next(usage="120, 5000")  # the daily window is the one exhausted
    clock.advance(hours=1)
    assert _sync(config, db, clock).next_allowed_at == clock() + timedelta(seconds=40000)


def test_disconnect_deregisters_the_user_and_deletes_the_token(
    polar, config, db, clock, connected
) -> None:
    warnings = connect.disconnect(
        config, db, OWNER, session=requests.Session(), clock=clock, sleep=print, provider="polar"
    )
    assert warnings == []
    (call,) = polar.requests
    assert (call.method, call.path) == ("DELETE", f"/v3/users/{USER_ID}")
    assert call.headers["Authorization"] == "Bearer polar-access-1"
    assert polar.registered == {} and polar.tokens == set()
    assert load_tokens(db, OWNER, "polar", FernetCipher(SECRET)) is None
    assert not connect.is_connected(config, db, OWNER, "polar")


def test_a_state_for_polar_cannot_be_passed_off_as_another_providers(config, db, clock) -> None:
    url = connect.start_url(config, OWNER, REDIRECT, clock, provider="polar")
    state = parse_qs(urlsplit(url).query)["state"][0]
    both = ApiConfig(**{**config.__dict__, "oura_app": AppCredentials("o", "s")})
    with pytest.raises(AuthError, match="not one boneload issued"):
        connect.finish(
            both, db, "c", "oura~" + state.removeprefix("polar~"), "",
            session=requests.Session(), clock=clock, sleep=print,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("PT2H44M45S", 9885.0), ("PT45M", 2700.0), ("PT1M3.5S", 63.5), ("P1DT2H", 93600.0)],
)
def test_iso_durations(text: str, seconds: float) -> None:
    assert iso_duration(text) == seconds


@pytest.mark.parametrize("text", ["PT", "2:44:45", "PT2X", ""])
def test_a_duration_that_is_not_iso_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not ISO 8601"):
        iso_duration(text)


@pytest.mark.parametrize(
    ("offset_min", "preferred", "zone"),
    [
        (120, "Europe/Helsinki", "Europe/Helsinki"),
        (180, "Europe/Helsinki", "Etc/GMT-3"),  # summer time is not in force in March
        (-300, "UTC", "Etc/GMT+5"),
        (0, "Europe/Helsinki", "UTC"),
        (330, "Asia/Kolkata", "Asia/Kolkata"),
        (345, "UTC", "UTC"),
    ],
)
def test_the_zone_stored_for_an_offset(offset_min: int, preferred: str, zone: str) -> None:
    start = datetime(2025, 3, 1, 12, tzinfo=UTC)
    assert zone_name(start, timedelta(minutes=offset_min), preferred) == zone


def test_unreadable_exercises_become_problems_and_the_rest_are_kept() -> None:
    good = exercise(5, datetime(2025, 3, 2, 9, 0), 60, sport="CYCLING")
    del good["detailed-sport-info"]
    no_duration = exercise(6, datetime(2025, 3, 2, 9, 0), 60)
    del no_duration["duration"]
    result = exercises_result([good, {"start-time": "2025-03-02T09:00:00"}, no_duration], "UTC")
    assert result.frame["sport"].to_list() == ["ride"]
    assert [(p.row, p.reason) for p in result.problems] == [
        (2, "it has no id"),
        (3, "exercise 2AC3006F has no duration"),
    ]
    no_offset = exercise_row(
        exercise(7, datetime(2025, 7, 1, 8, 0), 0, **{"start-time-utc-offset": None}),
        "America/Chicago",
    )
    assert (no_offset["start_utc"], no_offset["timezone"]) == (
        datetime(2025, 7, 1, 13, tzinfo=UTC),
        "America/Chicago",
    )
