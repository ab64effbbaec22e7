"""The one finish step every reader and API mapping shares (connectors/results.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.apis.oura_mapping import workouts_result
from connectors.apis.polar_mapping import exercises_result
from connectors.apis.strava_mapping import activities_frame
from connectors.errors import BadFile
from connectors.files import base
from connectors.results import ReadResult, Row, RowProblem, finish

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 6, 1, tzinfo=UTC)


def _row(source_id: str, start: datetime, **extra: object) -> dict[str, object]:
    return {
        "activity_id": f"x:{source_id}",
        "source": "x",
        "source_id": source_id,
        "sport": "run",
        "sport_type": "Run",
        "name": f"Run {source_id}",
        "start_utc": start,
        "start_local": start.replace(tzinfo=None),
        "timezone": "UTC",
        "elapsed_s": 1800.0,
        **extra,
    }


def test_finish_drops_impossible_dates_durations_and_repeats_keeps_the_rest() -> None:
    good = datetime(2025, 5, 1, 7, tzinfo=UTC)
    rows = [
        Row(_row("1", good, avg_hr=400.0, steps=5400.4), "f.csv, row 2", 2),
        Row(_row("2", datetime(1969, 7, 20, tzinfo=UTC)), "f.csv, row 3", 3),
        Row(_row("3", datetime(2025, 6, 3, tzinfo=UTC)), "f.csv, row 4", 4),
        Row(_row("4", good, elapsed_s=0.0), "f.csv, row 5", 5),
        Row(_row("1", good), "f.csv, row 6", 6),
        Row(_row("5", datetime(2025, 6, 1, 20, tzinfo=UTC)), "f.csv, row 7", 7),  # within a day
    ]
    result = finish("x", "f.csv", rows, now=NOW)
    assert result.frame["source_id"].to_list() == ["1", "5"]
    assert result.frame["avg_hr"].to_list() == [None, None]
    assert result.frame["steps"].to_list() == [5400, None]
    assert result.warnings == ["f.csv, row 2: avg_hr 400 is outside 20..250; left empty"]
    assert [(p.row, p.reason) for p in result.problems] == [
        (3, "Run 2 dated 1969-07-20 is impossible (before 1970 or in the future); skipped"),
        (4, "Run 3 dated 2025-06-03 is impossible (before 1970 or in the future); skipped"),
        (5, "f.csv, row 5: a duration of 0 s is not plausible; skipped"),
        (6, "f.csv, row 6 repeats f.csv, row 2; imported once"),
    ]


def test_finish_refuses_rows_that_do_not_fit_the_schema() -> None:
    bad = _row("1", datetime(2025, 5, 1, tzinfo=UTC), sport="flying")
    with pytest.raises(BadFile, match="unknown sport families"):
        finish("x", "f.csv", [Row(bad, "f.csv, row 2", 2)], now=NOW)


def test_api_rows_skip_impossible_dates_like_file_rows() -> None:
    """Before the shared finish step, API rows skipped the impossible-date filter."""
    strava = activities_frame(
        [
            {"id": 1, "name": "Ok", "type": "Run", "start_date": "2024-01-01T07:00:00Z",
             "start_date_local": "2024-01-01T08:00:00Z", "elapsed_time": 600},
            {"id": 2, "name": "Future", "type": "Run", "start_date": "2999-01-01T07:00:00Z",
             "start_date_local": "2999-01-01T08:00:00Z", "elapsed_time": 600},
        ],
        {}, "Europe/Berlin", "Strava page 1",
    )  # fmt: skip
    assert strava.frame["source_id"].to_list() == ["1"]
    assert [(p.file, p.row) for p in strava.problems] == [("Strava page 1", 2)]
    assert "Future dated 2999-01-01 is impossible" in strava.problems[0].reason
    polar = exercises_result(
        [{"id": "A", "start-time": "1960-03-02T09:00:00", "start-time-utc-offset": 0,
          "duration": "PT1H", "sport": "RUNNING"}],
        "UTC",
    )  # fmt: skip
    assert polar.frame.is_empty() and "1960-03-02 is impossible" in polar.problems[0].reason
    oura = workouts_result(
        [{"id": "o1", "activity": "running", "start_datetime": "2999-02-01T06:00:00+00:00",
          "end_datetime": "2999-02-01T06:30:00+00:00"}],
        "UTC", "Oura page 1",
    )  # fmt: skip
    assert oura.frame.is_empty() and "2999-02-01 is impossible" in oura.problems[0].reason


def test_read_result_and_row_problem_live_beside_the_schema_and_still_import_from_files() -> None:
    assert base.ReadResult is ReadResult and base.RowProblem is RowProblem


def test_no_reader_or_mapping_conforms_or_validates_on_its_own() -> None:
    """conform/validate run in results.finish only (the store conforms what it reads back)."""
    own = re.compile(r"\b(conform|validate)\(")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("connectors/files", "connectors/apis")
        for path in sorted((ROOT / folder).glob("*.py"))
        if own.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
