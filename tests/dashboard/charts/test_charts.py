"""Every chart builder: a small frame gives the expected traces, an empty one the empty state.

The builders are pure (frame in, Plotly figure out), so no Streamlit is needed or imported.
"""

from __future__ import annotations

import html
import math
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard.charts import bone, bone_week, progression, rest, shoes, style, weekly
from tests.dashboard.charts.frames import BONE_WEEK, BONE_WEEKS

ROOT = Path(__file__).resolve().parents[3]
MON = date(2025, 6, 2)
NEXT_MON = date(2025, 6, 9)


def xs(trace: Any) -> list[str]:
    return [str(v)[:10] for v in trace.x]


def ys(trace: Any) -> list[float | None]:
    return [None if v is None else float(v) for v in trace.y]


def names(fig: go.Figure) -> list[str | None]:
    return [trace.name for trace in fig.data]


def assert_empty_state(fig: go.Figure, title: str, message: str) -> None:
    assert isinstance(fig, go.Figure)
    assert fig.data == ()
    assert fig.layout.title.text == title
    assert [a.text for a in fig.layout.annotations] == [message]
    assert fig.layout.xaxis.visible is False
    assert fig.layout.height == 200


# ---- weekly ------------------------------------------------------------------------------------

TARGET_WEEKS = pl.DataFrame(
    {
        "week": ["2025-W23", "2025-W24", "2025-W25"],
        "week_start": [MON, NEXT_MON, date(2025, 6, 16)],
        "runs": [2, 0, 4],
        "target": [1, 2, 2],
        "status": ["on target", "below", "ahead of plan"],
    }
)
WEEKLY = pl.DataFrame(
    {
        "week_start": [MON, NEXT_MON],
        "run_km": [16.09344, 8.04672],
        "walk_km": [3.218688, 0.0],
        "load": [480.0, 390.5],
    }
)


def test_runs_against_target() -> None:
    fig = weekly.runs_against_target(TARGET_WEEKS)
    assert isinstance(fig, go.Figure)
    assert names(fig) == ["on target", "ahead of plan", "below", "no runs", "target"]
    on, above, below, zero, target = fig.data
    assert (xs(zero), ys(zero)) == (["2025-06-09"], [0.0])  # a week without runs: a zero mark
    assert (xs(on), ys(on), list(on.customdata)) == (["2025-06-02"], [2.0], ["2025-W23"])
    assert (xs(above), ys(above)) == (["2025-06-16"], [4.0])
    assert (xs(below), ys(below)) == (["2025-06-09"], [0.0])
    assert target.type == "scatter"
    assert ys(target) == [1.0, 2.0, 2.0]
    assert on.marker.color == style.RUN
    assert fig.layout.title.text == "Runs per week against your target"


@pytest.mark.parametrize(("unit", "run", "walk"), [("km", [16.09, 8.05], [3.22, 0.0]),
                                                   ("mi", [10.0, 5.0], [2.0, 0.0])])  # fmt: skip
def test_distance_by_sport_in_the_users_unit(unit: str, run: list, walk: list) -> None:
    fig = weekly.distance_by_sport(WEEKLY, unit)
    assert names(fig) == ["running", "walking"]
    assert xs(fig.data[0]) == ["2025-06-02", "2025-06-09"]
    assert ys(fig.data[0]) == pytest.approx(run, abs=0.01)
    assert ys(fig.data[1]) == pytest.approx(walk, abs=0.01)
    assert fig.layout.barmode == "stack"
    assert fig.layout.title.text == f"Weekly distance ({unit})"
    assert fig.layout.yaxis.title.text == unit


def test_weekly_load() -> None:
    fig = weekly.weekly_load(WEEKLY)
    assert names(fig) == ["load"]
    assert ys(fig.data[0]) == [480.0, 390.5]


def test_fitness_fatigue_form() -> None:
    pmc = pl.DataFrame(
        {
            "date": [MON, MON + timedelta(days=1)],
            "fitness": [2.353, 2.297],
            "fatigue": [13.312, 11.540],
            "form": [-10.959, -9.243],
        }
    )
    fig = weekly.fitness_fatigue_form(pmc)
    assert names(fig) == [
        "fitness (42-day average)",
        "fatigue (7-day average)",
        "form (fitness - fatigue)",
    ]
    assert [t.type for t in fig.data] == ["scatter", "scatter", "scatter"]
    assert ys(fig.data[2]) == [-10.959, -9.243]
    assert ys(fig.data[0]) == [2.353, 2.297]
    assert ys(fig.data[1]) == [13.312, 11.540]


