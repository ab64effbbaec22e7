"""Fitness, fatigue and form: zones, range buttons, a decade readable as weekly points."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

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


def test_every_zone_names_its_source_and_none_is_invented() -> None:
    # only bands whose bounds a source states: intervals.icu's optimal training, Friel's
    # transitional and race-day ranges (issue 13: drop a zone rather than invent its bounds)
    bounds = {z.name: (z.low, z.high, z.source) for z in fitness.FORM_ZONES}
    assert bounds == {
        "optimal training": (-30.0, -10.0, "intervals.icu, Friel"),
        "transitional": (-10.0, 10.0, "Friel"),
        "race day": (15.0, 25.0, "Friel"),
    }
    note = fitness.FORM_ZONES_NOTE
    assert "not bone-health findings" in note
    assert "intervals.icu" in note and "TrainingPeaks" in note
    for text in ("(-30 to -10)", "(-10 to +10)", "(+15 to +25"):  # each band's bounds
        assert text in note


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
    shown = {a.text for a in fig.layout.annotations}
    assert shown >= {f"{z.name} ({z.source})" for z in fitness.FORM_ZONES}
    assert not any("grey" in text or "high" in text or "fresh" in text for text in shown)
    assert len(fig.data[0].x) < 530
    assert "week" in fig.layout.xaxis2.title.text
    assert fig.layout.yaxis.title.text and fig.layout.yaxis2.title.text == "form"
