"""Downloads: CSV that no spreadsheet runs as a formula, JSON with ISO dates."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import polars as pl
import pytest

from dashboard.export import safe_csv, to_json


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+x", "'+x"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ('=HYPERLINK("http://evil","click")', '\'=HYPERLINK("http://evil","click")'),
        ("\tcmd", "'\tcmd"),
        ("Morning Run", "Morning Run"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_formula_cells_are_escaped(value: str, written: str) -> None:
    frame = pl.DataFrame({"name": [value], "km": [5.0]})
    assert _cells(safe_csv(frame)) == [["name", "km"], [written, "5.0"]]


def test_numbers_nulls_and_dates_are_left_alone() -> None:
    frame = pl.DataFrame(
        {
            "gear": ["-Brooks", None],
            "delta_km": [-1.5, 2.0],
            "day": [date(2025, 3, 1), date(2025, 3, 2)],
        }
    )
    assert _cells(safe_csv(frame)) == [
        ["gear", "delta_km", "day"],
        ["'-Brooks", "-1.5", "2025-03-01"],
        ["", "2.0", "2025-03-02"],
    ]


def test_json_rows_with_iso_dates() -> None:
    frame = pl.DataFrame(
        {
            "week": [date(2025, 3, 3)],
            "start_utc": [datetime(2025, 3, 1, 13, 5, 7, tzinfo=UTC)],
            "start_local": [datetime(2025, 3, 1, 7, 5, 7)],
            "km": [5.25],
            "name": ["Løb =1"],
            "hr": [None],
        },
        schema_overrides={"hr": pl.Float64},
    )
    text = to_json(frame)
    assert json.loads(text) == [
        {
            "week": "2025-03-03",
            "start_utc": "2025-03-01T13:05:07+00:00",
            "start_local": "2025-03-01T07:05:07",
            "km": 5.25,
            "name": "Løb =1",
            "hr": None,
        }
    ]
    assert "Løb" in text  # readable, not \u-escaped


def test_json_refuses_values_it_cannot_encode() -> None:
    frame = pl.DataFrame({"raw": [b"\x00"]})
    with pytest.raises(TypeError, match="cannot encode bytes"):
        to_json(frame)
