"""The Overview's weekly distance drawn as HTML bars: same numbers as the Plotly chart."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.charts import html_bars
from dashboard.charts.ranges import presets, span_days
from dashboard.charts.style import RUN, WALK


def _weeks(runs: list[float], walks: list[float]) -> pl.DataFrame:
    start = date(2025, 9, 1)
    return pl.DataFrame(
        {
            "week_start": [start + timedelta(weeks=i) for i in range(len(runs))],
            "run_km": runs,
            "walk_km": walks,
        }
    )


def _heights(markup: str) -> list[float]:
    return [float(h) for h in re.findall(r'class="bl-stack" style="height:([\d.]+)%"', markup)]


@given(st.floats(min_value=0.01, max_value=5000))
def test_the_axis_top_holds_the_value_in_two_to_five_steps(value: float) -> None:
    top, step = html_bars.nice_ceiling(value)
    assert top >= value
    assert 1 <= round(top / step) <= 5
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 5)


def test_bars_are_the_weeks_totals_on_one_scale_running_under_walking() -> None:
    markup = html_bars.weekly_distance(_weeks([10.0, 0.0, 12.0], [5.0, 0.0, 0.0]), "km")
    top, _ = html_bars.nice_ceiling(15.0)
    assert _heights(markup) == pytest.approx([15 / top * 100, 0.0, 12 / top * 100], abs=0.01)
    first = markup.split('class="bl-col"')[1]
    assert first.index(RUN) < first.index(WALK)  # column-reverse: the first part is lowest
    assert "Week of 01 Sep 2025: running 10.0 km, walking 5.0 km" in markup
    assert "running 22.0 km in all, walking 5.0 km" in markup
    assert markup.count('class="bl-col"') == 3


def test_miles_divide_by_a_mile() -> None:
    markup = html_bars.weekly_distance(_weeks([16.09344], [0.0]), "mi")
    assert "Weekly distance (mi)" in markup and "running 10.0 mi" in markup


def test_no_weeks_says_so() -> None:
    empty = _weeks([], []).cast({"run_km": pl.Float64, "walk_km": pl.Float64})
    assert "no weeks in this period" in html_bars.weekly_distance(empty, "km")


def test_a_period_without_distance_draws_empty_bars_without_dividing_by_zero() -> None:
    markup = html_bars.weekly_distance(_weeks([0.0, 0.0], [0.0, None]), "km")
    assert _heights(markup) == [0.0, 0.0]


def test_no_script_and_every_label_escaped() -> None:
    markup = html_bars.weekly_distance(_weeks([3.0], [1.0]), 'km<script>"')
    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_weekly_load_is_one_bar_a_week_without_a_key() -> None:
    weeks = _weeks([1.0, 1.0, 1.0], [0.0, 0.0, 0.0]).with_columns(
        load=pl.Series([120.4, 0.0, 310.0])
    )
    markup = html_bars.weekly_load(weeks)
    assert "Weekly training load" in markup and "load (TRIMP)" in markup
    assert "Week of 01 Sep 2025: load 120" in markup and "Week of 15 Sep 2025: load 310" in markup
    assert "load 430 in all." in markup
    assert 'class="bl-key"' not in markup  # one series: nothing to tell apart
    top = html_bars.nice_ceiling(310.0)[0]
    assert _heights(markup) == pytest.approx([120.4 / top * 100, 0.0, 310.0 / top * 100], abs=0.01)
    assert "no weeks in this period" in html_bars.weekly_load(weeks.clear())


@pytest.mark.parametrize("count", [1, 13, 14, 15, 53])
def test_html_bars_fit_exactly_where_plotly_would_draw_no_range_buttons(count: int) -> None:
    weeks = [date(2025, 9, 1) + timedelta(weeks=i) for i in range(count)]
    assert html_bars.fits(weeks) == (presets(span_days(weeks)) == [])
    assert html_bars.fits(weeks) == (count <= 14)


def test_runs_against_target_colours_each_week_by_status_with_the_target_as_a_tick() -> None:
    weeks = pl.DataFrame(
        {
            "week": ["2025-W23", "2025-W24", "2025-W25"],
            "week_start": [date(2025, 6, 2), date(2025, 6, 9), date(2025, 6, 16)],
            "runs": [2, 0, 4],
            "target": [1, 2, 2],
            "status": ["on target", "below", "ahead of plan"],
        }
    )
    markup = html_bars.runs_against_target(weeks)
    assert "Runs per week against your target" in markup
    bars = r'class="bl-stack"[^>]*><div style="height:100.00%;background:(#\w+)'
    colours = re.findall(bars, markup)
    assert colours == [RUN, WALK]  # on target, ahead of plan (the zero week has no bar)
    top = html_bars.nice_ceiling(4.0)[0]
    assert _heights(markup) == pytest.approx([2 / top * 100, 0.0, 4 / top * 100], abs=0.01)
    ticks = [float(t) for t in re.findall(r'class="bl-tick" style="bottom:([\d.]+)%', markup)]
    assert ticks == pytest.approx([1 / top * 100, 2 / top * 100, 2 / top * 100], abs=0.01)
    assert markup.count('class="bl-zero"') == 1  # a week without runs is a zero, not a gap
    assert "Week of 09 Jun 2025: runs 0, target 2, below" in markup
    keys = re.findall(r'class="bl-key">.*?</span>([^<]+)</span>', markup)
    assert keys == ["on target", "ahead of plan", "below", "target"]  # only statuses shown
    assert "no weeks in this period" in html_bars.runs_against_target(weeks.clear())
