"""The store on a real SQLite file and a real PostgreSQL database (see tests/conftest.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest
import sqlalchemy as sa
from polars.testing import assert_frame_equal

from connectors.errors import StoreError
from connectors.files.base import ReadResult, RowProblem
from connectors.settings import from_stored
from connectors.store import Store
from tests.connectors.store.helpers import STRAVA_ID, snapshot, strava_and_watch
from tests.factories import DEFAULT_START, daily_runs, make_activity, make_frame, make_result

# ---- values round-trip ---------------------------------------------------------------------


def test_values_round_trip_exactly(store: Store) -> None:
    chicago = make_activity(
        source="strava_export",
        source_id=STRAVA_ID,
        start_utc=datetime(2025, 7, 4, 11, 30, 15, 250_001, tzinfo=UTC),
        start_local=datetime(2025, 7, 4, 6, 30, 15, 250_001),
        timezone="America/Chicago",
        avg_cadence_spm=171.5,
        steps=2**40,
        avg_contact_ms=244.25,
        rpe=6.0,
        name='Ünïcode ☀ run, "quoted"',
    )
    bare = make_activity(
        source="garmin_csv", source_id="abc", sport="walk", sport_type="Walking",
        start_utc=datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC), distance_m=None,
        elevation_gain_m=None, avg_hr=None, max_hr=None, gear=None, calories=None,
    )  # fmt: skip
    frame = make_frame([chicago, bare])
    summary = store.ingest(ReadResult("strava_export", frame), "activities.csv", owner="local")

    assert (summary.new, summary.merged, summary.skipped, summary.status) == (2, 0, 0, "ok")
    stored = store.activities(owner="local")
    assert stored.schema == frame.schema
    assert_frame_equal(stored, frame.sort("start_utc"))
    assert stored["start_utc"].to_list()[1] == datetime(2025, 7, 4, 11, 30, 15, 250_001, tzinfo=UTC)
    assert stored.filter(pl.col("source") == "strava_export")["source_id"].item() == STRAVA_ID
    assert store.count(owner="local") == 2


def test_empty_result_logs_an_ok_import(store: Store) -> None:
    summary = store.ingest(ReadResult("strava_export"), "empty.csv", owner="local")
    assert (summary.new, summary.merged, summary.skipped, summary.status) == (0, 0, 0, "ok")
    assert store.count(owner="local") == 0
    assert [i["status"] for i in store.imports(owner="local")] == ["ok"]


# ---- de-duplication --------------------------------------------------------------------------


def test_reimporting_the_same_result_adds_and_changes_nothing(store: Store) -> None:
    result = make_result(daily_runs(5), fmt="strava_export")
    first = store.ingest(result, "activities.csv", owner="local")
    before = snapshot(store, "local")
    again = store.ingest(result, "activities.csv", owner="local")

    assert (first.new, first.merged, first.skipped) == (5, 0, 0)
    assert (again.new, again.merged, again.skipped) == (0, 0, 5)
    after = snapshot(store, "local")
    assert_frame_equal(after[0], before[0])
    assert_frame_equal(after[1], before[1])
    assert set(after[1]["import_id"].to_list()) == {first.import_id}
    assert [i["import_id"] for i in after[2]] == [again.import_id, first.import_id]


def test_same_workout_from_a_second_source_merges(store: Store) -> None:
    strava, fit = strava_and_watch()
    store.ingest(make_result([strava], "strava_export"), "activities.csv", owner="local")
    summary = store.ingest(make_result([fit], "fit"), "watch.fit", owner="local")

    assert (summary.new, summary.merged, summary.skipped) == (0, 1, 0)
    stored = store.activities(owner="local")
    assert stored.height == 1
    row = stored.row(0, named=True)
    assert row["activity_id"] == f"strava_export:{STRAVA_ID}"
    assert row["start_utc"] == DEFAULT_START  # the first source's values win...
    assert row["elapsed_s"] == 1800.0
    assert row["distance_m"] == 5000.0
    assert row["name"] == "Morning Run"
    assert row["gear"] == "Brooks Ghost 15"
    assert row["avg_cadence_spm"] == 168.0  # ...and its gaps are filled from the second
    assert row["steps"] == 5040
    sources = store.sources(owner="local").sort("source")
    assert sources.select("source", "source_id", "activity_id").rows() == [
        ("fit", "2025-03-01-13-06-35", f"strava_export:{STRAVA_ID}"),
        ("strava_export", STRAVA_ID, f"strava_export:{STRAVA_ID}"),
    ]
    # The watch file again: known, skipped.
    assert store.ingest(make_result([fit], "fit"), "watch.fit", owner="local").skipped == 1
    assert store.count(owner="local") == 1


def test_walk_and_hike_are_the_same_workout(store: Store) -> None:
    walk = make_activity(source="strava_export", sport="walk", sport_type="Walk")
    hike = make_activity(
        source="fit", source_id="h1", sport="hike", sport_type="Hiking",
        start_utc=DEFAULT_START - timedelta(seconds=40), calories=None, rpe=4.0,
    )  # fmt: skip
    store.ingest(make_result([walk]), "a.csv", owner="local")
    assert store.ingest(make_result([hike]), "b.fit", owner="local").merged == 1
    row = store.activities(owner="local").row(0, named=True)
    assert (row["sport"], row["sport_type"], row["rpe"]) == ("walk", "Walk", 4.0)
    assert store.count(owner="local") == 1


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"start_utc": DEFAULT_START + timedelta(minutes=20)}, "starts 20 min apart"),
        ({"elapsed_s": 1800.0 * 1.4}, "durations differ by 40%"),
        ({"sport": "ride", "sport_type": "Ride"}, "a ride is not a run"),
        ({"sport": "walk", "sport_type": "Walk"}, "a walk is not a run"),
    ],
)
def test_different_workouts_stay_apart(store: Store, change: dict, why: str) -> None:
    strava, fit = strava_and_watch(start_utc=DEFAULT_START, elapsed_s=1800.0)
    fit.update(change)
    store.ingest(make_result([strava]), "a.csv", owner="local")
    summary = store.ingest(make_result([fit]), "b.fit", owner="local")
    assert (summary.new, summary.merged) == (1, 0), why
    assert store.count(owner="local") == 2, why


def test_one_workout_twice_in_one_batch_is_one_activity(store: Store) -> None:
    strava, fit = strava_and_watch()
    other = make_activity(
        source="fit", source_id="next-day", start_utc=DEFAULT_START + timedelta(1)
    )
    summary = store.ingest(make_result([fit, other, strava]), "export.zip", owner="local")

    assert (summary.new, summary.merged, summary.skipped) == (2, 1, 0)
    stored = store.activities(owner="local")
    assert stored.height == 2
    first = stored.row(0, named=True)
    # The earlier start (Strava's) is the anchor; the watch fills its cadence.
    assert first["activity_id"] == f"strava_export:{STRAVA_ID}"
    assert first["avg_cadence_spm"] == 168.0
    assert sorted(store.sources(owner="local")["activity_id"].to_list()) == sorted(
        [f"strava_export:{STRAVA_ID}"] * 2 + ["fit:next-day"]
    )


def test_same_source_id_twice_in_one_batch_is_skipped(store: Store) -> None:
    row = make_activity(source_id="7")
    summary = store.ingest(
        make_result([row, dict(row, name="edited")], check=False), "a.csv", owner="local"
    )
    assert (summary.new, summary.merged, summary.skipped) == (1, 0, 1)
    assert store.activities(owner="local")["name"].to_list() == ["Morning Run"]


# ---- import log, refusals, transactions ----------------------------------------------------


def test_import_log_records_counts_errors_and_status(store: Store) -> None:
    problems = [RowProblem("activities.csv", 4, "the date 31/02/2025 does not exist")]
    partial = store.ingest(
        make_result(daily_runs(2), "strava_export", problems, ["distances look like miles"]),
        "activities.csv",
        owner="local",
    )
    failed = store.ingest(make_result([], "garmin_csv", problems), "Activities.csv", owner="local")
    refused = store.record_refusal(
        "photo.jpg", "photo.jpg: not a format boneload recognises", owner="local"
    )

    assert (partial.status, failed.status, refused.status) == ("partial", "failed", "failed")
    log = store.imports(owner="local")
    assert [i["import_id"] for i in log] == [
        refused.import_id, failed.import_id, partial.import_id,
    ]  # fmt: skip
    newest, middle, oldest = log
    assert oldest["file_name"] == "activities.csv"
    assert oldest["format"] == "strava_export"
    assert (oldest["new"], oldest["merged"], oldest["skipped"]) == (2, 0, 0)
    assert oldest["errors"] == ["activities.csv, row 4: the date 31/02/2025 does not exist"]
    assert oldest["warnings"] == ["distances look like miles"]
    assert oldest["status"] == "partial"
    assert oldest["finished_at"] >= oldest["started_at"]
    assert (middle["format"], middle["new"], middle["status"]) == ("garmin_csv", 0, "failed")
    assert newest["format"] is None
    assert newest["errors"] == ["photo.jpg: not a format boneload recognises"]
    assert store.count(owner="local") == 2


def test_a_failure_mid_ingest_leaves_the_store_as_it_was(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.ingest(make_result(daily_runs(3)), "first.csv", owner="local")
    store.save_settings({"distance_unit": "mi"}, owner="local")
    before = snapshot(store, "local")
    original = Store._apply

    def apply_then_fail(self: Store, conn: sa.Connection, *args: object) -> None:
        original(self, conn, *args)  # rows, merges and source links are written, then the
        conn.execute(sa.text("SELECT no_such_column FROM imports"))  # database fails

    monkeypatch.setattr(Store, "_apply", apply_then_fail)
    _, fit = strava_and_watch(start_utc=DEFAULT_START + timedelta(days=1, seconds=30))
    with pytest.raises(StoreError, match="the store could not be read or written"):
        store.ingest(
            make_result([*daily_runs(2, source="garmin_csv"), fit]), "second.csv", owner="local"
        )

    after = snapshot(store, "local")
    assert_frame_equal(after[0], before[0])
    assert_frame_equal(after[1], before[1])
    assert after[2] == before[2]
    assert store.load_settings(owner="local") == {"distance_unit": "mi"}


# ---- undo ------------------------------------------------------------------------------------


def test_undo_removes_only_what_that_import_alone_brought(store: Store) -> None:
    strava, fit = strava_and_watch()
    second_run = make_activity(source="strava_export", source_id="2", start_utc=DEFAULT_START
                               + timedelta(days=2))  # fmt: skip
    watch_only = make_activity(source="fit", source_id="w", start_utc=DEFAULT_START
                               + timedelta(days=4))  # fmt: skip
    first = store.ingest(make_result([strava, second_run]), "activities.csv", owner="local")
    second = store.ingest(make_result([fit, watch_only]), "watch.zip", owner="local")
    assert (second.new, second.merged) == (1, 1)

    # Undo the Strava import: its second run goes; the shared run stays, fed by the watch.
    assert store.undo_import(first.import_id, owner="local") == 1
    assert sorted(store.activities(owner="local")["activity_id"].to_list()) == [
        "fit:w", f"strava_export:{STRAVA_ID}",
    ]  # fmt: skip
    assert store.sources(owner="local").sort("source_id").select("source", "import_id").rows() == [
        ("fit", second.import_id), ("fit", second.import_id),
    ]  # fmt: skip
    assert {i["import_id"]: i["status"] for i in store.imports(owner="local")} == {
        first.import_id: "undone", second.import_id: "ok",
    }  # fmt: skip

    # Undo the watch import too: nothing is left.
    assert store.undo_import(second.import_id, owner="local") == 2
    assert store.count(owner="local") == 0
    assert store.sources(owner="local").height == 0


def test_undo_then_reimport_restores_the_same_activities(store: Store) -> None:
    strava, fit = strava_and_watch()
    store.ingest(make_result([strava]), "activities.csv", owner="local")
    watch = store.ingest(make_result([fit]), "watch.fit", owner="local")
    before = store.activities(owner="local")
    assert store.undo_import(watch.import_id, owner="local") == 0  # the merged run still has Strava
    assert store.count(owner="local") == 1
    again = store.ingest(make_result([fit]), "watch.fit", owner="local")
    assert (again.new, again.merged, again.skipped) == (0, 1, 0)
    assert_frame_equal(store.activities(owner="local"), before)


# ---- settings and shoes ----------------------------------------------------------------------


def test_settings_round_trip(store: Store) -> None:
    values = {
        "distance_unit": "mi",
        "timezone": "America/Chicago",
        "runs_per_week_target": 3,
        "weekly_increase_flag_pct": 25.5,
        "plan_start": None,
    }
    store.save_settings(values, owner="local")
    assert store.load_settings(owner="local") == values
    store.save_settings({"distance_unit": "km", "plan_start": "2025-04-07"}, owner="local")
    assert store.load_settings(owner="local") == {
        **values,
        "distance_unit": "km",
        "plan_start": "2025-04-07",
    }
    settings = from_stored(store.load_settings(owner="local"))
    assert (settings.timezone, settings.runs_per_week_target) == ("America/Chicago", 3)
    assert settings.weekly_increase_flag_pct == 25.5


def test_settings_that_cannot_be_stored_change_nothing(store: Store) -> None:
    store.save_settings({"distance_unit": "mi"}, owner="local")
    with pytest.raises(TypeError):
        store.save_settings({"distance_unit": "km", "plan_start": date(2025, 4, 7)}, owner="local")
    assert store.load_settings(owner="local") == {"distance_unit": "mi"}


def test_shoe_assignments(store: Store) -> None:
    store.assign_shoe("  Brooks Ghost 15 ", date(2025, 3, 1), date(2025, 3, 31), owner="local")
    store.assign_shoe("Hoka Clifton 9", date(2025, 1, 1), date(2025, 1, 1), owner="local")
    shoes = store.shoe_assignments(owner="local")
    assert shoes.select("gear", "start_date", "end_date").rows() == [
        ("Hoka Clifton 9", date(2025, 1, 1), date(2025, 1, 1)),
        ("Brooks Ghost 15", date(2025, 3, 1), date(2025, 3, 31)),
    ]
    with pytest.raises(StoreError, match="end date"):
        store.assign_shoe("Brooks", date(2025, 3, 2), date(2025, 3, 1), owner="local")
    hoka = shoes["assignment_id"][0]
    store.remove_shoe_assignment(hoka, owner="someone else")
    assert store.shoe_assignments(owner="local").height == 2
    store.remove_shoe_assignment(hoka, owner="local")
    assert store.shoe_assignments(owner="local")["gear"].to_list() == ["Brooks Ghost 15"]


def test_owners_are_isolated(store: Store) -> None:
    strava, fit = strava_and_watch()
    a = store.ingest(make_result([strava]), "a.csv", owner="a")
    b = store.ingest(make_result([strava, fit]), "b.csv", owner="b")
    assert (a.new, b.new, b.merged) == (1, 1, 1)  # b's copy is new to b, never skipped
    store.save_settings({"distance_unit": "mi"}, owner="a")
    store.assign_shoe("Brooks", date(2025, 3, 1), date(2025, 3, 2), owner="b")

    assert store.activities("a")["avg_cadence_spm"].to_list() == [None]
    assert store.activities("b")["avg_cadence_spm"].to_list() == [168.0]
    assert store.sources("a").height == 1 and store.sources("b").height == 2
    assert [i["import_id"] for i in store.imports("a")] == [a.import_id]
    assert (store.load_settings("b"), store.load_settings("a")) == ({}, {"distance_unit": "mi"})
    assert (store.shoe_assignments("a").height, store.shoe_assignments("b").height) == (0, 1)
    assert store.count(owner="local") == 0

    # b cannot undo a's import, nor mark it undone.
    assert store.undo_import(a.import_id, owner="b") == 0
    assert store.count("a") == 1
    assert store.imports("a")[0]["status"] == "ok"
