"""Garmin account export reader: summarizedActivities units, local times, nested FIT uploads."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from connectors import registry
from connectors.errors import BadFile
from connectors.files import garmin_export
from connectors.files.base import ImportOptions
from connectors.importing import import_bytes
from connectors.schema import validate
from connectors.store import Store

WATCH = Path(__file__).resolve().parents[2] / "fixtures" / "watch"
LONDON = ImportOptions(timezone="Europe/London")
SUMMARIES = "DI_CONNECT/DI-Connect-Fitness/me@example.com_0_summarizedActivities.json"
UPLOADS = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"

# A treadmill run as the export writes it: 10 km in 49:13.5, 7,316 steps.
TREADMILL: dict[str, Any] = {
    "activityId": 24251846565,
    "name": "Treadmill Running",
    "activityType": "treadmill_running",
    "startTimeLocal": 1788641685000,  # 2026-09-05 20:54:45 on the wall clock
    "startTimeGmt": 1788638085000,
    "beginTimestamp": 1788638085000,  # 2026-09-05 19:54:45 UTC (BST, UTC+1)
    "distance": 1000000.0,
    "duration": 2953511.962890625,
    "elapsedDuration": 2953511.962890625,
    "movingDuration": 2856871.9787597656,
    "avgHr": 141.0,
    "maxHr": 181.0,
    "elevationGain": None,
    "steps": 7316.0,
    "avgDoubleCadence": 148.640625,
    "avgGroundContactTime": 298.20001220703125,
    "calories": 2543.3421399999997,
}
HIKE: dict[str, Any] = {
    "activityId": 24245302199,
    "name": "High Peak Hiking",
    "activityType": {"typeKey": "hiking", "typeId": 3},
    "beginTimestamp": 1788598212000,
    "startTimeLocal": 1788601812000,
    "distance": 609162.98828125,
    "duration": 7512540.0390625,
    "elevationGain": 24100.0,
    "avgRunCadence": 52.5,
}
RIDE: dict[str, Any] = {
    "activityId": 24200000001,
    "activityType": "road_biking",
    "beginTimestamp": 1788500000000,
    "duration": 3600000.0,
    "distance": 3000000.0,
    "avgBikeCadence": 85.0,
    "steps": 40.0,
}
# zero_crc.fit: a run from 2024-03-02 07:30:00 UTC, 1800 s, 5000 m, HR 150, 170 spm.
FIT_RUN: dict[str, Any] = {
    "activityId": 14000000001,
    "activityType": "running",
    "beginTimestamp": int(datetime(2024, 3, 2, 7, 30, tzinfo=UTC).timestamp() * 1000),
    "duration": 1795000.0,
    "distance": 500000.0,
}


def summaries(*activities: object) -> bytes:
    return json.dumps([{"summarizedActivitiesExport": list(activities)}]).encode()


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def by_id(frame: pl.DataFrame, activity_id: str) -> dict[str, Any]:
    rows = frame.filter(pl.col("activity_id") == activity_id).to_dicts()
    assert len(rows) == 1
    return rows[0]


def test_summary_units_centimetres_milliseconds_and_calories() -> None:
    result = garmin_export.read("summaries.json", summaries(TREADMILL), LONDON)
    assert result.format == "garmin_export"
    assert validate(result.frame) == []
    run = by_id(result.frame, "garmin:24251846565")
    assert (run["source"], run["source_id"]) == ("garmin_export", "24251846565")
    assert (run["sport"], run["sport_type"], run["name"]) == (
        "run",
        "treadmill_running",
        "Treadmill Running",
    )
    assert run["distance_m"] == 10000.0
    assert run["elapsed_s"] == pytest.approx(2953.512, abs=1e-3)
    assert run["moving_s"] == pytest.approx(2856.872, abs=1e-3)
    assert run["avg_cadence_spm"] == pytest.approx(148.64, abs=0.01)  # both feet already
    assert run["steps"] == 7316
    assert run["avg_contact_ms"] == pytest.approx(298.2, abs=0.01)
    assert (run["avg_hr"], run["max_hr"]) == (141.0, 181.0)
    assert run["calories"] == pytest.approx(607.87, abs=0.01)  # 2543.34 / 4.184
    assert run["elevation_gain_m"] is None
    assert run["start_utc"] == datetime(2026, 9, 5, 19, 54, 45, tzinfo=UTC)
    assert run["start_local"] == datetime(2026, 9, 5, 20, 54, 45)
    assert run["timezone"] == "Europe/London"
    assert result.warnings == []  # BST matches the watch's +1 h


def test_type_as_object_per_leg_cadence_elevation_and_non_foot_sports() -> None:
    frame = garmin_export.read("s.json", summaries(HIKE, RIDE), LONDON).frame
    hike = by_id(frame, "garmin:24245302199")
    assert (hike["sport"], hike["sport_type"]) == ("hike", "hiking")
    assert hike["elevation_gain_m"] == 241.0
    assert hike["distance_m"] == pytest.approx(6091.63, abs=0.01)
    assert hike["avg_cadence_spm"] == 105.0  # avgRunCadence is one foot: doubled
    ride = by_id(frame, "garmin:24200000001")
    assert (ride["sport"], ride["avg_cadence_spm"], ride["steps"]) == ("ride", None, None)
    assert ride["start_local"] == datetime(2026, 9, 4, 6, 33, 20)  # no startTimeLocal: UTC+1 (BST)


def test_another_time_zone_is_kept_and_counted() -> None:
    result = garmin_export.read(
        "s.json", summaries(TREADMILL), ImportOptions(timezone="Asia/Tokyo")
    )
    assert by_id(result.frame, "garmin:24251846565")["start_local"] == datetime(
        2026, 9, 5, 20, 54, 45
    )
    assert result.warnings == [
        "1 activity was recorded in another time zone than Asia/Tokyo; their local times "
        "are kept as the watch showed them"
    ]


def test_multisport_parent_with_its_legs_is_read_through_the_legs() -> None:
    parent = {**RIDE, "activityId": 1, "activityType": "multi_sport", "childIds": [2, 3]}
    legs = [{**RIDE, "activityId": 2}, {**TREADMILL, "activityId": 3}]
    frame = garmin_export.read("s.json", summaries(parent, *legs), LONDON).frame
    assert frame["source_id"].to_list() == ["2", "3"]


@pytest.mark.parametrize(
    ("summary", "reason"),
    [
        ({**TREADMILL, "activityId": None}, "activity 2: it has no activityId"),
        ({**TREADMILL, "activityType": None}, "activity 2: it has no activityType"),
        ({**TREADMILL, "beginTimestamp": None, "startTimeGmt": None}, "activity 2: it has no b"),
        ({**TREADMILL, "beginTimestamp": -2177452800000}, "activity 2: it starts before 1970"),
        ({**TREADMILL, "elapsedDuration": -1000}, "activity 2: a duration of -1 s is impossible"),
        ({**TREADMILL, "distance": 5e12}, "activity 2: a distance of 5e+10 m is impossible"),
        ({**TREADMILL, "avgHr": "high"}, "activity 2: avgHr is 'high', not a number"),
        ({**TREADMILL, "beginTimestamp": 1e300}, "activity 2: beginTimestamp 1e+300 is not a time"),
    ],
)
def test_a_bad_summary_is_a_problem_and_the_others_stay(summary: object, reason: str) -> None:
    result = garmin_export.read("s.json", summaries(HIKE, summary), LONDON)
    assert result.frame["source_id"].to_list() == ["24245302199"]
    assert [p.reason[: len(reason)] for p in result.problems] == [reason]


def export_zip(**extra: bytes) -> bytes:
    parts = make_zip(
        {
            "zero_crc.fit": (WATCH / "zero_crc.fit").read_bytes(),
            "broken.fit": (WATCH / "undefined_local_message.fit").read_bytes(),
            "deeper.zip": make_zip({"x.fit": b"x"}),
        }
    )
    members = {
        "DI_CONNECT/DI-Connect-User/user_profile.json": b"{}",
        SUMMARIES: summaries(TREADMILL, FIT_RUN),
        UPLOADS: parts,
    }
    return make_zip({**members, **extra})


def test_export_zip_reads_summaries_and_the_uploaded_fit_files() -> None:
    data = export_zip()
    assert registry.detect("export.zip", data).name == "garmin_export"
    result = garmin_export.read("export.zip", data, LONDON)
    assert sorted(result.frame["source"].to_list()) == ["fit", "garmin_export", "garmin_export"]
    fit_row = result.frame.filter(pl.col("source") == "fit").row(0, named=True)
    assert (fit_row["elapsed_s"], fit_row["distance_m"], fit_row["avg_hr"]) == (
        1800.0,
        5000.0,
        150.0,
    )
    assert sorted(str(p) for p in result.problems) == [
        f"export.zip/{UPLOADS}/broken.fit: the FIT file is malformed: FIT parsing error @ 37: "
        "local message 11 not defined",
        f"export.zip/{UPLOADS}/deeper.zip: an archive inside an archive inside the upload: "
        "nested deeper than one level, not opened (unpack it and import the files inside)",
    ]


def test_the_store_merges_the_fit_file_into_its_summary(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    try:
        summary = import_bytes(
            store, "export.zip", export_zip(), LONDON, datetime(2027, 1, 1), owner="local"
        )
        assert (summary.new, summary.merged, summary.status) == (2, 1, "partial")
        stored = store.activities(owner="local")
        assert sorted(stored["activity_id"].to_list()) == [
            "garmin:14000000001",
            "garmin:24251846565",
        ]
        merged = by_id(stored, "garmin:14000000001")
        assert merged["avg_cadence_spm"] == 170.0  # from the FIT file
        assert merged["avg_hr"] == 150.0
    finally:
        store.close()


def test_zip_without_summaries_is_not_a_garmin_export() -> None:
    data = make_zip({"DI_CONNECT/DI-Connect-User/user_profile.json": b"{}"})
    with pytest.raises(BadFile, match="not a Garmin account export"):
        garmin_export.read("export.zip", data, LONDON)


def test_a_broken_summary_file_in_the_zip_is_a_problem() -> None:
    other = "DI_CONNECT/DI-Connect-Fitness/me@example.com_1001_summarizedActivities.json"
    result = garmin_export.read("export.zip", export_zip(**{other: b"[{"}), LONDON)
    assert f"export.zip/{other}: not valid JSON" in [
        str(p)[: len(other) + 27] for p in result.problems
    ]
    assert result.frame.filter(pl.col("source") == "garmin_export").height == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'[{"other": []}]', "not a Garmin summarizedActivities file"),
        (b'[{"summarizedActivitiesExport": {"a": 1}}]', "not a Garmin summarizedActivities file"),
        (b"[{" * 60_000, "not valid JSON|nested too deeply"),
    ],
)
def test_a_bare_file_that_is_not_a_summary_file_is_bad(data: bytes, message: str) -> None:
    with pytest.raises(BadFile, match=message):
        garmin_export.read("s.json", data, LONDON)


def test_sniff() -> None:
    assert garmin_export.sniff("s.json", summaries(TREADMILL)) is True
    assert garmin_export.sniff("s.json", b'[{"logId": 1}]') is False
    assert garmin_export.sniff("e.zip", export_zip()[:65536]) is True
    assert garmin_export.sniff("e.zip", make_zip({"run.fit": b"1"})) is False


def test_the_uploaded_fit_files_bring_their_samples_and_laps(tmp_path: Path) -> None:
    from connectors.store import streams as stored_streams

    sample = WATCH.parents[2] / ".." / "shared" / "samples" / "fit"
    run = sample / "fitdecode_activity-small-fenix2-run.fit"
    if not run.exists():
        pytest.skip(f"sample {run} is absent")
    parts = make_zip({"run.fit": run.read_bytes()})
    data = make_zip({SUMMARIES: summaries(TREADMILL), UPLOADS: parts})
    result = garmin_export.read("export.zip", data, LONDON)
    fit_row = result.frame.filter(pl.col("source") == "fit").row(0, named=True)
    assert [(s.source, s.source_id) for s in result.streams] == [("fit", fit_row["source_id"])]
    assert result.streams[0].laps.height == 4
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    try:
        import_bytes(store, "export.zip", data, LONDON, datetime(2027, 1, 1), owner="local")
        assert stored_streams.of_activity(store, fit_row["activity_id"], "local") is not None
    finally:
        store.close()
