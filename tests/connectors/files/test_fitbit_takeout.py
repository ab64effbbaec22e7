"""Fitbit Google Takeout reader: exercise-N.json logs, the zip layouts, bad logs and files."""

from __future__ import annotations

import codecs
import io
import json
import zipfile
from datetime import UTC, datetime
from typing import Any

import polars as pl
import pytest

from connectors import registry
from connectors.errors import BadFile
from connectors.files import fitbit_takeout
from connectors.files.base import ImportOptions
from connectors.schema import validate

NEW_YORK = ImportOptions(timezone="America/New_York")

WALK = {
    "logId": 28617373467,
    "activityName": "Walk",
    "activityTypeId": 90013,
    "averageHeartRate": 98,
    "calories": 150,
    "duration": 1843000,
    "activeDuration": 1800000,
    "steps": 2700,
    "logType": "auto_detected",
    "startTime": "03/24/20 01:34:35",
    "distance": 1.2e0,
    "distanceUnit": "Mile",
}
RUN = {
    "logId": 29000000001,
    "activityName": "Run",
    "averageHeartRate": 151,
    "calories": 402,
    "duration": 1500000,
    "activeDuration": 1500000,
    "steps": 4200,
    "logType": "mobile_run",
    "startTime": "07/04/21 18:05:00",
    "distance": "5.0E0",
    "distanceUnit": "Kilometer",
}
WEIGHTS = {
    "logId": 29000000002,
    "activityName": "Weights",
    "averageHeartRate": 0,
    "calories": 120,
    "duration": 2400000,
    "steps": 300,
    "logType": "manual",
    "startTime": "07/05/21 07:00:00",
}
BIKE = {
    "logId": 29000000003,
    "activityName": "Bike",
    "duration": 3600000,
    "activeDuration": 3500000,
    "steps": 1200,
    "startTime": "07/06/21 07:00:00",
    "distance": 1.2e-4,
    "distanceUnit": "Kilometer",
    "logType": "tracker",
}


def logs_json(*logs: dict[str, Any]) -> bytes:
    return json.dumps(list(logs), indent=2).encode("utf-8")


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def by_id(frame: pl.DataFrame, source_id: str) -> dict[str, Any]:
    rows = frame.filter(pl.col("source_id") == source_id).to_dicts()
    assert len(rows) == 1
    return rows[0]


def test_one_exercise_file_maps_every_field() -> None:
    result = fitbit_takeout.read("exercise-0.json", logs_json(WALK, RUN), NEW_YORK)
    assert result.format == "fitbit_takeout"
    assert validate(result.frame) == []
    assert result.problems == []
    walk = by_id(result.frame, "28617373467")
    assert walk["activity_id"] == "fitbit:28617373467"
    assert (walk["sport"], walk["sport_type"], walk["name"]) == ("walk", "Walk", "Walk")
    # startTime is UTC (see fitbit_takeout's docstring): 21:34 the evening before in New York
    assert walk["start_utc"] == datetime(2020, 3, 24, 1, 34, 35, tzinfo=UTC)
    assert walk["start_local"] == datetime(2020, 3, 23, 21, 34, 35)
    assert walk["timezone"] == "America/New_York"
    assert (walk["elapsed_s"], walk["moving_s"]) == (1843.0, 1800.0)
    assert walk["distance_m"] == pytest.approx(1.2 * 1609.344)
    assert walk["steps"] == 2700
    assert walk["avg_cadence_spm"] == pytest.approx(90.0)  # 2700 steps / 30 active minutes
    assert (walk["avg_hr"], walk["max_hr"], walk["calories"]) == (98.0, None, 150.0)
    run = by_id(result.frame, "29000000001")
    assert run["distance_m"] == pytest.approx(5000.0)  # "5.0E0" km
    assert run["avg_cadence_spm"] == pytest.approx(168.0)  # 4200 / 25 min


def test_sport_families_and_what_only_foot_sports_get() -> None:
    frame = fitbit_takeout.read("exercise-1.json", logs_json(WEIGHTS, BIKE), NEW_YORK).frame
    weights = by_id(frame, "29000000002")
    assert (weights["sport"], weights["avg_hr"], weights["steps"]) == ("strength", None, None)
    assert weights["moving_s"] is None and weights["elapsed_s"] == 2400.0
    bike = by_id(frame, "29000000003")
    assert (bike["sport"], bike["steps"], bike["avg_cadence_spm"]) == ("ride", None, None)
    assert bike["distance_m"] == pytest.approx(0.12)  # 1.2E-4 km, scientific notation


