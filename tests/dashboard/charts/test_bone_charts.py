"""Bone charts: the weekly score, the bone week's panels and targets, the 26-week months view,
and the score by hours of rest between two runs (pure builders: frame in, figure out)."""

from __future__ import annotations

from datetime import date
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard.charts import bone, bone_week
from tests.dashboard.charts.frames import BONE_WEEK, BONE_WEEKS

MON = date(2025, 6, 2)
NEXT_MON = date(2025, 6, 9)


def ys(trace: Any) -> list[float | None]:
    return [None if v is None else float(v) for v in trace.y]


def names(fig: go.Figure) -> list[str | None]:
    return [trace.name for trace in fig.data]


def test_weekly_oi() -> None:
    fig = bone.weekly_oi(BONE_WEEKS)
    assert names(fig) == ["bone-loading score", "impact days"]
    assert ys(fig.data[0]) == [43.5, 0.0]
    assert ys(fig.data[1]) == [2.0, 0.0]
    assert fig.data[1].yaxis == "y2"
    assert "speculative" in fig.layout.title.text


def test_bone_week_chart_has_a_panel_per_kind_with_targets() -> None:
    fig = bone_week.bone_week_chart(BONE_WEEK)
    assert [a.text for a in fig.layout.annotations] == [
        "Run days",
        "Other impact days",
        "Strength days",
    ]  # no balance target and no balance day: no balance panel
    bars = [t for t in fig.data if t.type == "bar"]
    ticks = [t for t in fig.data if t.type == "scatter"]
    assert [ys(t) for t in bars] == [[2.0, 1.0], [1.0, 0.0], [2.0, 0.0]]
    assert [ys(t) for t in ticks] == [[2.0, 2.0], [0.0, 0.0], [2.0, 2.0]]
    assert all(t.marker.color == bone_week.TARGET_TICK for t in ticks)
    assert all(t.showlegend is False for t in bars)
    assert list(bars[0].marker.pattern.shape) == ["", "/"]  # the week still running is hatched
    assert [t.showlegend for t in ticks] == [True, False, False]


def test_months_chart_in_percent() -> None:
    view = pl.DataFrame(
        {
            "week": ["2025-W23", "2025-W24"],
            "week_start": [MON, NEXT_MON],
            "full_bone_week": [True, False],
            "weeks_counted": [1, 2],
            "share_full": [1.0, 0.5],
        }
    )
    fig = bone_week.months_chart(view)
    assert ys(fig.data[0]) == [100.0, 50.0]
    assert fig.layout.title.text == "Full bone weeks, last 26: 50%"


def test_rest_between_runs_rises_from_one_long_run_to_two_full_runs() -> None:
    fig = bone_week.rest_between_runs()
    two, one = fig.data
    assert two.y[0] == pytest.approx(one.y[0]) and round(one.y[0], 2) == 23.00
    assert round(two.y[16], 2) == 42.54  # 8 h
    assert list(two.y) == sorted(two.y)
