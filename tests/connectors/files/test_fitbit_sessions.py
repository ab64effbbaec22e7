"""Fitbit Takeout (issue 10): startTime is UTC; accidental starts and implausible sessions are
kept out of the counts with a message."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from connectors.files import fitbit_takeout
from connectors.files.base import ImportOptions

NEW_YORK = ImportOptions(timezone="America/New_York")

# A real auto-detected run as a public write-up of one's own Takeout shows it (2019): the
# author, in US Eastern time, shifted this startTime and the heart-rate dateTime by -4 h to
# land on his day. lastModified (the sync, written by Fitbit's server) is 9 minutes after the
# run ended on the same clock.
REAL_RUN = {
    "logId": 21092332392,
    "activityName": "Run",
    "activityTypeId": 90009,
    "averageHeartRate": 149,
    "calories": 306,
    "duration": 1843000,
    "activeDuration": 1843000,
    "steps": 4510,
    "logType": "auto_detected",
    "lastModified": "04/06/19 17:51:30",
    "startTime": "04/06/19 17:11:48",
    "originalStartTime": "04/06/19 17:11:48",
    "originalDuration": 1843000,
    "hasGps": False,
    "shouldFetchDetails": False,
}


def _read(*logs: dict) -> fitbit_takeout.ReadResult:
    return fitbit_takeout.read("exercise-0.json", json.dumps(list(logs)).encode(), NEW_YORK)


def test_start_time_is_utc_so_the_run_lands_on_its_local_afternoon() -> None:
    row = _read(REAL_RUN).frame.row(0, named=True)
    assert row["start_utc"] == datetime(2019, 4, 6, 17, 11, 48, tzinfo=UTC)
    assert row["start_local"] == datetime(2019, 4, 6, 13, 11, 48)  # EDT, UTC-4
    synced = datetime.strptime(REAL_RUN["lastModified"], "%m/%d/%y %H:%M:%S")
    ended = datetime(2019, 4, 6, 17, 11, 48) + timedelta(seconds=1843)
    assert timedelta(0) < synced - ended < timedelta(hours=1)  # the same clock as the server's


def _run(log_id: int, start: datetime, seconds: float, km: float) -> dict:
    return {
        **REAL_RUN,
        "logId": log_id,
        "startTime": f"{start:%m/%d/%y %H:%M:%S}",
        "duration": seconds * 1000,
        "activeDuration": seconds * 1000,
        "distance": km,
        "distanceUnit": "Kilometer",
    }


def test_accidental_starts_and_hours_long_runs_under_a_km_are_not_imported() -> None:
    """The shape of a real Takeout: 24 "runs", 12 under a minute at 0 m, 4 of 2.6-8.6 hours
    under 1 km, 8 real ones."""
    day = datetime(2021, 5, 1, 12)
    logs = [_run(1000 + i, day + timedelta(days=i), 20 + i * 3, 0.0) for i in range(12)]
    logs += [
        _run(2000 + i, day + timedelta(days=i, hours=3), hours * 3600, km)
        for i, (hours, km) in enumerate(((2.6, 0.4), (4.1, 0.0), (6.0, 0.9), (8.6, 0.2)))
    ]
    logs += [_run(3000 + i, day + timedelta(days=i, hours=6), 1800 + 60 * i, 5.0) for i in range(8)]
    result = _read(*logs)
    assert result.frame.height == 8
    assert result.frame["elapsed_s"].max() == 1800 + 60 * 7  # no 517-minute "longest run"
    accidental, implausible = [w for w in result.warnings if "not imported" in w]
    assert accidental.startswith("12 accidental starts (under a minute, no distance)")
    assert implausible.startswith("4 sessions of an hour or more covering under 1 km")
    assert "Run 2021-05-04 11:00 (8.6 h, 200 m)" in implausible
    assert result.problems == []


def test_a_short_log_with_distance_and_a_long_walk_with_distance_are_kept() -> None:
    day = datetime(2021, 5, 1, 12)
    sprint = _run(1, day, 45, 0.3)  # 45 s but 300 m: a real effort
    hike = {**_run(2, day + timedelta(days=1), 4 * 3600, 12.0), "activityName": "Hike"}
    assert _read(sprint, hike).frame.height == 2