def test_acwr_skips_days_without_a_ratio_and_says_contested() -> None:
    daily = pl.DataFrame(
        {
            "date": [MON, MON + timedelta(days=1), MON + timedelta(days=2)],
            "acwr_uncoupled": [None, 1.5, 1.2],
            "acwr_ewma": [None, 1.33, None],
        }
    )
    fig = weekly.acwr(daily)
    assert "contested" in fig.layout.title.text
    assert names(fig) == ["rolling (uncoupled)", "EWMA"]
    assert xs(fig.data[0]) == ["2025-06-03", "2025-06-04"]
    assert ys(fig.data[0]) == [1.5, 1.2]
    assert [a.y0 for a in fig.layout.shapes] == [1.0]  # the 1.0 reference line
    no_ratio = daily.with_columns(pl.lit(None, pl.Float64).alias(c) for c in daily.columns[1:])
    assert_empty_state(
        weekly.acwr(no_ratio), fig.layout.title.text, "Needs at least four weeks of data"
    )


def test_monotony_strain() -> None:
    weeks = pl.DataFrame(
        {"week_start": [MON, NEXT_MON], "monotony": [2.366, None], "strain": [331.3, None]}
    )
    fig = weekly.monotony_strain(weeks)
    assert names(fig) == ["monotony", "strain"]
    assert (xs(fig.data[0]), ys(fig.data[0]), ys(fig.data[1])) == (["2025-06-02"], [2.366], [331.3])
    assert fig.data[1].yaxis == "y2"
    assert_empty_state(
        weekly.monotony_strain(weeks.slice(1)),
        "Monotony and strain",
        "Needs whole weeks with varied loads",
    )


# ---- rest --------------------------------------------------------------------------------------


def test_day_calendar_puts_each_day_in_its_week_and_weekday() -> None:
    classes = ["impact", "rest", "weight-bearing", "active", "impact", "rest", "rest", "impact"]
    days = pl.DataFrame({"date": [MON + timedelta(days=i) for i in range(8)], "day_class": classes})
    fig = rest.day_calendar(days)
    heat, *key = fig.data
    assert heat.type == "heatmap"
    assert list(heat.y) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert [str(x) for x in heat.x] == ["2025-06-02", "2025-06-09"]
    # codes: rest 0, active 1, weight-bearing 2, impact 3; the second week has only Monday
    assert [list(row) for row in heat.z] == [
        [3, 3], [0, None], [2, None], [1, None], [3, None], [0, None], [0, None],
    ]  # fmt: skip
    assert heat.text[2][0] == "Wed 04 Jun 2025: weight-bearing"
    # the key is legend entries under the chart (a colour bar crowded a phone), in the colours
    assert heat.showscale is False
    assert [(t.name, t.marker.color) for t in key] == [
        (name, style.DAY_COLOURS[name]) for name in ("impact", "weight-bearing", "active", "rest")
    ]


def test_hours_between_runs_is_capped_at_a_week() -> None:
    gaps = pl.DataFrame({"hours_since_previous_run": [None, 20.0, 50.0, 200.0]})
    fig = rest.hours_between(gaps)
    assert fig.data[0].type == "histogram"
    assert list(fig.data[0].x) == [20.0, 50.0, 168.0]
    assert [s.x0 for s in fig.layout.shapes] == [24, 48]
    assert_empty_state(
        rest.hours_between(gaps.head(1)), "Hours between runs", "Needs at least two runs"
    )


