"""Strava export rows filled from their own FIT, GPX and TCX files (fixtures: tests/fixtures/watch,
whose INDEX.md lists what each file yields)."""

from __future__ import annotations

import gzip
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from connectors.errors import BadFile
from connectors.files import strava_enrich
from connectors.files.base import ImportOptions
from connectors.files.strava_export import read, read_activities_csv, uploads
from connectors.schema import validate

WATCH = Path(__file__).resolve().parents[2] / "fixtures" / "watch"
OPTIONS = ImportOptions(timezone="Europe/Ljubljana")
HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename,"
    "Moving Time,Distance,Max Heart Rate,Average Heart Rate,Average Cadence,Elevation Gain\n"
)
ROWS = (
    '101,"Mar 2, 2024, 7:30:00 AM",FIT run,Run,240,0.70,activities/9001.fit.gz,240,700.0,,141,,\n'
    '102,"Mar 2, 2024, 7:30:00 AM",GPX run,Run,240,0.44,activities/9002.gpx,,,,,83,\n'
    '103,"Mar 2, 2024, 7:30:00 AM",TCX run,Run,510,1.70,activities/9003.tcx.gz,,,,,,\n'
    '104,"Mar 4, 2024, 7:30:00 AM",Missing,Run,600,2.0,activities/9004.fit.gz,,,,,,\n'
    '105,"Mar 5, 2024, 7:30:00 AM",Broken,Run,600,2.0,activities/9005.fit.gz,,,,,,\n'
    '106,"Mar 6, 2024, 7:30:00 AM",Manual,Run,600,2.0,,,,,,,\n'
    '107,"Mar 2, 2024, 7:50:00 AM",Ride leg,Ride,1800,12.0,activities/9007.fit,,,,,,\n'
)


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def export(root: str = "") -> bytes:
    fit_gz = gzip.compress((WATCH / "run_no_session.fit").read_bytes())
    return make_zip(
        {
            f"{root}activities.csv": (HEADER + ROWS).encode(),
            f"{root}activities/9001.fit.gz": fit_gz,
            f"{root}activities/9002.gpx": (WATCH / "strava_run.gpx").read_bytes(),
            f"{root}activities/9003.tcx.gz": gzip.compress(
                (WATCH / "run_two_laps.tcx").read_bytes()
            ),
            f"{root}activities/9005.fit.gz": fit_gz[: len(fit_gz) // 2],
            f"{root}activities/9007.fit": (WATCH / "walk_and_ride.fit").read_bytes(),
            f"{root}profile.csv": b"Athlete ID\n1\n",
        }
    )


def by_id(frame: pl.DataFrame, source_id: str) -> dict[str, Any]:
    rows = frame.filter(pl.col("source_id") == source_id).to_dicts()
    assert len(rows) == 1
    return rows[0]


@pytest.mark.parametrize("root", ["", "export_12345/"])
def test_rows_are_filled_from_their_files(root: str) -> None:
    result = read("export_12345.zip", export(root), OPTIONS)
    assert validate(result.frame) == []
    assert result.problems == []
    assert result.frame.height == 7
    fit_run = by_id(result.frame, "101")
    assert fit_run["avg_hr"] == 141.0  # the CSV's value is kept
    assert fit_run["max_hr"] == 160.0
    assert fit_run["avg_cadence_spm"] == pytest.approx(166.5)
    assert fit_run["avg_contact_ms"] == pytest.approx(245.0)
    assert fit_run["elevation_gain_m"] == pytest.approx(4.0)
    assert fit_run["steps"] is None  # the file has no step count
    gpx_run = by_id(result.frame, "102")
    assert (gpx_run["avg_hr"], gpx_run["max_hr"], gpx_run["avg_cadence_spm"]) == (
        140.0,
        160.0,
        166.0,
    )
    tcx_run = by_id(result.frame, "103")
    assert tcx_run["avg_hr"] == pytest.approx(148.0)
    assert (tcx_run["max_hr"], tcx_run["avg_cadence_spm"]) == (172.0, 168.0)
    assert tcx_run["elevation_gain_m"] == pytest.approx(6.0)
    ride = by_id(result.frame, "107")  # two sessions in the file: the ride starts at 07:50
    assert (ride["avg_hr"], ride["max_hr"], ride["avg_cadence_spm"]) == (155.0, 160.0, None)
    manual = by_id(result.frame, "106")
    assert [manual[c] for c in strava_enrich.ENRICHED] == [None] * 6
    zip_name = "export_12345.zip"
    assert result.warnings == [
        f"{zip_name}/{root}activities/9004.fit.gz: not in the archive; activity 104 keeps "
        "the values of activities.csv only",
        f"{zip_name}/{root}activities/9005.fit.gz: the gzip file is cut short (truncated "
        "download?); activity 105 keeps the values of activities.csv only",
    ]


def test_the_csv_alone_is_not_enriched() -> None:
    result = read_activities_csv("activities.csv", HEADER + ROWS, OPTIONS)
    assert by_id(result.frame, "101")["avg_contact_ms"] is None
    assert result.warnings == []


def test_uploads_maps_activity_ids_to_filenames() -> None:
    assert uploads("activities.csv", HEADER + ROWS) == {
        "101": "activities/9001.fit.gz",
        "102": "activities/9002.gpx",
        "103": "activities/9003.tcx.gz",
        "104": "activities/9004.fit.gz",
        "105": "activities/9005.fit.gz",
        "107": "activities/9007.fit",
    }


def test_a_filename_escaping_the_export_finds_nothing() -> None:
    rows = '101,"Mar 2, 2024, 7:30:00 AM",Run,Run,240,0.70,../../etc/passwd,,,,,,\n'
    data = make_zip({"activities.csv": (HEADER + rows).encode()})
    result = read("export.zip", data, OPTIONS)
    assert result.frame.height == 1
    assert result.warnings == [
        "export.zip/../../etc/passwd: not in the archive; activity 101 keeps the values of "
        "activities.csv only"
    ]


def test_file_values_refuses_what_is_no_activity_file() -> None:
    start = datetime(2024, 3, 2, 7, 30, tzinfo=UTC)
    with pytest.raises(BadFile, match="not a FIT, GPX or TCX file"):
        strava_enrich.file_values("x/1.jpg", b"\xff\xd8\xff\xe0", start, OPTIONS)
    walk = strava_enrich.file_values(
        "x/2.fit", (WATCH / "walk_and_ride.fit").read_bytes(), start, OPTIONS
    )
    assert walk == {
        "avg_cadence_spm": 111.0,
        "steps": 1600,
        "avg_contact_ms": None,
        "avg_hr": 104.0,
        "max_hr": 110.0,
        "elevation_gain_m": None,
    }


def test_rows_read_from_their_files_get_the_files_streams(tmp_path: Path) -> None:
    from connectors.importing import import_bytes
    from connectors.store import Store
    from connectors.store import streams as stored

    result = read("export_12345.zip", export(), OPTIONS)
    keys = sorted((s.source, s.source_id) for s in result.streams)
    assert keys == [("strava_export", sid) for sid in ("101", "102", "103", "107")]
    tcx_run = next(s for s in result.streams if s.source_id == "103")
    assert tcx_run.lap_count == 2  # run_two_laps.tcx
    ride = next(s for s in result.streams if s.source_id == "107")
    assert ride.samples["t_s"].min() == 0  # the ride session's own samples, from its start
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    try:
        import_bytes(store, "export.zip", export(), OPTIONS, datetime(2027, 1, 1), "local")
        activity = by_id(store.activities("local"), "103")["activity_id"]
        found = stored.of_activity(store, activity, "local")
        assert found is not None and found.lap_count == 2
    finally:
        store.close()
