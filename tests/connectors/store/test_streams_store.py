"""Stored streams (connectors/store/streams.py) on SQLite and PostgreSQL: a real FIT file's
samples and laps round-trip, attach to the activity the import resolved to (a merge too), and
go with undo of their import and delete of their activity."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from connectors import importing
from connectors.files.base import ImportOptions
from connectors.store import Store, edits
from connectors.store import streams as stored
from connectors.streams import LAP_SCHEMA, SAMPLE_SCHEMA
from tests.factories import make_activity, make_result

ROOT = Path(__file__).resolve().parents[3]
RUN = ROOT / ".." / "shared" / "samples" / "fit" / "fitdecode_activity-small-fenix2-run.fit"
TCX = ROOT / "tests" / "fixtures" / "watch" / "run_two_laps.tcx"
OPTIONS = ImportOptions(timezone="Europe/Oslo")
NOW = datetime(2026, 1, 1)


def data(path: Path) -> bytes:
    if not path.exists():
        pytest.skip(f"sample {path} is absent")
    return path.read_bytes()


def only_id(store: Store) -> str:
    ids = store.activities("local")["activity_id"].to_list()
    assert len(ids) == 1
    return ids[0]


def test_a_fit_files_samples_and_laps_round_trip(store: Store) -> None:
    read = importing.read_file(RUN.name, data(RUN), OPTIONS, NOW)
    summary = importing.import_bytes(store, RUN.name, data(RUN), OPTIONS, NOW, "local")
    assert summary.new == 1
    found = stored.of_activity(store, only_id(store), "local")
    assert found is not None
    want = read.streams[0]
    assert (found.source, found.source_id) == (want.source, want.source_id)
    assert found.samples.schema == SAMPLE_SCHEMA and found.laps.schema == LAP_SCHEMA
    assert found.samples.height == want.samples.height > 500
    assert found.samples["hr_bpm"].to_list() == [round(v) for v in want.samples["hr_bpm"]]
    assert (found.samples["lat"] - want.samples["lat"]).abs().max() <= 1e-6
    assert_frame_equal(found.laps, want.laps, check_exact=False, abs_tol=0.05)
    assert stored.of_activity(store, only_id(store), "someone else") is None


def test_reimport_keeps_one_row_and_undo_of_its_import_removes_it(store: Store) -> None:
    first = importing.import_bytes(store, RUN.name, data(RUN), OPTIONS, NOW, "local")
    again = importing.import_bytes(store, RUN.name, data(RUN), OPTIONS, NOW, "local")
    assert again.skipped == 1 and stored.count(store, "local") == 1
    assert again.import_id is not None and first.import_id is not None
    store.undo_import(again.import_id, "local")  # brought nothing: the streams stay
    assert stored.count(store, "local") == 1
    store.undo_import(first.import_id, "local")
    assert stored.count(store, "local") == 0
    assert store.count("local") == 0


def test_delete_of_the_activity_removes_its_streams(store: Store) -> None:
    importing.import_bytes(store, TCX.name, data(TCX), OPTIONS, NOW, "local")
    activity_id = only_id(store)
    assert stored.of_activity(store, activity_id, "local") is not None
    edits.delete_activity(store, activity_id, "local")
    assert stored.count(store, "local") == 0
    assert stored.of_activity(store, activity_id, "local") is None


def test_streams_attach_to_the_activity_a_file_merged_into(store: Store) -> None:
    read = importing.read_file(RUN.name, data(RUN), OPTIONS, NOW)
    row = read.frame.row(0, named=True)
    strava = make_activity(
        source="strava_export",
        source_id="987",
        start_utc=row["start_utc"],
        elapsed_s=row["elapsed_s"],
        distance_m=row["distance_m"],
        sport=row["sport"],
    )
    store.ingest(make_result([strava], "strava_export"), "export.zip", "local")
    summary = importing.import_bytes(store, RUN.name, data(RUN), OPTIONS, NOW, "local")
    assert summary.merged == 1
    found = stored.of_activity(store, strava["activity_id"], "local")
    assert found is not None and found.source == "fit" and found.laps.height == 4
    assert summary.import_id is not None
    store.undo_import(summary.import_id, "local")  # the activity stays (Strava), its FIT goes
    assert store.count("local") == 1
    assert stored.of_activity(store, strava["activity_id"], "local") is None


def test_a_csv_import_stores_no_streams(store: Store) -> None:
    store.ingest(make_result([make_activity()]), "a.csv", "local")
    assert stored.of_activity(store, only_id(store), "local") is None
    assert stored.save(store, [], "local") == 0