# ---- shoes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("unit", "marks"), [("mi", [300.0, 500.0]), ("km", [482.8032, 804.672])])
def test_shoe_distance_with_check_and_replace_marks(unit: str, marks: list[float]) -> None:
    long_name = "Brooks Ghost 15 GTX trail edition, the <blue> ones"
    table = pl.DataFrame(
        {
            "gear": ["Ghost", "Nike Pegasus 41", "Old", "Spare"],
            "name": [long_name, "Nike Pegasus 41", "Old pair", "Spare"],
            "km": [500.0, 80.0, 900.0, 100.0],
            "miles": [310.7, 49.7, 559.2, 62.1],
            "status": ["warn", "ok", "retired", "ok"],
            "idle": [False, False, False, True],
        }
    )
    markup = shoes.shoe_distance(table, unit, 300.0, 500.0)
    column = "miles" if unit == "mi" else "km"
    in_use = table.filter(pl.col("status") != "retired").sort(column, descending=True)
    # one row per shoe in use, most worn first, retired left out; names cut, whole on hover
    names = [html.unescape(n) for n in re.findall(r'<div class="bl-name"[^>]*>(.*?)</div>', markup)]
    assert names == ["Brooks Ghost 15…", "Spare", "Nike Pegasus 41"]
    assert "Old pair" not in markup and "<blue>" not in markup  # escaped
    said = [html.unescape(s) for s in re.findall(r'role="img" aria-label="([^"]*)"', markup)]
    assert said[0] == f"{long_name}: {in_use[column][0]:,.0f} {unit}, past the check mark"
    assert said[1].endswith("not worn for 6 months")  # idle is quiet, and said in words
    colours = re.findall(r'class="bl-hbar" style="width:[\d.]+%;background:(#\w+)"', markup)
    assert colours == [style.WARN, style.MUTED, style.RUN]
    values = [float(v.replace(",", "")) for v in re.findall(r'"bl-value"[^>]*>([\d,]+)<', markup)]
    assert values == [round(v) for v in in_use[column]]
    # bar widths in proportion, on an axis reaching 8% past the replace mark (never clipped)
    widths = [float(w) for w in re.findall(r'class="bl-hbar" style="width:([\d.]+)%', markup)]
    top = max(in_use[column].max(), marks[1]) * 1.08
    assert widths == pytest.approx([v / top * 100 for v in in_use[column]], abs=0.01)
    lines = [float(x) for x in re.findall(r'class="bl-mark" style="left:([\d.]+)%', markup)]
    assert lines[:2] == pytest.approx([m / top * 100 for m in marks], abs=0.01)
    assert len(lines) == 2 * len(names)  # both marks through every row
    # the marks' labels on two rows of their own, never on top of each other
    tops = re.findall(r'<span style="left:[\d.]+%;top:([\d.]+)rem">(check|replace) ', markup)
    assert [name for _, name in tops] == ["check", "replace"] and tops[0][0] != tops[1][0]
    assert f"Distance per shoe ({unit})" in markup and f"distance ({unit})" in markup
    assert [label in markup for _, _, label in shoes.LEGEND] == [True] * 4  # the key
    empty = shoes.shoe_distance(table.clear(), unit, 300.0, 500.0)
    assert "no shoes in use" in empty and 'class="bl-hbar"' not in empty


def test_short_name_keeps_short_names_and_cuts_long_ones() -> None:
    assert shoes.short_name("Ghost") == "Ghost"
    assert shoes.short_name("x" * 16) == "x" * 16
    assert shoes.short_name("y" * 40) == "y" * 15 + "…"


# ---- progression -------------------------------------------------------------------------------


def test_stage_and_time_on_feet() -> None:
    weeks = pl.DataFrame(
        {
            "week_start": [MON, NEXT_MON, date(2025, 6, 16)],
            "stage": ["walking", "none", "walk-run"],
            "time_on_feet_min": [90.0, 0.0, 120.0],
            "longest_run_min": [None, None, 8.0],
        }
    )
    fig = progression.stage_and_time_on_feet(weeks)
    assert names(fig) == ["walking", "walk-run", "longest run"]
    assert (xs(fig.data[0]), ys(fig.data[0])) == (["2025-06-02"], [90.0])
    assert (xs(fig.data[1]), ys(fig.data[1])) == (["2025-06-16"], [120.0])
    assert fig.data[0].marker.color == style.STAGE_COLOURS["walking"]
    longest = ys(fig.data[2])
    assert math.isnan(longest[0]) and math.isnan(longest[1])  # no run: a gap in the line
    assert longest[2] == 8.0


def test_plan_progress() -> None:
    plan = pl.DataFrame(
        {
            "week_start": [MON, NEXT_MON, date(2025, 6, 16)],
            "plan_week": [1, 1, 2],
            "attempt": [1, 2, 1],
            "planned": [3, 3, 3],
            "done": [2, 3, 1],
            "outcome": ["repeat", "moved on", "this week"],
        }
    )
    fig = progression.plan_progress(plan)
    assert names(fig) == ["planned", "done"]
    assert list(fig.data[0].x) == ["02 Jun: week 1", "09 Jun: week 1, again", "16 Jun: week 2"]
    assert (ys(fig.data[0]), ys(fig.data[1])) == ([3.0, 3.0, 3.0], [2.0, 3.0, 1.0])
    assert list(fig.data[1].customdata) == ["repeat", "moved on", "this week"]


