"""Sessions logged by hand in the store (SQLite and PostgreSQL): log, edit, delete, undo, and
one activity when the watch's file of the same run arrives later (or came first)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from connectors.errors import StoreError
from connectors.files.base import ImportOptions
from connectors.importing import import_bytes
from connectors.manual import SessionForm, build_row
from connectors.store import Store
from connectors.store.edits import (
    activity,
    delete_activity,
    edited_fields,
    log_session,
    provenance,
    update_activity,
)
from tests.factories import make_activity, make_result

TCX = Path(__file__).resolve().parents[2] / "fixtures" / "watch" / "run_two_laps.tcx"
NOW = datetime(2026, 1, 1)  # the TCX run starts 2024-03-02 07:30 UTC: 510 s, 1.7 km, HR 148


def _log(store: Store, start: str = "07:15", **values: object) -> tuple[str, int]:
    form = SessionForm(
        "2024-03-02", start, str(values.pop("type_key", "run")), values.pop("minutes", 9),
        **values,  # type: ignore[arg-type]
    )  # fmt: skip
    frame = build_row(form, timezone="UTC")
    summary = log_session(store, frame, f"logged by hand: {form.day} {form.start}", owner="local")
    assert summary.status == "ok", summary.errors
    return frame["activity_id"][0], summary.import_id  # type: ignore[return-value]


def _import_tcx(store: Store) -> object:
    return import_bytes(
        store, TCX.name, TCX.read_bytes(), ImportOptions(timezone="UTC"), NOW, owner="local"
    )


def test_log_edit_and_delete_one_session(store: Store) -> None:
    activity_id, import_id = _log(store, distance=1.5, rpe=6, pain=3, note="left shin <i>sore</i>")
    assert [(i["file_name"], i["format"], i["new"]) for i in store.imports(owner="local")] == [
        ("logged by hand: 2024-03-02 07:15", "manual", 1)
    ]
    assert _log_again_is_skipped(store)
    form = SessionForm("2024-03-02", "07:20", "run", 12, 2.0, None, 5, 1, "better")
    edited = build_row(form, timezone="UTC").row(0, named=True)
    changes = {k: edited[k] for k in ("start_utc", "start_local", "elapsed_s", "distance_m",
                                      "rpe", "pain", "note")}  # fmt: skip
    update_activity(store, activity_id, changes, owner="local")
    stored = activity(store, activity_id, owner="local")
    assert stored is not None
    assert (stored["elapsed_s"], stored["distance_m"], stored["pain"], stored["note"]) == (
        720.0, 2000.0, 1.0, "better",
    )  # fmt: skip
    assert stored["start_utc"] == datetime(2024, 3, 2, 7, 20, tzinfo=UTC)
    update_activity(
        store, activity_id, {"sport": "walk", "gear": "Hoka", "name": "Hill walk"}, owner="local"
    )
    assert store.activities(owner="local").select("sport", "gear", "name").row(0) == (
        "walk",
        "Hoka",
        "Hill walk",
    )
    with pytest.raises(StoreError, match="unknown sport families"):
        update_activity(store, activity_id, {"sport": "karate"}, owner="local")
    with pytest.raises(StoreError, match=r"outside 0\.\.10"):
        update_activity(store, activity_id, {"pain": 12.0}, owner="local")
    with pytest.raises(StoreError, match="cannot be edited: source"):
        update_activity(store, activity_id, {"source": "fit"}, owner="local")
    with pytest.raises(StoreError, match="no activity"):
        update_activity(store, "manual:nope", {"pain": 1.0}, owner="local")
    came_from = delete_activity(store, activity_id, owner="local")
    assert [(c["source"], c["import_id"], c["file_name"]) for c in came_from] == [
        ("manual", import_id, "logged by hand: 2024-03-02 07:15")
    ]
    assert store.count(owner="local") == 0 and store.sources(owner="local").is_empty()
    with pytest.raises(StoreError, match="no activity"):
        delete_activity(store, activity_id, owner="local")


def _log_again_is_skipped(store: Store) -> bool:
    frame = build_row(SessionForm("2024-03-02", "07:15", "run", 9), timezone="UTC")
    summary = log_session(store, frame, "again", owner="local")
    return (summary.new, summary.merged, summary.skipped, store.count(owner="local")) == (
        0,
        0,
        1,
        1,
    )


def test_undo_removes_a_logged_session(store: Store) -> None:
    _log(store, start="06:00", type_key="walk", minutes=30)
    kept, _ = _log(store, start="18:00", type_key="strength", minutes=20)
    first_import = store.imports(owner="local")[-1]["import_id"]
    assert store.undo_import(first_import, owner="local") == 1
    assert store.activities(owner="local")["activity_id"].to_list() == [kept]


def test_the_watch_file_after_a_logged_run_fills_measured_values_and_keeps_the_persons(
    store: Store,
) -> None:
    activity_id, manual_import = _log(store, distance=1.5, rpe=6, pain=3, note="knee ok", reps=0)
    summary = _import_tcx(store)
    assert (summary.new, summary.merged) == (0, 1)  # typed 07:15, the watch says 07:30
    assert store.count(owner="local") == 1
    row = store.activities(owner="local").row(0, named=True)
    assert row["activity_id"] == activity_id
    assert row["start_utc"] == datetime(2024, 3, 2, 7, 30, tzinfo=UTC)
    assert (row["elapsed_s"], row["distance_m"], row["avg_hr"]) == (510.0, 1700.0, 148.0)
    assert (row["rpe"], row["pain"], row["note"], row["reps"]) == (6.0, 3.0, "knee ok", 0)
    assert sorted(p["source"] for p in provenance(store, activity_id, owner="local")) == [
        "manual",
        "tcx",
    ]
    # A second device now fills only what is empty: the watch's numbers are not replaced.
    strava = make_activity(
        source="strava_export", source_id="9", start_utc=row["start_utc"] + timedelta(seconds=20),
        elapsed_s=515.0, distance_m=1690.0, rpe=9.0, gear="Brooks",
    )  # fmt: skip
    assert store.ingest(make_result([strava]), "activities.csv", owner="local").merged == 1
    after = store.activities(owner="local").row(0, named=True)
    assert (after["distance_m"], after["rpe"], after["gear"]) == (1700.0, 6.0, "Brooks")
    # Undoing the hand-logged import keeps the activity: the watch still feeds it.
    assert store.undo_import(manual_import, owner="local") == 0
    assert store.count(owner="local") == 1


def test_a_session_logged_after_the_watch_adds_pain_and_note_without_a_second_activity(
    store: Store,
) -> None:
    _import_tcx(store)
    before = store.activities(owner="local").row(0, named=True)
    frame = build_row(
        SessionForm("2024-03-02", "07:45", "run", 10, 3.0, None, 7, 4, "shin"), timezone="UTC"
    )
    summary = log_session(store, frame, "logged by hand", owner="local")
    assert (summary.new, summary.merged) == (0, 1)
    row = store.activities(owner="local").row(0, named=True)
    assert row["activity_id"] == before["activity_id"] and store.count(owner="local") == 1
    assert (row["distance_m"], row["elapsed_s"], row["start_utc"]) == (
        1700.0, 510.0, before["start_utc"],
    )  # fmt: skip
    assert (row["rpe"], row["pain"], row["note"]) == (7.0, 4.0, "shin")


def test_a_logged_session_far_from_the_watch_run_stays_its_own(store: Store) -> None:
    _import_tcx(store)
    _log(store, start="09:00", minutes=9)  # 90 minutes after the watch's start
    _log(store, start="07:20", type_key="strength", minutes=9)  # another sport
    assert store.count(owner="local") == 3


def test_edits_are_remembered_per_field_and_forgotten_with_the_activity(store: Store) -> None:
    activity_id, _ = _log(store)
    other_id, _ = _log(store, start="18:00", type_key="walk", minutes=30)
    update_activity(store, activity_id, {"name": "Hill reps", "gear": "Hoka"}, "local")
    update_activity(store, activity_id, {"gear": "Brooks"}, "local")
    with store.engine.connect() as conn:
        assert edited_fields(conn, "local", [activity_id, other_id]) == {
            activity_id: {"name", "gear"}
        }
    delete_activity(store, activity_id, "local")
    with store.engine.connect() as conn:
        assert edited_fields(conn, "local", [activity_id]) == {}
