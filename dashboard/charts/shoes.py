"""Chart of shoes: distance per shoe against the check and replace marks."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.style import ALERT, RUN, WARN, empty, layout

_STATUS = {"ok": RUN, "warn": WARN, "replace": ALERT}


def shoe_distance(
    table: pl.DataFrame, unit: str, warn_miles: float, replace_miles: float
) -> go.Figure:
    """Horizontal bars of each shoe's distance with the warn and replace marks.

    table: dashboard.views.shoe_table (name, km, miles, status...).
    """
    title = f"Distance per shoe ({unit})"
    if table.is_empty():
        return empty(title, "No shoes recorded")
    column = "miles" if unit == "mi" else "km"
    factor = 1.0 if unit == "mi" else 1.609344
    ordered = table.sort(column)
    fig = go.Figure(
        go.Bar(
            x=ordered[column],
            y=ordered["name"],
            orientation="h",
            marker_color=[_STATUS.get(s, RUN) for s in ordered["status"]],
            customdata=ordered["status"],
            hovertemplate="%{x:.0f} " + unit + " (%{customdata})",
        )
    )
    fig.add_vline(
        x=warn_miles * factor,
        line={"color": WARN, "dash": "dash"},
        annotation_text=f"check {warn_miles * factor:.0f}",
    )
    fig.add_vline(
        x=replace_miles * factor,
        line={"color": ALERT, "dash": "dash"},
        annotation_text=f"replace {replace_miles * factor:.0f}",
    )
    fig = layout(fig, title, "", height=max(220, 60 + 40 * table.height))
    fig.update_layout(hovermode="closest")
    return fig
