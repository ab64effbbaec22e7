"""Chart of shoes: distance per shoe in use against the check and replace marks."""

from __future__ import annotations

from typing import Final

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.style import (
    ALERT,
    KM_PER_MILE,
    MUTED,
    RUN,
    WARN,
    empty,
    layout,
    legend_below,
)

LABEL_CHARS: Final = 16  # a shoe name longer than this is cut on the axis (full name in hover)
LEGEND: Final = (
    ("ok", RUN, "under the check mark"),
    ("warn", WARN, "past the check mark"),
    ("replace", ALERT, "past the replace mark"),
    ("idle", MUTED, "not worn for 6 months"),
)


def short_name(name: str, limit: int = LABEL_CHARS) -> str:
    """`name` cut to `limit` characters with an ellipsis, so a phone keeps room for the bars."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _colour_key(status: str, idle: bool) -> str:
    return "idle" if idle else status


def shoe_distance(
    table: pl.DataFrame, unit: str, warn_miles: float, replace_miles: float
) -> go.Figure:
    """Horizontal bars of each shoe in use, coloured by status, with the two marks.

    table: dashboard.views.shoe_table (gear, name, km, miles, status, idle...). Retired shoes
    are left out (the page lists them apart). Names are cut on the axis (LABEL_CHARS) and whole
    in the hover; the marks' labels end at their lines, on two rows, so they never overlap;
    the x axis always reaches past the replace mark, so neither mark is clipped.
    """
    title = f"Distance per shoe ({unit})"
    in_use = table.filter(pl.col("status") != "retired")
    if in_use.is_empty():
        return empty(title, "No shoes in use")
    column = "miles" if unit == "mi" else "km"
    factor = 1.0 if unit == "mi" else KM_PER_MILE
    warn_at, replace_at = warn_miles * factor, replace_miles * factor
    ordered = in_use.sort(column)
    keys = [_colour_key(s, i) for s, i in zip(ordered["status"], ordered["idle"], strict=True)]
    colours = dict((key, colour) for key, colour, _ in LEGEND)
    fig = go.Figure(
        go.Bar(
            x=ordered[column],
            y=ordered["gear"],
            orientation="h",
            marker_color=[colours.get(k, RUN) for k in keys],
            customdata=list(zip(ordered["name"], keys, strict=True)),
            hovertemplate="%{customdata[0]}: %{x:.0f} " + unit + "<extra></extra>",
            showlegend=False,
        )
    )
    for _key, colour, label in LEGEND:  # one legend entry per colour, drawn or not
        fig.add_trace(go.Bar(x=[None], y=[None], marker_color=colour, name=label, orientation="h"))
    fig.add_vline(
        x=warn_at,
        line={"color": WARN, "dash": "dash"},
        annotation={"text": f"check {warn_at:.0f}", "yanchor": "bottom", "yshift": 0},
        annotation_position="top left",
    )
    fig.add_vline(
        x=replace_at,
        line={"color": ALERT, "dash": "dash"},
        annotation={"text": f"replace {replace_at:.0f}", "yanchor": "bottom", "yshift": 18},
        annotation_position="top left",
    )
    longest = max(float(ordered[column].max() or 0.0), replace_at)
    fig = layout(fig, title, "", height=max(300, 190 + 34 * in_use.height))
    fig.update_layout(hovermode="closest", barmode="overlay", margin={"l": 10, "r": 10, "t": 84})
    legend_below(fig, bottom=110)
    fig.update_xaxes(title_text=f"distance ({unit})", range=[0, longest * 1.08])
    fig.update_yaxes(
        tickmode="array",
        tickvals=ordered["gear"].to_list(),
        ticktext=[short_name(n) for n in ordered["name"]],
        automargin=True,
    )
    return fig
