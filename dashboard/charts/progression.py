"""Charts of progression: stage per week, longest run, the plan, pace at a heart rate."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.ranges import with_ranges
from dashboard.charts.style import (
    MONTH_AXIS,
    MUTED,
    OTHER,
    RUN,
    STAGE_COLOURS,
    WALK,
    WEEK_AXIS,
    empty,
    layout,
    per_unit,
)


def stage_and_time_on_feet(weeks: pl.DataFrame) -> go.Figure:
    """Weekly time on feet as bars coloured by stage, the longest run as a line.

    weeks: output of metrics.progression.progression_weekly.
    """
    title = "Time on feet and stage, walk to run"
    if weeks.is_empty():
        return empty(title, "No weeks in this period")
    fig = go.Figure()
    for stage, colour in STAGE_COLOURS.items():
        part = weeks.filter(pl.col("stage") == stage)
        if part.height and stage != "none":
            fig.add_bar(
                x=part["week_start"],
                y=part["time_on_feet_min"],
                name=stage,
                marker_color=colour,
                hovertemplate="%{y:.0f} min",
            )
    fig.add_scatter(
        x=weeks["week_start"],
        y=weeks["longest_run_min"],
        name="longest run",
        mode="lines+markers",
        line={"color": OTHER},
        connectgaps=False,
        hovertemplate="%{y:.0f} min",
    )
    layout(fig, title, "minutes", x_title=WEEK_AXIS)
    return with_ranges(fig, weeks["week_start"])


def plan_progress(plan: pl.DataFrame) -> go.Figure:
    """Planned against done sessions per calendar week on the plan (metrics.plan.plan_history):
    a repeated plan week shows twice ("week 3, again")."""
    title = "Walk-to-run plan: planned and done, week by week"
    if plan.is_empty():
        return empty(title, "No plan started")
    labels = [
        f"{ws:%d %b}: week {w}" + (", again" if a > 1 else "")
        for ws, w, a in plan.select("week_start", "plan_week", "attempt").rows()
    ]
    fig = go.Figure()
    fig.add_bar(x=labels, y=plan["planned"], name="planned", marker_color=MUTED)
    fig.add_bar(
        x=labels,
        y=plan["done"],
        name="done",
        marker_color=RUN,
        customdata=plan["outcome"],
        hovertemplate="%{y} done (%{customdata})",
    )
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(dtick=1, rangemode="tozero")
    return layout(fig, title, "sessions", x_title="week on the calendar: week of the plan")


def mss(seconds: float) -> str:
    """A pace in seconds as m:ss ("5:30"), rounded to the second."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def pace_ticks(low: float, high: float) -> list[float]:
    """Tick positions (seconds) on whole 5/10/15/30/60-second steps, at most about 6, covering
    [low, high]; one pace alone gets ticks half a minute either side."""
    if high - low < 1:
        low, high = low - 30, high + 30
    step = next(s for s in (5, 10, 15, 30, 60, 120, 300) if (high - low) / s <= 6)
    first = (low // step) * step
    return [first + i * step for i in range(int((high - first) // step) + 2)]


def pace_at_heart_rate(months: pl.DataFrame, hr: float, unit: str) -> go.Figure:
    """Monthly pace of runs at about the same heart rate (metrics.progression.pace_at_hr), as
    m:ss per km or mile: seconds on a numeric axis with m:ss tick labels, so one month of data
    never turns the axis into clock times ("23:59:59.9995")."""
    title = f"Pace at about {hr:.0f} bpm"
    if months.is_empty():
        return empty(title, "No runs with heart rate near this value")
    seconds = (months["pace_min_km"] * per_unit(unit) * 60).to_list()
    ticks = pace_ticks(min(seconds), max(seconds))
    fig = go.Figure()
    fig.add_scatter(
        x=months["month"],
        y=seconds,
        mode="lines+markers",
        name="pace",
        line={"color": WALK},
        customdata=list(zip([mss(s) for s in seconds], months["runs"], strict=True)),
        hovertemplate="%{customdata[0]} per " + unit + " (%{customdata[1]} runs)<extra></extra>",
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=ticks,
        ticktext=[mss(t) for t in ticks],
        range=[ticks[-1], ticks[0]],  # reversed: faster is higher
    )
    layout(fig, title, f"pace, min:s per {unit} (faster is higher)", x_title=MONTH_AXIS)
    return with_ranges(fig, months["month"])
