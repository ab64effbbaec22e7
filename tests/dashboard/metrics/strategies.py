"""Hypothesis strategies for activity rows (dicts for the `make` fixture)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from connectors.schema import SPORTS

BASE = datetime(2026, 3, 2)


@st.composite
def activity_row(draw: st.DrawFn, sports: tuple[str, ...] = SPORTS) -> dict[str, Any]:
    day = draw(st.integers(0, 70))
    minute = draw(st.integers(0, 24 * 60 - 1))
    sport = draw(st.sampled_from(sports))
    row: dict[str, Any] = {
        "start": BASE + timedelta(days=day, minutes=minute),
        "sport": sport,
        "minutes": draw(st.floats(1.0, 150.0)),
        "km": draw(st.one_of(st.none(), st.floats(0.1, 30.0))),
    }
    if draw(st.booleans()):
        row["avg_hr"] = draw(st.floats(70.0, 190.0))
    if draw(st.booleans()):
        row["rpe"] = draw(st.floats(0.0, 10.0))
    return row


def activity_rows(
    sports: tuple[str, ...] = SPORTS, min_size: int = 1, max_size: int = 25
) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(activity_row(sports), min_size=min_size, max_size=max_size)
