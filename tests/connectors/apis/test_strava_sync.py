"""Syncing a fake Strava on 127.0.0.1 into a real SQLite store: the scenarios of issue 5."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from connectors.apis.feed import FeedPage
from connectors.apis.strava import StravaClient
from connectors.apis.tokens import FernetCipher
from connectors.files.base import ReadResult
from connectors.store import Store
from connectors.store.connections import load_state, load_tokens
from connectors.sync import sync
from tests.connectors.apis.conftest import OWNER, SECRET
from tests.connectors.apis.fake_strava import BIG_ID, FakeClock, FakeStrava

FIRST = datetime(2022, 1, 1, 6, 30, tzinfo=UTC)


def _activity_calls(fake: FakeStrava) -> list[dict[str, str]]:
    return [r.query for r in fake.requests if r.path == "/api/v3/athlete/activities"]


def _stored_tokens(db: Store):
    return load_tokens(db, OWNER, "strava", FernetCipher(SECRET))


def _links(db: Store) -> pl.DataFrame:
    return db.sources(OWNER).filter(pl.col("source") == "strava_api")


def test_first_sync_brings_1000_activities_over_5_pages(fake, db, clock, connect, client_for):
    fake.add_runs(1000, FIRST)
    connect()
    report = sync(db, client_for(), OWNER, clock)
    assert (report.status, report.new, report.merged, report.pages) == ("ok", 1000, 0, 5)
    assert _activity_calls(fake) == [
        {"per_page": "200", "page": str(page), "after": "0"} for page in range(1, 7)
    ]
    assert {r.authorization for r in fake.requests} == {"Bearer access-1"}
    assert [r.path for r in fake.requests].count("/api/v3/athlete") == 1  # gear, once per sync
    assert fake.violations == []
    stored = db.activities(OWNER)
    assert stored.height == 1000
    first = stored.row(0, named=True)
    assert first["activity_id"] == f"strava:{BIG_ID}"
    assert first["source_id"] == str(BIG_ID)
    assert first["gear"] == "Brooks Ghost 15"
    assert first["start_utc"] == FIRST
    assert first["start_local"] == datetime(2021, 12, 31, 22, 30)
    assert first["timezone"] == "America/Los_Angeles"
    assert first["avg_cadence_spm"] == 169.0
    state = load_state(db, OWNER, "strava")
    last_start = FIRST + timedelta(days=999)
    assert state.cursor_epoch == int(last_start.timestamp())
    assert (state.activities_brought, state.last_status, state.resume_page) == (1000, "ok", None)
    assert state.last_full_sync_at == clock()
    assert report.next_allowed_at is None


def test_a_later_sync_asks_only_for_what_is_new_with_a_day_of_overlap(
    fake, db, clock, connect, client_for
):
    fake.add_runs(300, FIRST)
    connect()
    sync(db, client_for(), OWNER, clock)
    fake.requests.clear()
    newest = FIRST + timedelta(days=299)
    fake.add_runs(3, newest + timedelta(hours=5), every=timedelta(hours=2))
    clock.advance(hours=1)
    report = sync(db, client_for(), OWNER, clock)
    after = int(newest.timestamp()) - 86400
    assert _activity_calls(fake) == [
        {"per_page": "200", "page": "1", "after": str(after)},
        {"per_page": "200", "page": "2", "after": str(after)},
    ]
    assert (report.status, report.new, report.updated, report.removed) == ("ok", 3, 0, 0)
    assert db.count(OWNER) == 303
    assert load_state(db, OWNER, "strava").activities_brought == 303


def test_a_token_expiring_mid_sync_is_refreshed_and_the_newest_refresh_token_kept(
    fake, db, clock, connect, client_for
):
    fake.add_runs(1000, FIRST)
    connect(timedelta(minutes=12))
    fake.seconds_per_request = 120
    report = sync(db, client_for(), OWNER, clock)
    assert (report.status, report.new) == ("ok", 1000)
    refreshes = [r.form for r in fake.requests if r.path == "/oauth/token"]
    assert refreshes == [
        {
            "client_id": "1234",
            "client_secret": "app-secret-not-real",
            "grant_type": "refresh_token",
            "refresh_token": "refresh-1",
        }
    ]
    bearers = [r.authorization for r in fake.requests if r.path.startswith("/api")]
    assert bearers[:3] == ["Bearer access-1"] * 3
    assert bearers[-1] == "Bearer access-2"
    stored = _stored_tokens(db)
    assert (stored.access_token, stored.refresh_token) == ("access-2", "refresh-2")
    assert fake.refresh_tokens == {"refresh-2"}  # the old one was rotated away


def test_a_token_refused_early_is_refreshed_once_and_the_sync_goes_on(
    fake, db, clock, connect, client_for
):
    fake.add_runs(450, FIRST)
    connect()

    def drop_access_after_page_2(seen) -> None:
        if seen.query.get("page") == "2":
            fake.access.pop("access-1", None)

    fake.after_request = drop_access_after_page_2
    report = sync(db, client_for(), OWNER, clock)
    assert (report.status, report.new) == ("ok", 450)
    assert [r.path for r in fake.requests].count("/oauth/token") == 1
    assert _stored_tokens(db).refresh_token == "refresh-2"


def test_stopping_before_the_read_limit_and_resuming_in_the_next_window(
    fake, db, clock, connect, client_for
):
    fake.add_runs(1000, FIRST)
    connect()
    fake.usage["read"] = [93, 400]
    report = sync(db, client_for(), OWNER, clock)
    window = datetime(2025, 3, 5, 10, 15, tzinfo=UTC)
    assert (report.status, report.new, report.next_allowed_at) == ("rate_limited", 600, window)
    assert "10:15 UTC" in report.message
    assert len(_activity_calls(fake)) == 3  # the 4th page was never asked for
    state = load_state(db, OWNER, "strava")
    assert (state.resume_page, state.next_allowed_at, state.last_status) == (
        4,
        window,
        "rate_limited",
    )

    fake.requests.clear()
    waiting = sync(db, client_for(), OWNER, clock)
    assert (waiting.status, waiting.next_allowed_at, fake.requests) == ("waiting", window, [])

    clock.now = window
    fake.usage["read"][0] = fake.usage["overall"][0] = 0  # the 15-minute window reset
    resumed = sync(db, client_for(), OWNER, clock)
    assert (resumed.status, resumed.new) == ("ok", 400)
    assert [q["page"] for q in _activity_calls(fake)] == ["3", "4", "5", "6"]
    assert db.count(OWNER) == 1000
    assert _links(db).height == 1000
    assert load_state(db, OWNER, "strava").activities_brought == 1000


@pytest.mark.parametrize(
    ("usage", "until"),
    [
        ([100, 500], datetime(2025, 3, 5, 10, 15, tzinfo=UTC)),
        ([3, 1000], datetime(2025, 3, 6, 0, 0, tzinfo=UTC)),
    ],
)
def test_a_429_reports_when_the_window_reopens(fake, db, clock, connect, client_for, usage, until):
    fake.add_runs(10, FIRST)
    connect()
    fake.usage["read"] = usage
    report = sync(db, client_for(), OWNER, clock)
    assert (report.status, report.next_allowed_at, report.new) == ("rate_limited", until, 0)
    assert load_state(db, OWNER, "strava").next_allowed_at == until


def test_a_500_is_retried_after_a_backoff(fake, db, clock, connect, client_for, sleeps):
    fake.add_runs(250, FIRST)
    connect()
    fake.fail_next("/api/v3/athlete/activities", 500)
    fake.fail_next("/api/v3/athlete/activities", 503)
    report = sync(db, client_for(), OWNER, clock)
    assert (report.status, report.new) == ("ok", 250)
    assert sleeps == [2.0, 4.0]


def test_a_server_that_stays_down_ends_the_sync_with_an_error(
    fake, db, clock, connect, client_for, sleeps
):
    fake.add_runs(5, FIRST)
    connect()
    for _ in range(4):
        fake.fail_next("/api/v3/athlete/activities", 503)
    report = sync(db, client_for(), OWNER, clock)
    assert report.status == "error"
    assert "HTTP 503" in report.message
    assert sleeps == [2.0, 4.0, 8.0]
    assert load_state(db, OWNER, "strava").last_status == "error"


def test_a_revoked_grant_asks_to_reconnect(fake, db, clock, connect, client_for):
    fake.add_runs(5, FIRST)
    connect()
    fake.revoke_all()
    report = sync(db, client_for(), OWNER, clock)
    assert report.status == "reconnect"
    assert "reconnect Strava" in report.message
    state = load_state(db, OWNER, "strava")
    assert (state.last_status, db.count(OWNER)) == ("reconnect", 0)
    assert "reconnect Strava" in state.last_error


class _Killed(RuntimeError):
    pass


class _DiesAfter:
    """The client's pages, then a crash when page `after_page + 1` is due."""

    def __init__(self, client: StravaClient, after_page: int) -> None:
        self.client, self.after_page = client, after_page
        self.provider, self.source = client.provider, client.source

    def pages(self, after: datetime | None, first_page: int) -> Iterator[FeedPage]:
        for page in self.client.pages(after, first_page):
            yield page
            if page.number == self.after_page:
                raise _Killed("the process was killed")


