"""Range presets on every chart over time (issue 13: ten years need 3 months / a year / all)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard.charts import bone, bone_week, progression, ranges, rest, style, weekly

START = date(2023, 1, 2)


def _weeks(count: int) -> list[date]:
    return [START + timedelta(weeks=i) for i in range(count)]


def _builders(count: int) -> dict[str, Callable[[], go.Figure]]:
    """Each chart over time, drawn on `count` weeks (days for the daily ones)."""
    w = _weeks(count)
    n = len(w)
    cycle = [float(1 + i % 4) for i in range(n)]
    days = [START + timedelta(days=i) for i in range(7 * n)]
    return {
        "runs_against_target": lambda: weekly.runs_against_target(
            pl.DataFrame(
                {
                    "week_start": w,
                    "week": [f"{d:%G-W%V}" for d in w],
                    "runs": [i % 4 for i in range(n)],
                    "target": [3] * n,
                    "status": ["on target"] * n,
                }
            )
        ),
        "distance_by_sport": lambda: weekly.distance_by_sport(
            pl.DataFrame({"week_start": w, "run_km": cycle, "walk_km": cycle}), "km"
        ),
        "weekly_load": lambda: weekly.weekly_load(pl.DataFrame({"week_start": w, "load": cycle})),
        "acwr": lambda: weekly.acwr(
            pl.DataFrame(
                {"date": days, "acwr_uncoupled": [1.0] * len(days), "acwr_ewma": [1.1] * len(days)}
            )
        ),
        "monotony_strain": lambda: weekly.monotony_strain(
            pl.DataFrame({"week_start": w, "monotony": cycle, "strain": cycle})
        ),
        "stage_and_time_on_feet": lambda: progression.stage_and_time_on_feet(
            pl.DataFrame(
                {
                    "week_start": w,
                    "stage": ["running"] * n,
                    "time_on_feet_min": cycle,
                    "longest_run_min": cycle,
                }
            )
        ),
        "pace_at_heart_rate": lambda: progression.pace_at_heart_rate(
            pl.DataFrame(
                {
                    "month": [datetime(d.year, d.month, 1) for d in w[::4]],
                    "pace_min_km": [6.0] * len(w[::4]),
                    "runs": [3] * len(w[::4]),
                }
            ),
            140.0,
            "km",
        ),
        "weekly_oi": lambda: bone.weekly_oi(
            pl.DataFrame({"week_start": w, "oi": cycle, "impact_days": [2] * n})
        ),
        "bone_week_chart": lambda: bone_week.bone_week_chart(
            pl.DataFrame(
                {
                    "week_start": w,
                    "run_days": [2] * n,
                    "runs_target": [3] * n,
                    "impact_days": [0] * n,
                    "impact_target": [0] * n,
                    "strength_days": [1] * n,
                    "strength_target": [2] * n,
                    "balance_days": [0] * n,
                    "balance_target": [0] * n,
                    "complete": [True] * (n - 1) + [False],
                }
            )
        ),
        "months_chart": lambda: bone_week.months_chart(
            pl.DataFrame({"week_start": w, "share_full": [0.5] * n, "weeks_counted": [26] * n})
        ),
        "day_calendar": lambda: rest.day_calendar(
            pl.DataFrame({"date": days, "day_class": ["impact", "rest"] * (len(days) // 2)})
        ),
    }


def _labels(fig: go.Figure) -> list[str]:
    return [b.label for b in fig.layout.xaxis.rangeselector.buttons]


@pytest.mark.parametrize(
    ("days", "labels"),
    [
        (0, []),
        (92, []),
        (93, ["3 months", "all"]),
        (366, ["3 months", "all"]),
        (367, ["3 months", "1 year", "all"]),
        (3653, ["3 months", "1 year", "all"]),
    ],
)
def test_only_presets_shorter_than_the_data_are_offered(days: int, labels: list[str]) -> None:
    assert [b["label"] for b in ranges.presets(days)] == labels


def test_span_ignores_nulls_and_needs_two_dates() -> None:
    assert ranges.span_days([date(2024, 1, 1)]) == 0
    assert ranges.span_days(pl.Series([date(2024, 1, 1), None, date(2024, 3, 1)])) == 60


@pytest.mark.parametrize("name", sorted(_builders(1)))
def test_every_long_chart_has_range_presets_and_a_short_one_none(name: str) -> None:
    long = _builders(160)[name]()  # three years
    assert _labels(long) == ["3 months", "1 year", "all"], name
    assert long.layout.xaxis.rangeselector.yanchor == "bottom"
    # the buttons sit below the title, which is pinned to the top of the figure
    assert long.layout.title.yref == "container" and long.layout.title.y == 1
    assert long.layout.margin.t >= 50 + ranges.BUTTONS_PX
    short = _builders(8)[name]()  # two months: nothing to zoom to
    assert _labels(short) == [], name
    # the theme colours the buttons (style.themed reads xaxis.rangeselector)
    themed = style.themed(long)
    assert themed.layout.xaxis.rangeselector.font.color == style.TEXT_IN_THEME


def test_bone_week_buttons_sit_above_the_first_panel_title() -> None:
    fig = _builders(160)["bone_week_chart"]()
    plot_px = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    first_title = next(a for a in fig.layout.annotations if a.text == "Run days")
    assert first_title.xanchor == "left" and first_title.x == 0
    # the title is about 20 px tall above the panel's top: the buttons start above it
    assert (fig.layout.xaxis.rangeselector.y - 1) * plot_px >= 24


def test_impact_day_markers_shrink_when_weeks_crowd() -> None:
    long = _builders(160)["weekly_oi"]()
    short = _builders(8)["weekly_oi"]()
    assert short.data[1].marker.size == bone.IMPACT_MARKER["size"]
    assert long.data[1].marker.size == bone.SMALL_IMPACT_MARKER["size"] < short.data[1].marker.size
