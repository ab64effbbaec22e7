"""intervals.icu: basic auth with the API key, one listing per sync, Strava stubs skipped."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from connectors.apis.intervals import IntervalsClient, activity_row
from connectors.errors import AuthError
from connectors.store import Store
from connectors.store.connections import load_state
from connectors.sync import sync
from tests.connectors.apis.fake_strava import T0, FakeClock

KEY = "k3y-not-real"


def _activity(n: int, start_utc: str, local: str, **extra) -> dict:
    return {
        "id": f"i{1000 + n}",
        "start_date_local": local,
        "start_date": start_utc,
        "timezone": "Europe/Amsterdam",
        "type": "Run",
        "name": f"Easy run {n}",
        "distance": 6000.0 + n,
        "moving_time": 2100,
        "elapsed_time": 2200,
        "total_elevation_gain": 12.0,
        "average_heartrate": 141,
        "max_heartrate": 160,
        "average_cadence": 82.0,
        "calories": 410,
        "icu_rpe": 4,
        "gear": {"id": "g1", "name": "Saucony Ride"},
        **extra,
    }


STUB = {
    "id": "9876543210",
    "start_date_local": "2025-02-10T07:00:00",
    "type": "Run",
    "source": "STRAVA",
    "_note": "STRAVA activities are not available via the API",
}


class FakeIntervals:
    def __init__(self, server: HTTPServer) -> None:
        self.items = [
            _activity(1, "2025-02-01T06:00:00Z", "2025-02-01T07:00:00"),
            _activity(2, "2025-02-03T06:30:00Z", "2025-02-03T07:30:00"),
            STUB,
        ]
        self.queries: list[dict[str, str]] = []
        self.auth: list[str | None] = []
        server.expect_request("/api/v1/athlete/0/activities").respond_with_handler(self.handle)
        self.url = server.url_for("/").rstrip("/")

    def handle(self, request: Request) -> Response:
        self.queries.append(dict(request.args))
        self.auth.append(request.headers.get("Authorization"))
        expected = "Basic " + base64.b64encode(f"API_KEY:{KEY}".encode()).decode()
        if request.headers.get("Authorization") != expected:
            return Response('{"status":401,"error":"Unauthorized"}', 401)
        oldest = date.fromisoformat(request.args["oldest"])
        newest = date.fromisoformat(request.args["newest"])
        listed = [
            i
            for i in self.items
            if oldest <= date.fromisoformat(i["start_date_local"][:10]) <= newest
        ]
        return Response(json.dumps(listed), 200, content_type="application/json")


@pytest.fixture
def icu(httpserver_ipv4: HTTPServer) -> FakeIntervals:
    return FakeIntervals(httpserver_ipv4)


def _client(icu: FakeIntervals, clock: FakeClock, key: str = KEY) -> IntervalsClient:
    return IntervalsClient(requests.Session(), icu.url, clock, lambda s: None, key)


def test_first_and_incremental_sync(icu: FakeIntervals, db: Store, clock: FakeClock) -> None:
    report = sync(db, _client(icu, clock), "local", clock)
    assert (report.status, report.new, report.pages) == ("ok", 2, 1)
    assert icu.queries == [{"oldest": "1970-01-01", "newest": "2025-03-06"}]
    assert "1 activities came to intervals.icu from Strava" in report.warnings[0]
    stored = db.activities("local")
    columns = ("activity_id", "source", "start_utc", "start_local", "timezone")
    assert stored.select(columns).rows() == [
        ("intervals:i1001", "intervals_api", datetime(2025, 2, 1, 6, tzinfo=UTC),
         datetime(2025, 2, 1, 7), "Europe/Amsterdam"),
        ("intervals:i1002", "intervals_api", datetime(2025, 2, 3, 6, 30, tzinfo=UTC),
         datetime(2025, 2, 3, 7, 30), "Europe/Amsterdam"),
    ]  # fmt: skip
    row = stored.row(0, named=True)
    assert (row["avg_cadence_spm"], row["gear"], row["rpe"], row["distance_m"]) == (
        164.0,
        "Saucony Ride",
        4.0,
        6001.0,
    )
    icu.items.append(_activity(3, "2025-03-04T17:00:00Z", "2025-03-04T18:00:00"))
    clock.advance(hours=2)
    again = sync(db, _client(icu, clock), "local", clock)
    assert icu.queries[-1] == {"oldest": "2025-02-02", "newest": "2025-03-06"}
    assert (again.new, db.count("local")) == (1, 3)
    assert load_state(db, "local", "intervals").activities_brought == 3


def test_a_wrong_key_asks_to_reconnect(icu: FakeIntervals, db: Store, clock: FakeClock) -> None:
    report = sync(db, _client(icu, clock, "wrong"), "local", clock)
    assert report.status == "reconnect"
    assert "intervals.icu refused" in report.message
    with pytest.raises(AuthError, match="API key"):
        _client(icu, clock, "")


def test_a_row_without_a_zone_uses_the_athletes_and_local_only_starts_are_converted() -> None:
    item = _activity(5, "", "2025-07-01T08:00:00", timezone=None)
    del item["start_date"]
    row = activity_row(item, "America/Chicago")
    assert row["timezone"] == "America/Chicago"
    assert row["start_utc"] == datetime(2025, 7, 1, 13, tzinfo=UTC)
    assert row["start_local"] == datetime(2025, 7, 1, 8)


def test_the_sync_state_is_kept_per_source(icu, db: Store, clock: FakeClock) -> None:
    sync(db, _client(icu, clock), "local", clock)
    assert load_state(db, "local", "strava").last_status is None
    assert load_state(db, "local", "intervals").last_sync_at == T0
