"""Fitness, fatigue and form: zones, range buttons, a decade readable as weekly points."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import polars as pl
import pytest

from dashboard.charts import fitness


def _pmc(days: int, start: date = date(2016, 1, 4)) -> pl.DataFrame:
    dates = [start + timedelta(days=i) for i in range(days)]
    return pl.DataFrame(
        {
            "date": dates,
            "load": [float(i % 7) for i in range(days)],
            "fitness": [float(i % 50) for i in range(days)],
            "fatigue": [float(i % 60) for i in range(days)],
            "form": [float(i % 50 - i % 60) for i in range(days)],
        }
    )


@pytest.mark.parametrize(
    ("form", "zone"),
    [
        (30.0, "transition"),
        (25.0, "transition"),
        (24.9, "fresh"),
        (5.0, "fresh"),
        (0.0, "grey zone"),
        (-10.0, "grey zone"),
        (-10.1, "optimal training"),
        (-30.0, "optimal training"),
        (-30.1, "high fatigue"),
        (-500.0, "high fatigue"),
        (500.0, "transition"),
    ],
)
def test_form_zone_edges(form: float, zone: str) -> None:
    assert fitness.form_zone(form) == zone


def test_zones_tile_the_form_axis_without_gaps() -> None:
    zones = sorted(fitness.FORM_ZONES, key=lambda z: z.low)
    assert zones[0].low == -fitness.FORM_EDGE and zones[-1].high == fitness.FORM_EDGE
    for below, above in itertools.pairwise(zones):
        assert below.high == above.low


def test_a_decade_is_drawn_weekly_and_a_year_daily() -> None:
    year = _pmc(365)
    assert fitness.thinned(year).equals(year)
    decade = _pmc(3653)
    weekly = fitness.thinned(decade)
    assert 520 <= weekly.height <= 524
    assert weekly.columns == decade.columns
    # each point is the last day of its week, with that day's values
    last = decade.filter(pl.col("date") == weekly["date"][0]).row(0, named=True)
    assert weekly.row(0, named=True) == last
    assert weekly["date"].max() == decade["date"].max()


def test_chart_has_zones_range_buttons_and_says_weekly_points() -> None:
    fig = fitness.fitness_fatigue_form(_pmc(3653))
    assert len(fig.layout.shapes) == len(fitness.FORM_ZONES)
    labels = [b.label for b in fig.layout.xaxis.rangeselector.buttons]
    assert labels == ["3 months", "1 year", "all"]
    assert {a.text for a in fig.layout.annotations} >= {z.name for z in fitness.FORM_ZONES}
    assert len(fig.data[0].x) < 530
    assert "week" in fig.layout.xaxis2.title.text
    assert fig.layout.yaxis.title.text and fig.layout.yaxis2.title.text == "form"
