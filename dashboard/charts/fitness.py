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
    source: str  # who draws or names this band, shown next to it


# Form (fitness - fatigue) bands as training tools draw them: conventions of those tools for
# race readiness, not bone-health findings and not predictions of injury. Only bands whose
# bounds a source states are drawn (the fresh, grey and high-risk zones intervals.icu also
# draws are not, their edges not being written anywhere we could cite):
# - optimal training, -30 to -10: intervals.icu's Fitness chart (r/Velo, "Interpreting
#   intervals.icu", January 2025, quoting the chart; its help text: "when your form is in the
#   optimal training zone you are gaining fitness"), and the range Joe Friel gives for most
#   base and build training (quoted on the DC Tri Club forum, "Training Peaks Performance
#   Metrics").
# - transitional, -10 to +10, and race day, +15 to +25 (his A-priority races): Joe Friel,
#   "Applying the Numbers Part 3: Training Stress Balance", TrainingPeaks blog
#   (trainingpeaks.com/learn/articles/applying-the-numbers-part-3-training-stress-balance).
# Those tools count load in TSS; boneload counts Banister TRIMP, a similar daily scale but not
# the same one, so the bands are a rough guide here.
FORM_ZONES: Final = (
    Zone("race day", 15.0, 25.0, "#1F78B4", "Friel"),
    Zone("transitional", -10.0, 10.0, "#9CA3AF", "Friel"),
    Zone("optimal training", -30.0, -10.0, "#1B9E77", "intervals.icu, Friel"),
)
FORM_ZONES_NOTE: Final = (
    'Form bands are conventions of training tools, not bone-health findings: "optimal '
    'training" (-30 to -10) is how intervals.icu labels its Form chart and the range Joe '
    'Friel (TrainingPeaks) gives for base and build training; "transitional" (-10 to +10) '
    'and "race day" (+15 to +25, before a main race) are Friel\'s. Those tools count load '
    "in TSS and boneload in TRIMP, so read them as a rough guide."
)
WEEKLY_AFTER_DAYS: Final = 730  # longer than two years: one point a week, not a day


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
    """Fitness and fatigue lines above, form below on the FORM_ZONES bands, each labelled with
    its source (metrics.load.fitness_fatigue output); weekly points over long ranges
    (thinned); range buttons (ranges.with_ranges)."""
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
            y0=zone.low,
            y1=zone.high,
            fillcolor=zone.colour,
            opacity=0.14,
            line_width=0,
            layer="below",
            exclude_empty_subplots=False,
            row=2,
            col=1,
        )
        fig.add_annotation(
            x=1, xref="x2 domain", xanchor="right", y=(zone.low + zone.high) / 2, yref="y2",
            text=f"{zone.name} ({zone.source})", showarrow=False, font={"size": 13},
        )  # fmt: skip
    layout(fig, title, "load (TRIMP)", height=520)
    fig.update_yaxes(title_text="form", range=[low, high], row=2, col=1)
    fig.update_xaxes(title_text=f"date (one point a {step})", row=2, col=1)
    return with_ranges(fig, shown["date"])
