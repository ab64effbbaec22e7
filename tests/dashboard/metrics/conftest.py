"""Builds canonical activity frames for the metric tests (via connectors.schema.conform)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Any

import polars as pl
import pytest

from connectors.schema import conform, empty_frame, validate

Make = Callable[[Sequence[dict[str, Any]]], pl.DataFrame]


def make_activities(rows: Sequence[dict[str, Any]]) -> pl.DataFrame:
    """A valid canonical frame from short dicts.

    Each row needs `start` (datetime, or date meaning 08:00) and `sport`; `minutes` and `km` are
    shorthands for moving_s/elapsed_s and distance_m. Any canonical column may be given directly.
    """
    records = []
    for i, row in enumerate(rows):
        row = dict(row)
        start = row.pop("start")
        if isinstance(start, date) and not isinstance(start, datetime):
            start = datetime.combine(start, time(8, 0))
        mins = row.pop("minutes", 30.0)
        km = row.pop("km", None)
        record: dict[str, Any] = {
            "activity_id": f"test:{i}",
            "source": "test",
            "source_id": str(i),
            "sport_type": row.get("sport", "run").title(),
            "name": f"activity {i}",
            "start_utc": start,
            "start_local": start,
            "timezone": "UTC",
            "elapsed_s": mins * 60.0,
            "moving_s": mins * 60.0,
            "distance_m": None if km is None else km * 1000.0,
        }
        record.update(row)
        records.append(record)
    if not records:
        return empty_frame()
    frame = pl.DataFrame(records, infer_schema_length=None)
    frame = frame.with_columns(pl.col("start_utc").dt.replace_time_zone("UTC"))
    out = conform(frame)
    assert validate(out) == [], validate(out)
    return out


@pytest.fixture(scope="session")
def make() -> Make:
    """The frame factory (session-scoped so hypothesis tests may use it)."""
    return make_activities
