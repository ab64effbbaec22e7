"""Fitness, fatigue and form over days or a decade, with form zones and range buttons."""

from __future__ import annotations

from typing import Final, NamedTuple

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard.charts.ranges import with_ranges
from dashboard.charts.style import OTHER, RUN, WALK, empty, layout


class Zone(NamedTuple):
    name: str
    low: float
    high: float
    colour: str


# Form (fitness - fatigue) zones as intervals.icu draws them on its Fitness page: optimal
# training between -30 and -10 (a Reddit r/Velo thread, "Interpreting intervals.icu", 2025,
# quoting the chart; the intervals.icu forum's "Fitness page - a guide to getting started"
# explains the model). The other edges are read off intervals.icu's chart (transition above
# +25, fresh +5 to +25, grey zone -10 to +5, high risk below -30): a description of the load,
# not a prediction of injury. Open ends are drawn to +/-FORM_EDGE.
FORM_EDGE: Final = 200.0
FORM_ZONES: Final = (
    Zone("transition", 25.0, FORM_EDGE, "#1F78B4"),
    Zone("fresh", 5.0, 25.0, "#6BAED6"),
    Zone("grey zone", -10.0, 5.0, "#9CA3AF"),
    Zone("optimal training", -30.0, -10.0, "#1B9E77"),
    Zone("high fatigue", -FORM_EDGE, -30.0, "#D62728"),
)
WEEKLY_AFTER_DAYS: Final = 730  # longer than two years: one point a week, not a day


def form_zone(form: float) -> str:
    """The name of the FORM_ZONES band `form` falls in (a lower edge belongs to its zone)."""
    for zone in FORM_ZONES:
        if zone.low <= form < zone.high:
            return zone.name
    return FORM_ZONES[0].name if form >= FORM_EDGE else FORM_ZONES[-1].name


def thinned(pmc: pl.DataFrame) -> pl.DataFrame:
    """`pmc` as drawn: daily up to WEEKLY_AFTER_DAYS, else each week's last day (fitness and
    fatigue are moving averages, so the week's last value carries the week)."""
    if pmc.height < 2 or (pmc["date"].max() - pmc["date"].min()).days <= WEEKLY_AFTER_DAYS:
        return pmc
    return (
        pmc.sort("date")
        .group_by_dynamic("date", every="1w", label="left")
        .agg(pl.all().last().name.keep(), pl.col("date").last().alias("last_day"))
        .drop("date")
        .rename({"last_day": "date"})
        .select(pmc.columns)
    )


def fitness_fatigue_form(pmc: pl.DataFrame) -> go.Figure:
    """Fitness and fatigue lines above, form below on its zones (metrics.load.fitness_fatigue
    output); weekly points over long ranges (thinned); 3 months / 1 year / all buttons."""
    title = "Fitness, fatigue and form"
    if pmc.is_empty():
        return empty(title, "No days in this period")
    shown = thinned(pmc)
    step = "week ending" if shown.height < pmc.height else "day"
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.58, 0.42], vertical_spacing=0.1
    )
    for column, name, colour, width in (
        ("fitness", "fitness (42-day average)", RUN, 2.5),
        ("fatigue", "fatigue (7-day average)", WALK, 1.5),
    ):
        fig.add_scatter(
            x=shown["date"],
            y=shown[column],
            name=name,
            mode="lines",
            line={"color": colour, "width": width},
            hovertemplate="%{y:.0f}",
            row=1,
            col=1,
        )
    fig.add_scatter(
        x=shown["date"],
        y=shown["form"],
        name="form (fitness - fatigue)",
        mode="lines",
        line={"color": OTHER, "width": 2},
        hovertemplate="%{y:+.0f}",
        row=2,
        col=1,
    )
    low = min(-40.0, float(shown["form"].min()) - 5)
    high = max(35.0, float(shown["form"].max()) + 5)
    for zone in FORM_ZONES:
        fig.add_hrect(
            y0=max(zone.low, low),
            y1=min(zone.high, high),
            fillcolor=zone.colour,
            opacity=0.14,
            line_width=0,
            layer="below",
            exclude_empty_subplots=False,
            row=2,
            col=1,
        )
        middle = (max(zone.low, low) + min(zone.high, high)) / 2
        fig.add_annotation(
            x=1, xref="x2 domain", xanchor="right", y=middle, yref="y2",
            text=zone.name, showarrow=False, font={"size": 13},
        )  # fmt: skip
    layout(fig, title, "load (TRIMP)", height=520)
    fig.update_yaxes(title_text="form", range=[low, high], row=2, col=1)
    fig.update_xaxes(title_text=f"date (one point a {step})", row=2, col=1)
    return with_ranges(fig, shown["date"])