def test_a_sync_killed_midway_and_run_again_loses_nothing_and_doubles_nothing(
    fake, db, clock, connect, client_for
):
    fake.add_runs(1000, FIRST)
    connect()
    with pytest.raises(_Killed):
        sync(db, _DiesAfter(client_for(), 2), OWNER, clock)
    assert db.count(OWNER) == 400
    assert load_state(db, OWNER, "strava").resume_page == 3
    fake.requests.clear()
    report = sync(db, client_for(), OWNER, clock)
    assert (report.status, report.new) == ("ok", 600)
    assert [q["page"] for q in _activity_calls(fake)] == ["2", "3", "4", "5", "6"]
    assert db.count(OWNER) == 1000
    links = _links(db)
    assert links.height == 1000 and links["source_id"].n_unique() == 1000
    assert load_state(db, OWNER, "strava").activities_brought == 1000


def test_activities_deleted_upstream_leave_unless_an_export_also_brought_them(
    fake, db, clock, connect, client_for
):
    fake.add_runs(250, FIRST)
    connect()
    sync(db, client_for(), OWNER, clock)
    exported = db.activities(OWNER).filter(pl.col("source_id") == str(BIG_ID + 7))
    db.ingest(
        ReadResult("strava_export", exported.with_columns(source=pl.lit("strava_export"))),
        "activities.csv",
        OWNER,
    )
    for n in (7, 100, 249):
        del fake.activities[BIG_ID + n]
    report = sync(db, client_for(), OWNER, clock, full=True)
    assert (report.status, report.removed) == ("ok", 3)
    ids = set(db.activities(OWNER)["source_id"])
    assert db.count(OWNER) == 248
    assert str(BIG_ID + 7) in ids  # the export still feeds it
    assert {str(BIG_ID + 100), str(BIG_ID + 249)}.isdisjoint(ids)
    assert str(BIG_ID + 7) not in set(_links(db)["source_id"])