@pytest.mark.parametrize(("unit", "pace"), [("km", [6.0, 5.5]), ("mi", [9.656064, 8.851392])])
def test_pace_at_heart_rate(unit: str, pace: list[float]) -> None:
    months = pl.DataFrame(
        {"month": [date(2025, 5, 1), date(2025, 6, 1)], "pace_min_km": [6.0, 5.5], "runs": [3, 4]}
    )
    fig = progression.pace_at_heart_rate(months, 150.0, unit)
    assert fig.layout.title.text == "Pace at about 150 bpm"
    assert ys(fig.data[0]) == pytest.approx([p * 60 for p in pace])  # seconds, shown as m:ss
    low, high = fig.layout.yaxis.range
    assert low > high  # reversed: faster is higher
    assert fig.layout.yaxis.title.text == f"pace, min:s per {unit} (faster is higher)"


# ---- every builder's empty state ---------------------------------------------------------------

F64 = pl.Float64


def nothing(**schema: Any) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


NO_WEEKS = "No weeks in this period"
EMPTY_CASES: list[tuple[Callable[[], go.Figure], str, str]] = [
    (
        lambda: weekly.runs_against_target(TARGET_WEEKS.clear()),
        "Runs per week against your target",
        NO_WEEKS,
    ),
    (lambda: weekly.distance_by_sport(WEEKLY.clear(), "mi"), "Weekly distance (mi)", NO_WEEKS),
    (lambda: weekly.weekly_load(WEEKLY.clear()), "Weekly training load", NO_WEEKS),
    (
        lambda: weekly.fitness_fatigue_form(
            nothing(date=pl.Date, fitness=F64, fatigue=F64, form=F64)
        ),
        "Fitness, fatigue and form",
        "No days in this period",
    ),
    (
        lambda: weekly.acwr(nothing(date=pl.Date, acwr_uncoupled=F64, acwr_ewma=F64)),
        "Acute:chronic workload ratio (contested)",
        "Needs at least four weeks of data",
    ),
    (
        lambda: weekly.monotony_strain(nothing(week_start=pl.Date, monotony=F64, strain=F64)),
        "Monotony and strain",
        "Needs whole weeks with varied loads",
    ),
    (
        lambda: rest.day_calendar(nothing(date=pl.Date, day_class=pl.String)),
        "Impact, active and rest days",
        "No days in this period",
    ),
    (
        lambda: rest.hours_between(nothing(hours_since_previous_run=F64)),
        "Hours between runs",
        "Needs at least two runs",
    ),
    (
        lambda: progression.stage_and_time_on_feet(nothing(week_start=pl.Date)),
        "Time on feet and stage, walk to run",
        NO_WEEKS,
    ),
    (
        lambda: progression.plan_progress(nothing(plan_week=pl.Int64)),
        "Walk-to-run plan: planned and done, week by week",
        "No plan started",
    ),
    (
        lambda: progression.pace_at_heart_rate(nothing(month=pl.Date), 140, "km"),
        "Pace at about 140 bpm",
        "No runs with heart rate near this value",
    ),
    (
        lambda: bone.weekly_oi(BONE_WEEKS.clear()),
        "Weekly bone-loading score (speculative)",
        NO_WEEKS,
    ),
    (
        lambda: bone_week.bone_week_chart(BONE_WEEK.clear()),
        bone_week.BONE_WEEK_TITLE,
        NO_WEEKS,
    ),
    (
        lambda: bone_week.months_chart(nothing(week_start=pl.Date, share_full=F64)),
        bone_week.MONTHS_TITLE,
        "Needs one finished week",
    ),
]


@pytest.mark.parametrize(("build", "title", "message"), EMPTY_CASES)
def test_every_builder_has_an_empty_state(
    build: Callable[[], go.Figure], title: str, message: str
) -> None:
    assert_empty_state(build(), title, message)


def test_charts_and_views_load_without_streamlit() -> None:
    """Importing every builder and the views pulls in no Streamlit, even indirectly."""
    code = (
        "import sys\n"
        "import dashboard.charts.bone, dashboard.charts.bone_week, dashboard.charts.progression\n"
        "import dashboard.charts.rest\n"
        "import dashboard.charts.shoes, dashboard.charts.weekly, dashboard.views\n"
        "print('streamlit' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
