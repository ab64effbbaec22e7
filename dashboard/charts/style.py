"""Colours and the shared layout of every boneload chart."""

from __future__ import annotations

from typing import Final

import plotly.graph_objects as go

RUN: Final = "#1B9E77"
WALK: Final = "#D95F02"
OTHER: Final = "#7570B3"
TARGET: Final = "#E7298A"
MUTED: Final = "#9CA3AF"
WARN: Final = "#E6AB02"
ALERT: Final = "#D62728"

DAY_COLOURS: Final = {
    "impact": RUN,
    "weight-bearing": WALK,
    "active": OTHER,
    "rest": MUTED,
}
STAGE_COLOURS: Final = {
    "none": MUTED,
    "walking": WALK,
    "walk-run": WARN,
    "jogging": "#66A61E",
    "running": RUN,
}
SPORT_COLOURS: Final = {
    "run": RUN,
    "walk": WALK,
    "hike": "#A6761D",
    "ride": OTHER,
    "swim": "#1F78B4",
    "strength": TARGET,
    "impact": "#66A61E",
    "balance": "#17BECF",
    "other": MUTED,
}
KM_PER_MILE: Final = 1.609344


def per_unit(unit: str) -> float:
    """Divide kilometres by this to get the user's unit."""
    return KM_PER_MILE if unit == "mi" else 1.0


WEEK_AXIS: Final = "week (from Monday)"
DATE_AXIS: Final = "date"
MONTH_AXIS: Final = "month"


def layout(
    fig: go.Figure, title: str, y_title: str = "", height: int = 340, x_title: str | None = None
) -> go.Figure:
    """Title, size, margins, legend and axis titles. `x_title`: every chart names its x axis
    (None leaves a title set before, e.g. by update_xaxes, as it is)."""
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        hovermode="x unified",
        yaxis_title=y_title,
    )
    return fig


def legend_below(fig: go.Figure, bottom: int = 100) -> go.Figure:
    """The legend at the foot of the figure, under the x-axis title (never on it, never over
    the title on a phone): anchored to the figure, with `bottom` pixels kept for axis and
    legend."""
    fig.update_layout(
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "xanchor": "left",
            "x": 0,
        },
        margin={"b": bottom},
    )
    return fig


def empty(title: str, message: str) -> go.Figure:
    """A figure that says there is nothing to draw, instead of an empty frame of axes."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return layout(fig, title, height=200)
