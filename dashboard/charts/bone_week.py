"""Charts of the bone week (metrics.bone_week) and of rest between runs (metrics.bone).

Pure: frame in, figure out. Colours come from style and read on light and dark backgrounds;
no chart sets its own background, so Streamlit's theme applies. Meaning never rests on colour
alone: targets are drawn as ticks, the week still running is hatched and named in the hover.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard.charts.ranges import with_ranges
from dashboard.charts.style import (
    OTHER,
    RUN,
    SPORT_COLOURS,
    TEXT_PX,
    WARN,
    WEEK_AXIS,
    empty,
    layout,
    legend_below,
)
from dashboard.metrics.bone import two_bouts

# (row title, days column, target column, colour)
ROWS = (
    ("Run days", "run_days", "runs_target", RUN),
    ("Other impact days", "impact_days", "impact_target", SPORT_COLOURS["impact"]),
    ("Strength days", "strength_days", "strength_target", SPORT_COLOURS["strength"]),
    ("Balance days", "balance_days", "balance_target", SPORT_COLOURS["balance"]),
)
# Amber: visible on the green, pink and teal bars and on light and dark backgrounds alike.
TARGET_TICK = WARN
BONE_WEEK_TITLE = "Bone weeks: days and targets"
PANEL_PX = 110  # height of one panel's plot
GAP_PX = 44  # between panels: the lower panel's title and air above the upper one's ticks
TOP_PX = 50 + GAP_PX - 20  # chart title, then the first panel's title
BOTTOM_PX = 100  # x-axis title and legend
MONTHS_TITLE = "Full bone weeks, last 26"


def _rows_shown(weeks: pl.DataFrame) -> list[tuple[str, str, str, str]]:
    """Run days always; the others when they have a target or a day to show."""
    return [
        row
        for row in ROWS
        if row[1] == "run_days" or weeks[row[1]].sum() > 0 or weeks[row[2]].sum() > 0
    ]


def bone_week_chart(weeks: pl.DataFrame) -> go.Figure:
    """One panel per kind of day, stacked one above the other: days per week as bars, the
    week's target as a tick. The week still running is hatched (not judged yet)."""
    if weeks.is_empty():
        return empty(BONE_WEEK_TITLE, "No weeks in this period")
    rows = _rows_shown(weeks)
    plot_px = len(rows) * PANEL_PX + (len(rows) - 1) * GAP_PX
    fig = make_subplots(
        rows=len(rows),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=GAP_PX / plot_px,
        subplot_titles=[title for title, *_ in rows],
    )
    # each panel's title at its top-left, in the gap above it (centred titles sat on the
    # panel above's ticks and, on the first panel, on the range buttons)
    fig.update_annotations(x=0, xanchor="left", yshift=4, font={"size": TEXT_PX})
    running = ~weeks["complete"]
    hatch = ["/" if r else "" for r in running]
    when = ["this week, so far" if r else "" for r in running]
    for i, (title, days, target, colour) in enumerate(rows, start=1):
        fig.add_bar(
            x=weeks["week_start"],
            y=weeks[days],
            name=title.lower(),
            showlegend=False,
            marker={"color": colour, "pattern": {"shape": hatch}},
            customdata=when,
            hovertemplate=f"%{{y}} {title.lower()} %{{customdata}}<extra></extra>",
            row=i,
            col=1,
        )
        fig.add_scatter(
            x=weeks["week_start"],
            y=weeks[target],
            name="target (tick)",
            mode="markers",
            marker={
                "symbol": "line-ew",
                "size": 26,
                "color": TARGET_TICK,
                "line": {"width": 4, "color": TARGET_TICK},
            },
            hovertemplate="target %{y}<extra></extra>",
            showlegend=i == 1,
            legendgroup="target",
            row=i,
            col=1,
        )
        top = max(int(weeks[days].max() or 0), int(weeks[target].max() or 0), 1)
        fig.update_yaxes(range=[0, top + 0.5], dtick=1, row=i, col=1)
    layout(fig, BONE_WEEK_TITLE)
    fig.update_layout(margin={"t": TOP_PX}, hovermode="x")
    fig.update_xaxes(title_text=WEEK_AXIS, row=len(rows), col=1)
    # the buttons sit above the first panel's title
    with_ranges(fig, weeks["week_start"], y=1 + (GAP_PX - 6) / plot_px)
    legend_below(fig, BOTTOM_PX)
    return fig.update_layout(height=fig.layout.margin.t + plot_px + BOTTOM_PX)


def months_chart(view: pl.DataFrame) -> go.Figure:
    """Share of full bone weeks among the last 26 complete weeks, week by week, in percent
    (metrics.bone_week.months_view). Bone changes show over 6-12 months, not weeks."""
    if view.is_empty():
        return empty(MONTHS_TITLE, "Needs one finished week")
    share = view["share_full"] * 100
    fig = go.Figure()
    fig.add_scatter(
        x=view["week_start"],
        y=share,
        name="share of full bone weeks",
        mode="lines+markers",
        line={"color": RUN, "width": 3},
        customdata=view["weeks_counted"],
        hovertemplate="%{y:.0f}% of the last %{customdata} weeks<extra></extra>",
    )
    fig.update_yaxes(range=[0, 105], ticksuffix="%")
    last = share[-1]
    layout(fig, f"{MONTHS_TITLE}: {last:.0f}%", "full bone weeks", x_title=WEEK_AXIS)
    return with_ranges(fig, view["week_start"])


def rest_between_runs(grf_bw: float = 2.5, cycles: float = 4950.0) -> go.Figure:
    """The day's score of two 30-minute runs by the hours of rest between them: from one long
    run (no rest) to two full runs from 8 h (graded recovery, speculative)."""
    hours = [h / 2 for h in range(0, 25)]
    fig = go.Figure()
    fig.add_scatter(
        x=hours,
        y=[two_bouts(grf_bw, cycles, h) for h in hours],
        name="two 30-minute runs",
        mode="lines",
        line={"color": RUN, "width": 3},
        hovertemplate="%{x} h apart: %{y:.1f}<extra></extra>",
    )
    fig.add_scatter(
        x=[hours[0], hours[-1]],
        y=[two_bouts(grf_bw, cycles, 0)] * 2,
        name="one 60-minute run",
        mode="lines",
        line={"color": OTHER, "dash": "dash"},
        hovertemplate="%{y:.1f}<extra></extra>",
    )
    fig.update_xaxes(title="hours of rest between the two runs", dtick=2)
    layout(fig, "Rest between two runs (speculative)", "score")
    return legend_below(fig)