def test_takeout_zip_layouts_combine_and_read_a_log_once() -> None:
    data = make_zip(
        {
            "Takeout/archive_browser.html": b"<html></html>",
            "Takeout/Fitbit/Physical Activity/exercise-100.json": logs_json(RUN),
            "Takeout/Fitbit/Physical Activity/exercise-0.json": logs_json(WALK, WEIGHTS),
            "Takeout/Fitbit/Global Export Data/exercise-0.json": logs_json(WALK, BIKE),
            "Takeout/Fitbit/Physical Activity/exercise-200.json": b"[{broken",
        }
    )
    assert fitbit_takeout.READER.sniff("takeout.zip", data[:65536]) is True
    assert registry.detect("takeout.zip", data).name == "fitbit_takeout"
    result = fitbit_takeout.read("takeout.zip", data, NEW_YORK)
    assert sorted(result.frame["source_id"].to_list()) == [
        "28617373467",
        "29000000001",
        "29000000002",
        "29000000003",
    ]
    assert [str(p) for p in result.problems] == [
        "takeout.zip/Takeout/Fitbit/Physical Activity/exercise-200.json: not valid JSON "
        "(Expecting property name enclosed in double quotes, line 1)"
    ]
    assert "1 activity appears in more than one file; read once" in result.warnings


def test_flat_zip_without_fitbit_folder() -> None:
    data = make_zip({"exercise-3.json": logs_json(RUN)})
    assert registry.detect("mine.zip", data).name == "fitbit_takeout"
    assert fitbit_takeout.read("mine.zip", data, NEW_YORK).frame.height == 1


def test_zip_without_exercise_files_is_refused_plainly() -> None:
    data = make_zip({"Takeout/Fitbit/Sleep/sleep-2020-03-24.json": b"[]"})
    with pytest.raises(BadFile, match=r"holds no Fitbit exercise-N\.json"):
        fitbit_takeout.read("takeout.zip", data, NEW_YORK)


@pytest.mark.parametrize(
    ("log", "reason"),
    [
        ({**RUN, "logId": None}, "log 2: it has no logId"),
        ({**RUN, "logId": "12ab"}, "log 2: the logId '12ab' is not a Fitbit log id"),
        (
            {**RUN, "startTime": "31/12/21 10:00:00"},
            "log 2: the startTime '31/12/21 10:00:00' cannot be read",
        ),
        ({**RUN, "startTime": "01/01/01 10:00:00"}, None),  # 2001: a fine date
        (
            {**RUN, "startTime": "1901-12-13T20:45:52"},
            "log 2: the startTime '1901-12-13T20:45:52' is before 1970",
        ),
        ({**RUN, "duration": -5000}, "log 2: a duration of -5 s is impossible"),
        ({**RUN, "duration": 10**400}, "log 2: duration is"),
        ({**RUN, "duration": "fast"}, "log 2: duration is 'fast', not a number"),
        ({**RUN, "distance": -3}, "log 2: a distance of -3000 m is impossible"),
        ({**RUN, "distanceUnit": "Furlong"}, "log 2: the distanceUnit 'Furlong'"),
        ({**RUN, "activityName": ""}, "log 2: it has no activityName"),
        ("not a log", "log 2: it is not an exercise log"),
    ],
)
def test_a_bad_log_is_a_problem_and_the_others_stay(log: object, reason: str | None) -> None:
    data = json.dumps([WALK, log]).encode()
    result = fitbit_takeout.read("exercise-0.json", data, NEW_YORK)
    if reason is None:
        assert result.frame.height == 2 and result.problems == []
        return
    assert result.frame["source_id"].to_list() == ["28617373467"]
    assert len(result.problems) == 1
    assert result.problems[0].file == "exercise-0.json"
    assert result.problems[0].reason.startswith(reason)


def test_out_of_range_heart_rate_is_left_empty_with_a_warning() -> None:
    result = fitbit_takeout.read(
        "exercise-0.json", logs_json({**RUN, "averageHeartRate": 400}), NEW_YORK
    )
    assert by_id(result.frame, "29000000001")["avg_hr"] is None
    assert result.warnings == ["exercise-0.json, log 1: avg_hr 400 is outside 20..250; left empty"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"logId": 1, "activityName": "Run"}', "expected a JSON array of logs"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'[{"logId": 1, "activityName": "Run"', "not valid JSON"),
    ],
)
def test_a_file_that_is_not_an_exercise_file_is_bad(data: bytes, message: str) -> None:
    with pytest.raises(BadFile, match=message):
        fitbit_takeout.read("exercise-0.json", data, NEW_YORK)


def test_utf16_json_with_bom_reads() -> None:
    data = codecs.BOM_UTF16_LE + json.dumps([RUN]).encode("utf-16-le")
    assert fitbit_takeout.READER.sniff("exercise-0.json", data) is True
    assert fitbit_takeout.read("exercise-0.json", data, NEW_YORK).frame.height == 1


def test_sniff_wants_exercise_logs() -> None:
    assert fitbit_takeout.sniff("x.json", logs_json(WALK)) is True
    assert fitbit_takeout.sniff("x.json", b'[{"activityId": 1}]') is False
    assert fitbit_takeout.sniff("x.json", b'{"logId": 1, "activityName": "Run"}') is False
    assert fitbit_takeout.sniff("x.zip", make_zip({"a/run.fit": b"1"})) is False


def test_no_time_zone_is_warned_about() -> None:
    result = fitbit_takeout.read("exercise-0.json", logs_json(RUN), ImportOptions())
    assert by_id(result.frame, "29000000001")["start_utc"] == datetime(
        2021, 7, 4, 18, 5, tzinfo=UTC
    )
    assert any(w.startswith("No time zone was set") for w in result.warnings)
