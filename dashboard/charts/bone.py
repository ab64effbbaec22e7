"""Charts of bone loading: the weekly bone-loading score (osteogenic index) and impact days.

The bone week and the rest-between-runs curve are in charts/bone_week.py.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.ranges import with_ranges
from dashboard.charts.style import RUN, WEEK_AXIS, empty, layout, legend_below

# Impact days: a dark diamond with a white rim shows on the green bars, on white and on the dark
# theme's background alike (a purple dot vanished on green, issue 13).
IMPACT_MARKER = {
    "symbol": "diamond",
    "size": 11,
    "color": "#111827",
    "line": {"width": 2, "color": "#FFFFFF"},
}
# Over more than a year of weeks the diamonds touch and their white rims draw white bands
# across the bars: smaller, thinner-rimmed markers there (the range buttons zoom back in).
CROWDED_WEEKS = 53
SMALL_IMPACT_MARKER = {**IMPACT_MARKER, "size": 6, "line": {"width": 1, "color": "#FFFFFF"}}


def weekly_oi(weeks: pl.DataFrame) -> go.Figure:
    """Weekly osteogenic index as bars, impact days as markers (metrics.bone.weekly_bone)."""
    title = "Weekly bone-loading score (speculative)"
    if weeks.is_empty():
        return empty(title, "No weeks in this period")
    fig = go.Figure()
    fig.add_bar(
        x=weeks["week_start"],
        y=weeks["oi"],
        name="bone-loading score",
        marker_color=RUN,
        hovertemplate="%{y:.1f}",
    )
    fig.add_scatter(
        x=weeks["week_start"],
        y=weeks["impact_days"],
        name="impact days",
        yaxis="y2",
        mode="markers",
        marker=SMALL_IMPACT_MARKER if weeks.height > CROWDED_WEEKS else IMPACT_MARKER,
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
    layout(fig, title, "score", x_title=WEEK_AXIS)
    with_ranges(fig, weeks["week_start"])
    return legend_below(fig)  # on a phone a legend beside the title covers it
