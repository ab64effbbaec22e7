"""Charts of bone loading: weekly osteogenic index, impact days, and why rest between runs."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.style import MUTED, OTHER, RUN, empty, layout


def weekly_oi(weeks: pl.DataFrame) -> go.Figure:
    """Weekly osteogenic index as bars, impact days as markers (metrics.bone.weekly_bone)."""
    title = "Weekly bone loading (osteogenic index, speculative)"
    if weeks.is_empty():
        return empty(title, "No weeks in this period")
    fig = go.Figure()
    fig.add_bar(
        x=weeks["week_start"],
        y=weeks["oi"],
        name="osteogenic index",
        marker_color=RUN,
        hovertemplate="%{y:.1f}",
    )
    fig.add_scatter(
        x=weeks["week_start"],
        y=weeks["impact_days"],
        name="impact days",
        yaxis="y2",
        mode="markers",
        marker={"color": OTHER, "size": 8},
        hovertemplate="%{y} impact days",
    )
    fig.update_layout(
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "title": "impact days",
            "range": [0, 7.5],
            "dtick": 1,
            "showgrid": False,
        }
    )
    return layout(fig, title, "OI")


def impact_vs_active(weeks: pl.DataFrame) -> go.Figure:
    """Stacked impact, non-impact active and rest days per week."""
    title = "Impact days against active, non-impact days"
    if weeks.is_empty():
        return empty(title, "No weeks in this period")
    fig = go.Figure()
    fig.add_bar(x=weeks["week_start"], y=weeks["impact_days"], name="impact", marker_color=RUN)
    fig.add_bar(
        x=weeks["week_start"],
        y=weeks["active_non_impact_days"],
        name="active, no impact",
        marker_color=OTHER,
    )
    fig.add_bar(x=weeks["week_start"], y=weeks["rest_days"], name="rest", marker_color=MUTED)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(dtick=1)
    return layout(fig, title, "days")


def saturation(grf_bw: float = 2.5, cadence_spm: float = 165.0) -> go.Figure:
    """OI of one run by its length against the same minutes split into two runs >= 8 h apart.

    Shows the log saturation of OI = GRF x ln(N + 1) (Turner & Robling 2003).
    """
    minutes = list(range(5, 91, 5))
    one = [grf_bw * math.log(cadence_spm * m + 1) for m in minutes]
    two = [2 * grf_bw * math.log(cadence_spm * m / 2 + 1) for m in minutes]
    fig = go.Figure()
    fig.add_scatter(x=minutes, y=one, name="one run", mode="lines", line={"color": OTHER})
    fig.add_scatter(
        x=minutes, y=two, name="two runs, 8 h or more apart", mode="lines", line={"color": RUN}
    )
    fig.update_xaxes(title="total running minutes in the day")
    return layout(fig, "Why shorter runs with rest between load bone more", "OI")
