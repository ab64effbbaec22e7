"""Issue 2's "Done means", end to end: files on disk -> `boneload import` -> store -> `weekly`.

a) A Strava run at 19:30 on a Sunday in Chicago (01:30 on Monday in UTC) counts in that Sunday's
   ISO week when the time zone is America/Chicago.
b) A Strava export, then the watch's Garmin CSV of the same weeks, then the Strava export again:
   every workout is counted once, the run both files hold appears once with both sources, and
   what only the watch recorded is added.

The Strava files are written here with the real 103-column header (the first line of
tests/fixtures/strava/activities_2026_103.csv, copied from shared/samples/formats); the Garmin
CSV with the 2026 running header of tests/fixtures/garmin/activities_2026_km.csv. Dates are in
January 2025 so that the import's "not in the future" check holds on any clock after it.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import polars as pl
import pytest

from connectors.store import Store
from dashboard.cli import main
from tests.fixtures.strava.make_fixtures import Cells, render

ROOT = Path(__file__).resolve().parents[1]
STRAVA_HEADER = (
    (ROOT / "tests" / "fixtures" / "strava" / "activities_2026_103.csv")
    .read_text(encoding="utf-8")
    .splitlines()[0]
)
GARMIN_HEADER = (
    "Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,Max HR,Aerobic TE,"
    "Avg Run Cadence,Max Run Cadence,Avg Pace,Best Pace,Total Ascent,Total Descent,"
    "Avg Stride Length,Training Stress Score®,Steps,Decompression,Best Lap Time,Number of Laps,"
    "Moving Time,Elapsed Time,Min Elevation,Max Elevation"
)
CHICAGO = "America/Chicago"


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def strava_run(activity_id: str, when_utc: str, metres: float, seconds: float) -> Cells:
    """One Strava activities.csv row as the 2026 export writes a run."""
    return {
        "Activity ID": activity_id,
        "Activity Date": when_utc,
        "Activity Name": "Evening Run",
        "Activity Type": "Run",
        ("Elapsed Time", 0): str(int(seconds)),
        ("Distance", 0): f"{metres / 1000:.2f}",
        "Activity Gear": "Brooks Ghost 15",
        ("Elapsed Time", 1): f"{seconds:.1f}",
        "Moving Time": f"{seconds - 20:.1f}",
        ("Distance", 1): f"{metres:.1f}",
        "Average Heart Rate": "148.0",
    }


def garmin_row(kind: str, local: str, title: str, km: str, time: str, steps: str) -> list[str]:
    """One Garmin Connect Activities.csv row: quoted values, thousands separators, "--"."""
    cadence = "166" if kind == "Running" else "112"
    return [
        kind, local, "false", title, km, "412", time, "147", "170", "3.1", cadence, "180",
        "6:00", "5:10", "--", "--", "1.01", "0.0", steps, "No", "00:05:00", "5", time, time,
        "--", "--",
    ]  # fmt: skip


def garmin_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow(row)
    return (GARMIN_HEADER + "\r\n" + out.getvalue()).encode("utf-8")


def weekly(url: str) -> dict[str, dict]:
    code, out, _ = cli("weekly", "--format", "json", "--db", url)
    assert code == 0
    return {row["week"]: row for row in json.loads(out)}


# ---- a) the local day ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("timezone", "week", "local_start"),
    [
        (CHICAGO, "2025-W02", "2025-01-12T19:30:00"),  # Sunday evening: the week of 6-12 Jan
        ("UTC", "2025-W03", "2025-01-13T01:30:00"),  # the control: Monday in UTC
    ],
)
def test_a_sunday_evening_run_in_chicago_counts_in_sundays_week(
    tmp_path: Path, sqlite_url: str, timezone: str, week: str, local_start: str
) -> None:
    csv_path = tmp_path / "activities.csv"
    row = strava_run("30000000001", "Jan 13, 2025, 1:30:00 AM", 5010.0, 1812.0)
    csv_path.write_text(render(STRAVA_HEADER, [row]), encoding="utf-8")

    code, out, _ = cli("import", str(csv_path), "--tz", timezone, "--db", sqlite_url)
    assert code == 0
    assert out.splitlines()[-1] == "total: 1 new, 0 merged, 0 updated, 0 skipped"

    weeks = weekly(sqlite_url)
    assert list(weeks) == [week]
    assert (weeks[week]["runs"], weeks[week]["active_days"]) == (1, 1)
    assert weeks[week]["run_km"] == pytest.approx(5.01)
    _, out, _ = cli("activities", "--format", "json", "--db", sqlite_url)
    (activity,) = json.loads(out)
    assert activity["start_local"] == local_start
    assert activity["timezone"] == timezone


# ---- b) Strava, then Garmin, then Strava again ---------------------------------------------

# Three runs both recorded (Strava in UTC, Garmin in Chicago wall clock, a few seconds apart and
# with slightly different durations, as two devices do), a ride only Strava holds, and a walk
# only the watch recorded.
STRAVA_ROWS: list[Cells] = [
    strava_run("30000000011", "Jan 7, 2025, 1:30:00 AM", 5020.0, 1810.0),  # Mon 6 Jan 19:30
    strava_run("30000000012", "Jan 9, 2025, 1:15:00 PM", 6500.0, 2410.0),  # Thu 9 Jan 07:15
    strava_run("30000000013", "Jan 12, 2025, 3:00:00 PM", 8000.0, 3020.0),  # Sun 12 Jan 09:00
    {
        "Activity ID": "30000000014",
        "Activity Date": "Jan 14, 2025, 11:00:00 PM",  # Tue 14 Jan 17:00
        "Activity Name": "Commute",
        "Activity Type": "Ride",
        ("Elapsed Time", 0): "1500",
        ("Distance", 0): "9.00",
        "Activity Gear": "Trek FX",
        ("Elapsed Time", 1): "1500.0",
        ("Distance", 1): "9000.0",
    },
]
GARMIN_ROWS = [
    garmin_row("Running", "2025-01-06 19:30:12", "Chicago Running", "5.03", "00:30:20", "4,980"),
    garmin_row("Running", "2025-01-09 07:14:40", "Chicago Running", "6.51", "00:40:30", "6,410"),
    garmin_row("Running", "2025-01-12 09:00:30", "Chicago Running", "8.02", "00:50:00", "7,920"),
    garmin_row("Walking", "2025-01-11 10:00:00", "Chicago Walking", "3.20", "00:40:00", "4,400"),
]


@pytest.fixture
def exports(tmp_path: Path) -> tuple[Path, Path]:
    """The Strava export zip (nested one folder deep) and the Garmin Activities.csv."""
    strava = tmp_path / "export_98765.zip"
    with zipfile.ZipFile(strava, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export_98765/activities.csv", render(STRAVA_HEADER, STRAVA_ROWS))
        archive.writestr("export_98765/profile.csv", "Athlete ID\n98765\n")
    garmin = tmp_path / "Activities.csv"
    garmin.write_bytes(garmin_csv(GARMIN_ROWS))
    return strava, garmin


def test_strava_then_garmin_then_strava_again_counts_every_workout_once(
    exports: tuple[Path, Path], sqlite_url: str
) -> None:
    strava, garmin = exports
    base = ["--tz", CHICAGO, "--distance-unit", "km", "--db", sqlite_url]

    code, out, err = cli("import", str(strava), *base)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"time zone {CHICAGO} stored in your settings (boneload settings to change it)",
        "export_98765.zip (strava_export): 4 new, 0 merged, 0 updated, 0 skipped, 0 errors",
        "total: 4 new, 0 merged, 0 updated, 0 skipped",
    ]
    code, out, err = cli("import", str(garmin), *base)
    assert (code, err) == (0, "")
    assert (
        out.splitlines()[0]
        == "Activities.csv (garmin_csv): 1 new, 3 merged, 0 updated, 0 skipped, 0 errors"
    )
    code, out, err = cli("import", str(strava), *base)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "total: 0 new, 0 merged, 0 updated, 4 skipped"

    store = Store(sqlite_url)
    try:
        activities = store.activities(owner="local")
        sources = store.sources(owner="local")
        history = store.imports(owner="local")
    finally:
        store.close()

    # Three runs, one ride, one walk: five workouts, each once.
    assert activities.height == 5
    assert activities["sport"].to_list() == ["run", "run", "walk", "run", "ride"]
    runs = activities.filter(activities["sport"] == "run").sort("start_utc")
    assert runs["source_id"].to_list() == ["30000000011", "30000000012", "30000000013"]
    # Each run kept Strava's values, and gained what only the watch had (steps, cadence).
    assert runs["distance_m"].to_list() == [5020.0, 6500.0, 8000.0]
    assert runs["gear"].to_list() == ["Brooks Ghost 15"] * 3
    assert runs["steps"].to_list() == [4980.0, 6410.0, 7920.0]
    assert runs["avg_cadence_spm"].to_list() == [166.0, 166.0, 166.0]
    walk = activities.filter(activities["sport"] == "walk").row(0, named=True)
    assert (walk["source"], walk["distance_m"], walk["elapsed_s"]) == ("garmin_csv", 3200.0, 2400.0)

    # Every source is remembered: both files behind each run, one behind the ride and the walk.
    per_activity = sources.group_by("activity_id").agg(pl.col("source").sort())
    by_id = dict(zip(per_activity["activity_id"], per_activity["source"].to_list(), strict=True))
    for activity_id in runs["activity_id"]:
        assert by_id[activity_id] == ["garmin_csv", "strava_export"]
    assert by_id[walk["activity_id"]] == ["garmin_csv"]
    assert sources.height == 8  # 4 Strava + 4 Garmin links; the second Strava import adds none

    assert [(h["new"], h["merged"], h["skipped"]) for h in reversed(history)] == [
        (4, 0, 0),
        (1, 3, 0),
        (0, 0, 4),
    ]

    weeks = weekly(sqlite_url)
    assert list(weeks) == ["2025-W02", "2025-W03"]
    first = weeks["2025-W02"]
    assert (first["runs"], first["walks"], first["active_days"], first["rest_days"]) == (3, 1, 4, 3)
    assert first["run_km"] == pytest.approx(19.52)
    assert first["walk_km"] == pytest.approx(3.2)
    second = weeks["2025-W03"]  # the ride on Tuesday, the last day of the range
    assert (second["runs"], second["walks"], second["sessions"]) == (0, 0, 1)


def test_garmin_first_then_strava_also_counts_each_run_once(
    exports: tuple[Path, Path], sqlite_url: str
) -> None:
    strava, garmin = exports
    base = ["--tz", CHICAGO, "--distance-unit", "km", "--db", sqlite_url]
    assert cli("import", str(garmin), *base)[0] == 0
    code, out, _ = cli("import", str(strava), *base)
    assert code == 0
    assert out.splitlines()[-1] == "total: 1 new, 3 merged, 0 updated, 0 skipped"
    weeks = weekly(sqlite_url)
    assert (weeks["2025-W02"]["runs"], weeks["2025-W02"]["walks"]) == (3, 1)
    code, out, _ = cli("shoes", "--format", "json", "--db", sqlite_url)
    (shoe,) = json.loads(out)
    # Garmin's distances were stored first; Strava's shoe filled the gap on each run.
    assert (shoe["name"], shoe["runs"], shoe["km"]) == ("Brooks Ghost 15", 3, 19.6)
