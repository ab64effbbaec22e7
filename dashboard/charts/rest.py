"""Charts of days: the impact / active / rest calendar and hours between runs."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.ranges import with_ranges
from dashboard.charts.style import DAY_COLOURS, RUN, WEEK_AXIS, empty, layout

_CLASS_ORDER = ("rest", "active", "weight-bearing", "impact")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day_calendar(days: pl.DataFrame) -> go.Figure:
    """A calendar heat map: one column per week, one row per weekday, coloured by day class.

    days: output of metrics.weekly.daily_classes (`date`, `day_class`).
    """
    title = "Impact, active and rest days"
    if days.is_empty():
        return empty(title, "No days in this period")
    codes = {name: i for i, name in enumerate(_CLASS_ORDER)}
    grid = days.with_columns(
        week=pl.col("date").dt.truncate("1w"),
        weekday=pl.col("date").dt.weekday() - 1,
        code=pl.col("day_class").replace_strict(codes, return_dtype=pl.Int64),
    )
    weeks = grid["week"].unique().sort()
    column = {week: i for i, week in enumerate(weeks)}
    z: list[list[int | None]] = [[None] * len(weeks) for _ in range(7)]
    text: list[list[str]] = [[""] * len(weeks) for _ in range(7)]
    for day, week, weekday, code, cls in grid.select(
        "date", "week", "weekday", "code", "day_class"
    ).iter_rows():
        z[weekday][column[week]] = code
        text[weekday][column[week]] = f"{day:%a %d %b %Y}: {cls}"
    n = len(_CLASS_ORDER)
    scale = []
    for i, name in enumerate(_CLASS_ORDER):
        scale += [[i / n, DAY_COLOURS[name]], [(i + 1) / n, DAY_COLOURS[name]]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(weeks),
            y=list(_WEEKDAYS),
            text=text,
            hoverinfo="text",
            colorscale=scale,
            zmin=-0.5,
            zmax=n - 0.5,
            xgap=2,
            ygap=2,
            showscale=False,
        )
    )
    # the key as legend entries under the chart (they wrap on a phone; a colour bar beside the
    # chart took a third of a phone's width, under it its labels turned and ran off)
    for name in reversed(_CLASS_ORDER):
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=name,
            marker={"symbol": "square", "size": 14, "color": DAY_COLOURS[name]},
            hoverinfo="skip",
        )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(showgrid=False)
    fig = layout(fig, title, height=330, x_title=WEEK_AXIS)
    fig.update_layout(hovermode="closest")
    return with_ranges(fig, list(weeks))


def hours_between(gaps: pl.DataFrame) -> go.Figure:
    """Histogram of hours from the end of one run to the start of the next, capped at 7 days."""
    title = "Hours between runs"
    hours = gaps["hours_since_previous_run"].drop_nulls() if gaps.height else pl.Series([])
    if hours.is_empty():
        return empty(title, "Needs at least two runs")
    fig = go.Figure(
        go.Histogram(
            x=hours.clip(upper_bound=168),
            xbins={"size": 12},
            marker_color=RUN,
            hovertemplate="%{y} runs",
        )
    )
    fig.add_vline(x=24, line={"dash": "dash"}, annotation_text="24 h")
    fig.add_vline(x=48, line={"dash": "dot"}, annotation_text="48 h")
    # two short lines: one long line ran past a phone's width (issue 13)
    fig.update_xaxes(title="hours since the previous run ended<br>(7 days or more at the right)")
    fig = layout(fig, title, "runs")
    fig.update_layout(hovermode="closest")
    return fig
