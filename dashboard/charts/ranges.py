"""Range presets (3 months, a year, all) on charts over time, so ten years stay readable.

One helper for every chart whose x axis is dates: `with_ranges(fig, dates)` puts Plotly range
buttons above the first date axis, offering only the presets shorter than the data (a
"1 year" button on five months of data would only zoom out onto empty space), and none when
the data spans three months or less. Zoom needs nothing added: a drag on any chart zooms and a
double-click resets (style.CONFIG hides the toolbar, not the zoom). With shared x axes
(make_subplots(shared_xaxes=True)) the buttons move every panel together.

Pure: figure and dates in, the same figure out (changed in place). style.themed gives the
buttons the page theme's colours.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

import plotly.graph_objects as go
import polars as pl

# (the data must span more than this many days, the button)
PRESETS: Final = (
    (92, {"count": 3, "label": "3 months", "step": "month", "stepmode": "backward"}),
    (366, {"count": 1, "label": "1 year", "step": "year", "stepmode": "backward"}),
)
ALL: Final = {"label": "all", "step": "all"}
BUTTONS_PX: Final = 40  # room above the plot for the buttons, added to the top margin


def span_days(dates: pl.Series | list[date] | list[datetime]) -> int:
    """Days from the earliest to the latest of `dates` (nulls ignored; 0 when fewer than 2)."""
    values = [d for d in dates if d is not None]
    if len(values) < 2:
        return 0
    return (max(values) - min(values)).days


def presets(days: int) -> list[dict[str, Any]]:
    """The range buttons for data spanning `days`: each preset shorter than the data, then
    "all"; no buttons when no preset is shorter than the data."""
    buttons = [dict(button) for longer_than, button in PRESETS if days > longer_than]
    return [*buttons, dict(ALL)] if buttons else []


def with_ranges(
    fig: go.Figure, dates: pl.Series | list[date] | list[datetime], y: float = 1.02
) -> go.Figure:
    """`fig` with range presets above its first x axis when `dates` span more than three
    months. Call it after style.layout (it adds BUTTONS_PX to the top margin layout set).
    `y`: the buttons' bottom edge in plot fractions (above any subplot title)."""
    buttons = presets(span_days(dates))
    if not buttons:
        return fig
    top = fig.layout.margin.t if fig.layout.margin.t is not None else 50
    fig.update_layout(
        margin={"t": top + BUTTONS_PX},
        # the title pinned to the top, so the buttons below it never touch it
        title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}},
        xaxis={
            "rangeselector": {
                "buttons": buttons,
                "x": 0,
                "xanchor": "left",
                "y": y,
                "yanchor": "bottom",
            }
        },
    )
    return fig
