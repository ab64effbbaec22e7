"""Charts of weeks: runs against the target, distance by sport, load and form (fitness_fatigue_form
lives in dashboard.charts.fitness)."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.fitness import fitness_fatigue_form
from dashboard.charts.ranges import with_ranges
from dashboard.charts.style import (
    DATE_AXIS,
    MUTED,
    OTHER,
    RUN,
    TARGET,
    WALK,
    WEEK_AXIS,
    empty,
    layout,
    per_unit,
)

STATUS_COLOURS = {
    "on target": RUN,
    "ahead of plan": WALK,
    "below": MUTED,
    "walking phase": WALK,
    "no runs asked": MUTED,
}


def runs_against_target(weeks: pl.DataFrame) -> go.Figure:
    """Bars of runs per week coloured by status, the (ramping) target as a line.

    weeks: output of metrics.rest.runs_vs_target.
    """
    title = "Runs per week against your target"
    if weeks.is_empty():
        return empty(title, "No weeks in this period")
    fig = go.Figure()
    for status, colour in STATUS_COLOURS.items():
        part = weeks.filter(pl.col("status") == status)
        if part.height:
            fig.add_bar(
                x=part["week_start"],
                y=part["runs"],
                name=status,
                marker_color=colour,
                customdata=part["week"],
                hovertemplate="%{customdata}: %{y} runs",
            )
    zero = weeks.filter(pl.col("runs") == 0)
    if zero.height:  # a week without runs is a zero on the chart, not a gap
        fig.add_scatter(
            x=zero["week_start"],
            y=[0] * zero.height,
            name="no runs",
            mode="markers",
            marker={"symbol": "line-ew", "size": 18, "line": {"width": 3, "color": MUTED}},
            customdata=zero["week"],
            hovertemplate="%{customdata}: 0 runs<extra></extra>",
            cliponaxis=False,
        )
    fig.add_scatter(
        x=weeks["week_start"],
        y=weeks["target"],
        name="target",
        mode="lines",
        line={"color": TARGET, "shape": "hv", "dash": "dash"},
    )
    fig.update_yaxes(dtick=1, rangemode="tozero")
    layout(fig, title, "runs", x_title=WEEK_AXIS)
    return with_ranges(fig, weeks["week_start"])


def distance_by_sport(weekly: pl.DataFrame, unit: str) -> go.Figure:
    """Stacked weekly distance: running and walking (walk + hike), in the user's unit."""
    title = f"Weekly distance ({unit})"
    if weekly.is_empty():
        return empty(title, "No weeks in this period")
    scale = per_unit(unit)
    fig = go.Figure()
    fig.add_bar(
        x=weekly["week_start"],
        y=weekly["run_km"] / scale,
        name="running",
        marker_color=RUN,
        hovertemplate="%{y:.1f} " + unit,
    )
    fig.add_bar(
        x=weekly["week_start"],
        y=weekly["walk_km"] / scale,
        name="walking",
        marker_color=WALK,
        hovertemplate="%{y:.1f} " + unit,
    )
    fig.update_layout(barmode="stack")
    layout(fig, title, unit, x_title=WEEK_AXIS)
    return with_ranges(fig, weekly["week_start"])


def weekly_load(weekly: pl.DataFrame) -> go.Figure:
    """Weekly training load (sum of session loads) as bars."""
    title = "Weekly training load"
    if weekly.is_empty():
        return empty(title, "No weeks in this period")
    fig = go.Figure()
    fig.add_bar(
        x=weekly["week_start"],
        y=weekly["load"],
        name="load",
        marker_color=OTHER,
        hovertemplate="%{y:.0f}",
    )
    layout(fig, title, "load (TRIMP)", x_title=WEEK_AXIS)
    return with_ranges(fig, weekly["week_start"])


def acwr(daily: pl.DataFrame) -> go.Figure:
    """Acute:chronic workload ratios (metrics.load_ratios.acwr_daily), labelled contested."""
    title = "Acute:chronic workload ratio (contested)"
    shown = daily.filter(pl.col("acwr_uncoupled").is_not_null() | pl.col("acwr_ewma").is_not_null())
    if shown.is_empty():
        return empty(title, "Needs at least four weeks of data")
    fig = go.Figure()
    fig.add_scatter(
        x=shown["date"],
        y=shown["acwr_uncoupled"],
        name="rolling (uncoupled)",
        mode="lines",
        line={"color": OTHER},
        hovertemplate="%{y:.2f}",
    )
    fig.add_scatter(
        x=shown["date"],
        y=shown["acwr_ewma"],
        name="EWMA",
        mode="lines",
        line={"color": RUN, "dash": "dot"},
        hovertemplate="%{y:.2f}",
    )
    fig.add_hline(y=1.0, line={"color": MUTED, "width": 1})
    layout(fig, title, "ratio", x_title=DATE_AXIS)
    return with_ranges(fig, shown["date"])


def nice_step(top: float, ticks: int = 4) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving at most `ticks` steps
    from 0 to `top`."""
    magnitude = 10 ** math.floor(math.log10(top / ticks)) if top > 0 else 1.0
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if top / (m * magnitude) <= ticks)


def monotony_strain(weeks: pl.DataFrame) -> go.Figure:
    """Foster's monotony per week (bars) and strain (line, right axis)."""
    title = "Monotony and strain"
    shown = weeks.filter(pl.col("monotony").is_not_null())
    if shown.is_empty():
        return empty(title, "Needs whole weeks with varied loads")
    fig = go.Figure()
    fig.add_bar(
        x=shown["week_start"],
        y=shown["monotony"],
        name="monotony",
        marker_color=OTHER,
        hovertemplate="%{y:.2f}",
    )
    fig.add_scatter(
        x=shown["week_start"],
        y=shown["strain"],
        name="strain",
        yaxis="y2",
        mode="lines+markers",
        line={"color": WALK},
        hovertemplate="%{y:.0f}",
    )
    # both axes from zero on round steps: never a negative tick nor 742 / 1,484 (issue 13)
    top = max(float(shown["strain"].max() or 0.0), 1.0)
    high = max(float(shown["monotony"].max() or 0.0), 1.0)
    fig.update_layout(
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "title": "strain",
            "showgrid": False,
            "range": [0, top * 1.1],
            "tickmode": "linear",
            "tick0": 0,
            "dtick": nice_step(top),
            "tickformat": ",.0f",
        },
        yaxis={
            "range": [0, high * 1.1],
            "tickmode": "linear",
            "tick0": 0,
            "dtick": nice_step(high),
            "tickformat": ".1f",
        },
    )
    layout(fig, title, "monotony", x_title=WEEK_AXIS)
    return with_ranges(fig, shown["week_start"])


__all__ = ["acwr", "distance_by_sport", "fitness_fatigue_form", "monotony_strain",
           "runs_against_target", "weekly_load"]  # fmt: skip