def test_a_recent_deletion_is_seen_by_an_incremental_sync(fake, db, clock, connect, client_for):
    fake.add_runs(20, FIRST)
    connect()
    sync(db, client_for(), OWNER, clock)
    fake.add_runs(2, FIRST + timedelta(days=20))
    del fake.activities[BIG_ID + 19]
    report = sync(db, client_for(), OWNER, clock)
    assert (report.new, report.removed) == (2, 1)
    assert str(BIG_ID + 19) not in set(db.activities(OWNER)["source_id"])
    assert db.count(OWNER) == 21


def test_an_activity_renamed_upstream_is_updated(fake: FakeStrava, db, clock, connect, client_for):
    fake.add_runs(30, FIRST)
    connect()
    sync(db, client_for(), OWNER, clock)
    fake.activities[BIG_ID + 29].update(name="Hill repeats", gear_id="g778", distance=8000.0)
    fake.activities[BIG_ID + 2].update(name="An old run, renamed")
    report = sync(db, client_for(), OWNER, clock)
    assert (report.new, report.updated) == (0, 1)
    changed = (
        db.activities(OWNER).filter(pl.col("source_id") == str(BIG_ID + 29)).row(0, named=True)
    )
    assert (changed["name"], changed["gear"], changed["distance_m"]) == (
        "Hill repeats",
        "Hoka Speedgoat",
        8000.0,
    )
    full = sync(db, client_for(), OWNER, clock, full=True)
    assert full.updated == 1
    old = db.activities(OWNER).filter(pl.col("source_id") == str(BIG_ID + 2))
    assert old["name"].to_list() == ["An old run, renamed"]


def test_a_full_listing_runs_again_after_a_week(fake, db, clock: FakeClock, connect, client_for):
    fake.add_runs(5, FIRST)
    connect()
    sync(db, client_for(), OWNER, clock)
    clock.advance(days=8)
    connect()
    fake.requests.clear()
    sync(db, client_for(), OWNER, clock)
    assert _activity_calls(fake)[0]["after"] == "0"


def test_sync_updates_and_deletions_on_sqlite_and_postgres(fake, clock, config, store_url):
    import requests

    from connectors.apis import registry
    from connectors.apis.tokens import Tokens
    from connectors.store.connections import save_tokens

    store = Store(store_url)
    try:
        fake.add_runs(250, FIRST)
        access, refresh, expires = fake.grant()
        tokens = Tokens(access, refresh, expires, "read,activity:read_all", "4242")
        save_tokens(store, OWNER, "strava", tokens, FernetCipher(SECRET), clock())

        def client():
            return registry.strava_client(config, store, OWNER, requests.Session(), clock, print)

        assert sync(store, client(), OWNER, clock).new == 250
        fake.activities[BIG_ID + 3]["name"] = "Renamed"
        del fake.activities[BIG_ID + 4]
        report = sync(store, client(), OWNER, clock, full=True)
        assert (report.updated, report.removed, store.count(OWNER)) == (1, 1, 249)
        assert load_state(store, OWNER, "strava").cursor_epoch == int(
            (FIRST + timedelta(days=249)).timestamp()
        )
    finally:
        store.close()
