"""Canonical activity rows and frames for tests (through connectors.schema.conform).

`make_activity(**overrides)` gives one complete, valid row as a dict; `make_frame(rows)` turns
rows into a canonical frame that passes validate(). `make_result(rows)` wraps them in a
ReadResult as a reader would return it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl

from connectors.files.base import ReadResult, RowProblem
from connectors.schema import conform, empty_frame, stable_id, validate

DEFAULT_START = datetime(2025, 3, 1, 13, 5, 0, tzinfo=UTC)


def make_activity(**overrides: Any) -> dict[str, Any]:
    """One run of 30 minutes and 5 km from source "test"; any canonical column may be overridden.

    `activity_id` follows `source` and `source_id` unless given; `start_local` is start_utc
    without its zone (the zone is UTC) unless given.
    """
    source = overrides.get("source", "test")
    source_id = str(overrides.get("source_id", "1"))
    start = overrides.get("start_utc", DEFAULT_START)
    row: dict[str, Any] = {
        "activity_id": stable_id(source, source_id),
        "source": source,
        "source_id": source_id,
        "sport": "run",
        "sport_type": "Run",
        "name": "Morning Run",
        "start_utc": start,
        "start_local": start.replace(tzinfo=None),
        "timezone": "UTC",
        "elapsed_s": 1800.0,
        "moving_s": 1750.0,
        "distance_m": 5000.0,
        "elevation_gain_m": 12.5,
        "avg_hr": 150.0,
        "max_hr": 172.0,
        "avg_cadence_spm": None,
        "steps": None,
        "avg_contact_ms": None,
        "gear": "Brooks Ghost 15",
        "rpe": None,
        "calories": 320.0,
        "reps": None,
        "pain": None,
        "note": None,
    }
    row.update(overrides)
    return row


def make_frame(rows: Sequence[dict[str, Any]], check: bool = True) -> pl.DataFrame:
    """A canonical frame from rows (dicts as make_activity gives); asserts it is valid unless
    `check` is False (for frames a careless reader might return, with repeated ids)."""
    if not rows:
        return empty_frame()
    frame = pl.DataFrame(list(rows), infer_schema_length=None, strict=False)
    frame = frame.with_columns(pl.col("start_utc").dt.convert_time_zone("UTC"))
    out = conform(frame)
    problems = validate(out) if check else []
    assert problems == [], problems
    return out


def make_result(
    rows: Sequence[dict[str, Any]],
    fmt: str = "test",
    problems: Sequence[RowProblem] = (),
    warnings: Sequence[str] = (),
    check: bool = True,
) -> ReadResult:
    """A ReadResult as a reader returns it."""
    return ReadResult(fmt, make_frame(rows, check), list(problems), list(warnings))


def daily_runs(count: int, source: str = "test", start: datetime = DEFAULT_START) -> list[dict]:
    """`count` runs one day apart (never the same workout as each other)."""
    return [
        make_activity(
            source=source,
            source_id=str(10_000 + i),
            start_utc=start + timedelta(days=i),
            elapsed_s=1800.0 + (i % 7) * 60,
            distance_m=5000.0 + (i % 11) * 100,
        )
        for i in range(count)
    ]
