"""Charts of progression: stage per week, longest run, the plan, pace at a heart rate."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.style import (
    MUTED,
    OTHER,
    RUN,
    STAGE_COLOURS,
    WALK,
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
    return layout(fig, title, "minutes")


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
    return layout(fig, title, "sessions")


def pace_at_heart_rate(months: pl.DataFrame, hr: float, unit: str) -> go.Figure:
    """Monthly pace of runs at about the same heart rate (metrics.progression.pace_at_hr)."""
    title = f"Pace at about {hr:.0f} bpm"
    if months.is_empty():
        return empty(title, "No runs with heart rate near this value")
    pace = months["pace_min_km"] * per_unit(unit)
    fig = go.Figure()
    fig.add_scatter(
        x=months["month"],
        y=pace,
        mode="lines+markers",
        name="pace",
        line={"color": WALK},
        customdata=months["runs"],
        hovertemplate="%{y:.2f} min/" + unit + " (%{customdata} runs)",
    )
    fig.update_yaxes(autorange="reversed")
    return layout(fig, title, f"min per {unit} (faster is higher)")
