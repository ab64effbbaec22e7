"""The Activities table: display columns, search, filters and sorting (pure Polars)."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest

from dashboard import activity_list as al
from tests.factories import DEFAULT_START, make_activity, make_frame


def _frame() -> pl.DataFrame:
    return make_frame(
        [
            make_activity(source_id="1", name="Saturday's Long Run (hilly)", elapsed_s=5026.0,
                          moving_s=5026.0, distance_m=16093.44, avg_hr=151.4),
            make_activity(source_id="2", name="Morning Walk", sport="walk", sport_type="Walk",
                          start_utc=DEFAULT_START + timedelta(days=3), elapsed_s=1800.0,
                          moving_s=None, distance_m=2500.0, avg_hr=None, gear=None,
                          note="Knee fine, LONG day at work"),
            make_activity(source_id="3", name=None, sport="ride", sport_type="Ride",
                          start_utc=DEFAULT_START + timedelta(days=5), elapsed_s=59.6,
                          distance_m=None),
        ]
    )  # fmt: skip


def _sources() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "activity_id": ["test:1", "test:1", "test:2"],
            "source": ["strava_export", "fit", "manual"],
            "source_id": ["9", "w", "m"],
            "import_id": [1, 2, 3],
        }
    )


def test_columns_read_as_a_person_reads_them() -> None:
    table = al.activity_table(_frame(), _sources(), "km")
    long_run = table.filter(pl.col("activity_id") == "test:1").row(0, named=True)
    assert long_run["duration"] == "1:23:46"
    assert long_run["distance (km)"] == 16.09
    assert long_run["pace (min/km)"] == "5:12"  # 5026 s / 16.09344 km = 312.3 s
    assert (long_run["heart rate"], long_run["sources"]) == (151, "fit, strava_export")
    walk = table.filter(pl.col("activity_id") == "test:2").row(0, named=True)
    assert walk["pace (min/km)"] == "12:00"  # elapsed time when moving time is unknown
    ride = table.filter(pl.col("activity_id") == "test:3").row(0, named=True)
    assert (ride["duration"], ride["pace (min/km)"], ride["name"]) == ("0:01:00", None, "")
    assert ride["sources"] == "test"  # no source links: the row's own source
    assert table["activity_id"].to_list() == ["test:3", "test:2", "test:1"]  # newest first
    assert list(al.shown(table).columns) == [
        "date", "time", "name", "sport", "type", "duration", "distance (km)", "pace (min/km)",
        "heart rate", "shoe", "sources", "effort", "pain", "note",
    ]  # fmt: skip


def test_miles_change_distance_and_pace() -> None:
    row = al.activity_table(_frame(), None, "mi").filter(pl.col("activity_id") == "test:1")
    assert row["distance (mi)"][0] == 10.0 and row["pace (min/mi)"][0] == "8:23"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("long", ["test:2", "test:1"]),  # name or note, any case
        ("SATURDAY'S", ["test:1"]),
        ("(hilly)", ["test:1"]),  # taken literally, not as a pattern
        ("walk", ["test:2"]),  # the type counts too
        ("  ", ["test:3", "test:2", "test:1"]),
        ("marathon", []),
        (".*", []),
    ],
)
def test_search_is_literal_and_case_insensitive(text: str, expected: list[str]) -> None:
    table = al.activity_table(_frame(), None)
    assert al.search(table, text)["activity_id"].to_list() == expected


def test_filters_and_sorting() -> None:
    table = al.activity_table(_frame(), None)
    start = DEFAULT_START.date()
    assert al.in_period(table, start + timedelta(days=1), None)["activity_id"].to_list() == [
        "test:3", "test:2",
    ]  # fmt: skip
    assert al.in_period(table, None, start)["activity_id"].to_list() == ["test:1"]
    assert al.of_sports(table, ["walk", "ride"]).height == 2 and al.of_sports(table, []).height == 3
    assert al.sort_table(table, "Longest distance")["activity_id"].to_list() == [
        "test:1", "test:2", "test:3",
    ]  # fmt: skip
    assert al.sort_table(table, "Oldest first")["activity_id"][0] == "test:1"
    assert al.sort_table(table, "Name (A-Z)")["activity_id"].to_list() == [
        "test:3", "test:2", "test:1",
    ]  # fmt: skip
    assert al.label(table.row(0, named=True)) == "2025-03-06 13:05 · (no name) · ride"
    assert table["date"][0] == "2025-03-06"
