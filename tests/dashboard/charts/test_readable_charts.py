"""Issue 13's small chart fixes, on the pure builders: zero-run weeks drawn, impact-day markers
that show on the bars, monotony/strain axes from zero, pace as m:ss, an x-axis title on each."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import polars as pl
import pytest

from dashboard.charts import bone, progression, rest, style, weekly
from dashboard.components.render import date_columns

WEEKS = [date(2026, 1, 5) + timedelta(weeks=i) for i in range(4)]


def test_weeks_without_runs_draw_a_zero() -> None:
    weeks = pl.DataFrame(
        {
            "week_start": WEEKS,
            "week": ["2026-W02", "2026-W03", "2026-W04", "2026-W05"],
            "runs": [2, 0, 1, 0],
            "target": [2, 2, 2, 2],
            "status": ["on target", "below", "below", "below"],
        }
    )
    fig = weekly.runs_against_target(weeks)
    (zero,) = [t for t in fig.data if t.name == "no runs"]
    assert list(zero.x) == [WEEKS[1], WEEKS[3]] and list(zero.y) == [0, 0]
    assert fig.layout.xaxis.title.text == style.WEEK_AXIS
    none_zero = weeks.with_columns(runs=pl.lit(1))
    assert not [t for t in weekly.runs_against_target(none_zero).data if t.name == "no runs"]


def test_monotony_and_strain_axes_start_at_zero_without_negative_ticks() -> None:
    weeks = pl.DataFrame(
        {"week_start": WEEKS, "monotony": [1.2, 0.9, 2.4, 1.1], "strain": [512.0, 90, 1066, 300]}
    )
    fig = weekly.monotony_strain(weeks)
    assert fig.layout.yaxis.range[0] == 0 and fig.layout.yaxis2.range[0] == 0
    assert fig.layout.yaxis2.range[1] >= 1066 and fig.layout.yaxis.range[1] >= 2.4
    assert fig.layout.yaxis2.tickformat == ",.0f" and fig.layout.yaxis.tickformat == ".1f"
    assert (fig.layout.yaxis2.tick0, fig.layout.yaxis2.dtick) == (0, 500)  # 0, 500, 1,000
    assert (fig.layout.yaxis.tick0, fig.layout.yaxis.dtick) == (0, 1)
    assert fig.layout.xaxis.title.text == style.WEEK_AXIS


@pytest.mark.parametrize(
    ("top", "step"), [(2227, 1000), (1066, 500), (3.0, 1), (2.4, 1), (0.9, 0.25), (40, 10)]
)
def test_nice_step(top: float, step: float) -> None:
    assert weekly.nice_step(top) == pytest.approx(step)
    assert top / weekly.nice_step(top) <= 4


def test_impact_day_markers_show_on_the_green_bars_in_both_themes() -> None:
    weeks = pl.DataFrame(
        {"week_start": WEEKS, "oi": [3.0, 2.0, 4.0, 0.0], "impact_days": [2, 1, 3, 0]}
    )
    fig = bone.weekly_oi(weeks)
    bars, dots = fig.data
    assert bars.marker.color == style.RUN
    assert dots.marker.color != style.OTHER  # the purple that vanished on green
    assert dots.marker.line.color == "#FFFFFF" and dots.marker.line.width >= 2
    assert dots.marker.symbol == "diamond"
    assert fig.layout.xaxis.title.text == style.WEEK_AXIS
    # the legend sits at the figure's foot, under the axis title, not on it
    assert (fig.layout.legend.yref, fig.layout.legend.y) == ("container", 0)
    assert fig.layout.margin.b >= 90


@pytest.mark.parametrize("count", [1, 2, 6])
def test_pace_reads_m_ss_on_axis_and_hover(count: int) -> None:
    months = pl.DataFrame(
        {
            "month": [datetime(2026, 1 + i, 1) for i in range(count)],
            "pace_min_km": [5.5 + 0.25 * i for i in range(count)],
            "runs": [4] * count,
        }
    )
    fig = progression.pace_at_heart_rate(months, 150, "km")
    labels = list(fig.layout.yaxis.ticktext)
    assert labels and all(re.fullmatch(r"\d+:[0-5]\d", t) for t in labels), labels
    assert fig.data[0].customdata[0][0] == "5:30"
    lo, hi = fig.layout.yaxis.range
    assert lo > hi  # reversed: faster is higher
    assert hi <= 330 <= lo
    assert fig.layout.xaxis.title.text == style.MONTH_AXIS
    assert "min:s" in fig.layout.yaxis.title.text


def test_mss_and_pace_ticks() -> None:
    assert [progression.mss(s) for s in (330, 59.6, 600)] == ["5:30", "1:00", "10:00"]
    ticks = progression.pace_ticks(330, 330)
    assert ticks[0] <= 300 and ticks[-1] >= 360 and len(ticks) <= 8


def test_day_calendar_and_distance_name_their_x_axis() -> None:
    days = pl.DataFrame(
        {
            "date": [date(2026, 1, 5) + timedelta(days=i) for i in range(14)],
            "day_class": ["rest"] * 14,
        }
    )
    assert rest.day_calendar(days).layout.xaxis.title.text == style.WEEK_AXIS
    table = pl.DataFrame({"week_start": WEEKS, "run_km": [1.0] * 4, "walk_km": [2.0] * 4})
    assert weekly.distance_by_sport(table, "km").layout.xaxis.title.text == style.WEEK_AXIS


def test_tables_show_dates_without_a_clock_time() -> None:
    frame = pl.DataFrame({"week_start": [date(2023, 3, 29)], "runs": [2], "name": ["x"]})
    config = date_columns(frame)
    assert list(config) == ["week_start"]
    assert config["week_start"]["type_config"]["format"] == "YYYY-MM-DD"
