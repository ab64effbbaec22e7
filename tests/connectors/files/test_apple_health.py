"""Apple Health reader: both workout forms, time zones, units, zip and bare XML, bad workouts.
Hostile and damaged files, streaming memory and junk are in test_apple_health_safety.py."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from connectors import registry
from connectors.errors import BadFile, UnsafeFile
from connectors.files import apple_health
from connectors.files.apple_health_workout import DISTANCE_M, measure, sport
from connectors.files.base import ImportOptions
from tests.connectors.files.apple_health_builders import (
    NEW_WALK,
    OLD_RUN,
    RECORD,
    SAMPLES,
    UTC_OPTIONS,
    export,
    rows,
    workout,
    zipped,
)


def test_old_attribute_form_with_units() -> None:
    (row,) = rows(export(RECORD, OLD_RUN))
    assert (row["sport"], row["sport_type"], row["source"]) == ("run", "Running", "apple_health")
    assert row["start_utc"] == datetime.fromisoformat("2019-03-02T13:00:00+00:00")
    assert row["start_local"] == datetime(2019, 3, 2, 8, 0)
    assert row["timezone"] == "America/New_York"
    assert row["elapsed_s"] == 32 * 60  # start to end, pauses included
    assert row["moving_s"] == 30.5 * 60
    assert row["distance_m"] == pytest.approx(3.1 * 1609.344)
    assert row["calories"] == pytest.approx(300.0, abs=0.01)  # 1255.2 kJ
    assert row["elevation_gain_m"] == pytest.approx(12.5)
    assert row["avg_hr"] is None and row["steps"] is None
    assert row["activity_id"] == f"apple_health:{row['source_id']}"


def test_ios16_statistics_form() -> None:
    (row,) = rows(export(NEW_WALK))
    assert row["sport"] == "walk"
    assert row["moving_s"] == 2700.0  # 0.75 hr
    assert row["elapsed_s"] == 3000.0
    assert row["distance_m"] == pytest.approx(4400 * 0.9144)
    assert (row["avg_hr"], row["max_hr"]) == (104.5, 121.0)
    assert row["calories"] == 210.5
    assert row["steps"] == 5400
    assert row["avg_cadence_spm"] == pytest.approx(120.0)  # 5400 steps / 45 active minutes
    assert row["start_local"] == datetime(2025, 9, 16, 17, 14, 50)  # Paris summer time


def test_statistics_inside_workout_activities_are_combined() -> None:
    activity = (
        '  <WorkoutActivity duration="{d}" durationUnit="min">\n'
        '   <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" sum="{km}" '
        'unit="km"/>\n'
        '   <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" average="{hr}" '
        'maximum="{mx}" unit="count/min"/>\n'
        '   <WorkoutStatistics type="HKQuantityTypeIdentifierRunningGroundContactTime" '
        'average="0.25" unit="s"/>\n'
        "  </WorkoutActivity>\n"
    )
    body = activity.format(d=10, km=2, hr=120, mx=150) + activity.format(d=30, km=5, hr=160, mx=171)
    start, end = "2025-01-05 09:00:00 +0000", "2025-01-05 09:40:00 +0000"
    (row,) = rows(export(workout("Running", start, end, body)))
    assert row["distance_m"] == 7000.0
    assert row["avg_hr"] == pytest.approx(150.0)  # (120 x 10 + 160 x 30) / 40
    assert row["max_hr"] == 171.0
    assert row["avg_contact_ms"] == 250.0


def test_workout_level_statistics_win_over_activities() -> None:
    body = (
        '  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceCycling" sum="20" unit="km"/>\n'
        '  <WorkoutActivity duration="10" durationUnit="min"><WorkoutStatistics '
        'type="HKQuantityTypeIdentifierDistanceCycling" sum="3" unit="km"/></WorkoutActivity>\n'
    )
    start, end = "2025-01-05 09:00:00 +0000", "2025-01-05 10:00:00 +0000"
    (row,) = rows(export(workout("Cycling", start, end, body)))
    assert (row["sport"], row["distance_m"]) == ("ride", 20000.0)


@pytest.mark.parametrize(
    ("metadata", "options", "local", "zone"),
    [
        ("America/New_York", ImportOptions(timezone="Asia/Tokyo"), (9, 0), "America/New_York"),
        (None, ImportOptions(timezone="Asia/Tokyo"), (23, 0), "Asia/Tokyo"),
        (None, UTC_OPTIONS, (15, 0), "Etc/GMT-1"),  # the offset written in startDate
        ("Mars/Olympus_Mons", UTC_OPTIONS, (15, 0), "Etc/GMT-1"),  # not a zone: ignored
    ],
)
def test_time_zone_preference(
    metadata: str | None, options: ImportOptions, local: tuple[int, int], zone: str
) -> None:
    extra = f'  <MetadataEntry key="HKTimeZone" value="{metadata}"/>\n' if metadata else ""
    data = export(
        workout("Walking", "2025-03-01 15:00:00 +0100", "2025-03-01 15:30:00 +0100", extra)
    )
    (row,) = rows(data, options)
    assert row["start_utc"] == datetime.fromisoformat("2025-03-01T14:00:00+00:00")
    assert row["start_local"] == datetime(2025, 3, 1, *local)
    assert row["timezone"] == zone


def test_offset_that_is_not_whole_hours() -> None:
    data = export(workout("Yoga", "2025-03-01 07:00:00 +0530", "2025-03-01 07:40:00 +0530"))
    (row,) = rows(data)
    assert (row["sport"], row["sport_type"]) == ("balance", "Yoga")
    assert (row["start_local"], row["timezone"]) == (datetime(2025, 3, 1, 7, 0), "UTC+05:30")


@pytest.mark.parametrize(
    ("kind", "family", "label"),
    [
        ("HKWorkoutActivityTypeHiking", "hike", "Hiking"),
        ("HKWorkoutActivityTypeSwimming", "swim", "Swimming"),
        ("HKWorkoutActivityTypeTraditionalStrengthTraining", "strength",
         "Traditional Strength Training"),
        ("HKWorkoutActivityTypeHighIntensityIntervalTraining", "strength",
         "High Intensity Interval Training"),
        ("HKWorkoutActivityTypeWheelchairRunPace", "other", "Wheelchair Run Pace"),
        ("HKWorkoutActivityTypeStairClimbing", "other", "Stair Climbing"),
        ("", "other", "Other"),
    ],
)  # fmt: skip
def test_sport_families(kind: str, family: str, label: str) -> None:
    assert sport(kind) == (family, label)


def test_values_with_units() -> None:
    assert measure("6575 cm", DISTANCE_M) == pytest.approx(65.75)
    assert measure("1.5 km", DISTANCE_M) == 1500.0
    assert measure("61.9 degF", DISTANCE_M) is None
    assert measure("lots cm", DISTANCE_M) is None


def test_real_sample_fragments() -> None:
    if not SAMPLES.exists():
        pytest.skip(f"samples folder {SAMPLES} is absent")
    body = "".join(p.read_text() for p in sorted(SAMPLES.glob("*.xml")))
    by_sport = {r["sport"]: r for r in rows(export(body))}
    assert sorted(by_sport) == ["ride", "run", "strength", "swim", "walk"]
    run = by_sport["run"]
    assert run["start_local"] == datetime(2025, 9, 16, 17, 14, 50)  # HKTimeZone Europe/Paris
    assert run["elapsed_s"] == 3653.0
    assert run["distance_m"] == pytest.approx(8955.12)  # the whole workout, not its activity
    assert run["steps"] == 9787
    assert run["avg_contact_ms"] == 303.967
    assert (run["avg_hr"], run["max_hr"]) == (130.153, 139.0)
    assert run["elevation_gain_m"] == pytest.approx(65.75)
    assert run["calories"] == 655.465
    assert by_sport["ride"]["distance_m"] == pytest.approx(18989.5)
    assert by_sport["ride"]["elevation_gain_m"] == pytest.approx(231.78)
    assert by_sport["swim"]["distance_m"] == 750.0
    assert by_sport["swim"]["timezone"] == "Europe/Luxembourg"
    assert by_sport["walk"]["start_local"] == datetime(2018, 6, 11, 12, 46, 43)
    assert by_sport["strength"]["distance_m"] is None


def test_zip_reads_export_xml_not_export_cda() -> None:
    data = zipped(
        {
            "apple_health_export/export_cda.xml": b"<ClinicalDocument>not this</ClinicalDocument>",
            "apple_health_export/export.xml": export(OLD_RUN, NEW_WALK),
            "apple_health_export/workout-routes/route_1.gpx": b"<gpx/>",
        }
    )
    assert apple_health.sniff("export.zip", data[:65536]) is True
    assert registry.detect("export.zip", data).name == "apple_health"
    assert sorted(r["sport"] for r in rows(data, name="export.zip")) == ["run", "walk"]


def test_zip_with_a_localised_folder_name() -> None:
    data = zipped({"exportación_de_salud/export.xml": export(OLD_RUN)})
    assert [r["sport"] for r in rows(data, name="exportar.zip")] == ["run"]


def test_sniff_a_zip_whose_export_xml_comes_late() -> None:
    routes = {f"Export Santé/workout-routes/route_{n}.gpx": b"<gpx/>" * 50 for n in range(800)}
    data = zipped({**routes, "Export Santé/export.xml": export(OLD_RUN)})
    assert b"export.xml" not in data[:65536]
    assert apple_health.sniff("export.zip", data[:65536]) is True
    assert apple_health.sniff("other.zip", zipped({"routes/route_1.gpx": b"<gpx/>"})) is False
    assert [r["sport"] for r in rows(data, name="export.zip")] == ["run"]


def test_zip_without_export_xml_is_refused() -> None:
    data = zipped({"apple_health_export/export_cda.xml": b"<ClinicalDocument/>"})
    assert apple_health.sniff("export.zip", data) is True  # Apple's, but incomplete
    with pytest.raises(BadFile, match=r"without export\.xml") as caught:
        apple_health.read("export.zip", data, UTC_OPTIONS)
    assert caught.value.file == "export.zip"


def test_sniff_bare_xml() -> None:
    assert apple_health.sniff("whatever.bin", export(OLD_RUN)[:65536]) is True
    assert registry.detect("export.xml", export(OLD_RUN)).name == "apple_health"
    assert apple_health.sniff("export.xml", b'<?xml version="1.0"?><gpx version="1.1"/>') is False


def test_read_path_matches_read_and_reports_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = export(*(RECORD for _ in range(200)), OLD_RUN, *(RECORD for _ in range(200)), NEW_WALK)
    monkeypatch.setattr(apple_health, "CHUNK", 4096)
    monkeypatch.setattr(apple_health, "PROGRESS_EVERY", 20_000)
    bare, archive = tmp_path / "export.xml", tmp_path / "export.zip"
    bare.write_bytes(data)
    archive.write_bytes(zipped({"apple_health_export/export.xml": data}))
    expected = apple_health.read("export.xml", data, UTC_OPTIONS).frame
    for path in (bare, archive):
        calls: list[tuple[float, str]] = []

        def progress(fraction: float, message: str, calls: list = calls) -> None:
            calls.append((fraction, message))

        result = apple_health.read_path(path, UTC_OPTIONS, progress)
        assert result.frame.equals(expected)
        fractions = [f for f, _ in calls]
        assert len(calls) == len(data) // 20_000 + 1
        assert fractions == sorted(fractions) and fractions[-1] == 1.0
        assert calls[-1][1] == "Reading export.xml: 2 workouts"


def workout_lines(data: bytes) -> list[int]:
    """The 1-based line of each <Workout> start tag, counted independently of the reader."""
    return [n for n, line in enumerate(data.decode().splitlines(), 1) if "<Workout " in line]


def test_bad_workouts_become_problems_naming_them() -> None:
    data = export(
        OLD_RUN,
        workout("Running", "", "2025-01-01 10:00:00 +0000"),
        workout("Running", "2025-01-01 10:00:00 +0000", "2025-01-12 10:00:00 +0000"),
        workout("Walking", "1901-01-01 10:00:00 +0000", "1901-01-01 11:00:00 +0000"),
        OLD_RUN,  # the same workout again
    )
    lines = workout_lines(data)
    assert lines == [20, 28, 30, 32, 34]
    result = apple_health.read("export.xml", data, UTC_OPTIONS)
    assert result.frame.height == 1
    assert [p.reason for p in result.problems] == [
        "Workout #2 (line 28): no readable start date (''); skipped",
        "Workout #3 (line 30): a duration of 950400 s is not plausible; skipped",
        "Workout #4 (line 32): the start date 1901-01-01 is not plausible; skipped",
        "Workout #5 (line 34) repeats an earlier workout; skipped",
    ]
    assert {p.file for p in result.problems} == {"export.xml"}


def test_only_bad_workouts_or_none_is_a_bad_file() -> None:
    with pytest.raises(BadFile, match="no workout could be read: Workout #1"):
        apple_health.read("e.xml", export(workout("Running", "x", "y")), UTC_OPTIONS)
    with pytest.raises(BadFile, match="holds no workouts"):
        apple_health.read("e.xml", export(RECORD), UTC_OPTIONS)


def test_hostile_sizes_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apple_health, "MAX_WORKOUTS", 2)
    times = [f"2025-01-0{d} 10:00:00 +0000" for d in (1, 2, 3, 4)]
    many = [workout("Running", times[n], times[n + 1]) for n in range(3)]
    with pytest.raises(UnsafeFile, match="more than 2 workouts"):
        apple_health.read("e.xml", export(*many), UTC_OPTIONS)
    monkeypatch.setattr(apple_health, "MAX_KEPT", 2)
    stats = "".join(
        f'  <WorkoutStatistics type="HKQuantityTypeIdentifier{kind}" sum="{n}" unit="{unit}"/>\n'
        for kind, n, unit in (
            ("StepCount", 5, "count"),
            ("DistanceWalkingRunning", 5, "km"),
            ("DistanceCycling", 9, "km"),  # would be chosen first (sorted) if it were kept
        )
    )
    (row,) = rows(export(workout("Running", times[0], times[1], stats)))
    assert (row["steps"], row["distance_m"]) == (5, 5000.0)  # the first two kept, the third not


def test_soft_limits_empty_a_glitch_not_the_workout() -> None:
    extra = (
        '  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" average="400" '
        'unit="count/min"/>\n'
    )
    data = export(
        workout("Running", "2025-01-01 10:00:00 +0000", "2025-01-01 10:30:00 +0000", extra)
    )
    result = apple_health.read("e.xml", data, UTC_OPTIONS)
    assert result.frame["avg_hr"].to_list() == [None]
    assert workout_lines(data) == [20]
    assert result.warnings == [
        "e.xml, Workout #1 (line 20): avg_hr 400 is outside 20..250; left empty"
    ]
