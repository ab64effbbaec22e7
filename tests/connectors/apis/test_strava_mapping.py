"""Strava SummaryActivity JSON -> canonical rows: our fixture, then Strava's own examples."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.apis.strava_mapping import activities_frame, gear_names, iana_zone
from connectors.schema import validate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "strava_api"
SAMPLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "samples" / "strava_api"


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _sample(name: str):
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"shared sample {path} is absent")
    return _load(path)


def test_the_fixture_activity_maps_field_by_field() -> None:
    gear = gear_names(_load(FIXTURES / "athlete.json"))
    assert gear == {"g777": "Brooks Ghost 15", "g778": "Hoka Speedgoat", "b555": "Commuter"}
    result = activities_frame([_load(FIXTURES / "summary_activity.json")], gear, "UTC", "p1")
    assert result.problems == [] and result.warnings == []
    assert validate(result.frame) == []
    assert result.frame.row(0, named=True) == {
        "activity_id": "strava:12345678901234567890",
        "source": "strava_api",
        "source_id": "12345678901234567890",
        "sport": "run",
        "sport_type": "TrailRun",
        "name": "Morning Run",
        "start_utc": datetime(2025, 3, 4, 15, 2, 11, tzinfo=UTC),
        "start_local": datetime(2025, 3, 4, 7, 2, 11),
        "timezone": "America/Los_Angeles",
        "elapsed_s": 1795.0,
        "moving_s": 1710.0,
        "distance_m": 5012.3,
        "elevation_gain_m": 31.4,
        "avg_hr": 148.2,
        "max_hr": 171.0,
        "avg_cadence_spm": 169.0,
        "steps": None,
        "avg_contact_ms": None,
        "gear": "Brooks Ghost 15",
        "rpe": None,
        "calories": None,
        "reps": None,
        "pain": None,
        "note": None,
        "laps": None,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(GMT-08:00) America/Los_Angeles", "America/Los_Angeles"),
        ("(GMT+01:00) Europe/Oslo", "Europe/Oslo"),
        ("(GMT+05:30) Asia/Kolkata", "Asia/Kolkata"),
        ("(GMT+00:00) Not/AZone", "Europe/Berlin"),
        ("", "Europe/Berlin"),
        (None, "Europe/Berlin"),
    ],
)
def test_strava_time_zones(text, expected) -> None:
    assert iana_zone(text, "Europe/Berlin") == expected


def test_bad_rows_become_problems_and_odd_values_warnings() -> None:
    good = _load(FIXTURES / "summary_activity.json")
    items = [
        {**good, "id": None},
        {**good, "id": 2, "start_date": None},
        {**good, "id": 3, "elapsed_time": 0},
        {**good, "id": 4, "average_heartrate": 400, "gear_id": "unknown-gear"},
        {**good, "id": 5, "sport_type": "Ride", "type": "Ride", "average_cadence": 85},
    ]
    result = activities_frame(items, {}, "UTC", "Strava page 2")
    assert [str(p) for p in result.problems] == [
        "Strava page 2, row 1: it has no id",
        "Strava page 2, row 2: activity 2 has no start_date",
        "Strava page 2, row 3: activity 3 has no elapsed_time",
    ]
    assert result.warnings == ["activity 4: avg_hr 400 is outside 20..250; left empty"]
    assert result.frame.select(
        "source_id", "avg_hr", "gear", "sport", "avg_cadence_spm"
    ).rows() == [
        ("4", None, "unknown-gear", "run", 169.0),
        ("5", 148.2, "g777", "ride", 85.0),
    ]


def test_stravas_api_example_of_athlete_activities() -> None:
    items = _sample("strava_swagger_example_GET_athlete_activities.json")
    result = activities_frame(items, {}, "UTC", "example")
    assert result.problems == [] and validate(result.frame) == []
    assert result.frame.select(
        "source_id", "sport", "sport_type", "start_utc", "start_local", "timezone", "gear"
    ).rows() == [
        (
            "154504250376823",
            "ride",
            "MountainBikeRide",
            datetime(2018, 5, 2, 12, 15, 9, tzinfo=UTC),
            datetime(2018, 5, 2, 5, 15, 9),
            "America/Los_Angeles",
            "b12345678987654321",
        ),
        (
            "1234567809",
            "ride",
            "MountainBikeRide",
            datetime(2018, 4, 30, 12, 35, 51, tzinfo=UTC),
            datetime(2018, 4, 30, 5, 35, 51),
            "America/Los_Angeles",
            "b12345678912343",
        ),
    ]
    assert result.frame["avg_cadence_spm"].to_list() == [67.1, 69.8]  # rides keep rpm


SHOE = "Salomon XT Wings 2"


def test_stravalib_activities_with_the_athletes_gear() -> None:
    gear = gear_names(_sample("stravalib_athlete.3.json"))
    items = [_sample("stravalib_activity.3.json"), _sample("stravalib_activity-manual.3.json")]
    result = activities_frame(items, gear, "UTC", "stravalib")
    assert result.problems == []
    assert result.frame.select(
        "source_id", "sport", "gear", "distance_m", "elapsed_s", "calories", "start_local"
    ).rows() == [
        ("99895560", "run", SHOE, 5781.1, 3140.0, 537.9, datetime(2013, 12, 12, 11, 36, 41)),
        ("96089609", "hike", SHOE, 22530.8, 38700.0, 2084.438266172827, datetime(2013, 11, 17, 8)),
    ]
