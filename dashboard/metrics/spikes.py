"""Single-run spikes against the longest run of the previous 30 days (Frandsen 2025).

Frandsen et al. 2025 (BJSM 59:1203; 5,205 runners, 588,071 sessions): a single run longer than
the longest run of the previous 30 days raised the injury hazard; week-to-week ratios showed
nothing. So each run is compared with that 30-day longest run, and week-on-week change is shown
only as context. Evidence: moderate (one large cohort; hazard ratios, not certainties).
"""

from __future__ import annotations

from datetime import date
from typing import Final

import polars as pl

from dashboard.metrics.weekly import local_date, minutes, weekly_summary

# (upper bound of the increase as a fraction, band label, hazard ratio). Bounds are inclusive.
BANDS: Final = (
    (0.10, "none", None),
    (0.30, "+10-30%", 1.64),
    (1.00, "+30-100%", 1.52),
    (float("inf"), ">+100%", 2.28),
)
NO_HISTORY: Final = "no history"
WINDOW: Final = "30d"
_EPS = 1e-9  # so that exactly +10% (11 km after 10 km) is not lifted over a bound by float noise


def _band(increase: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    label: pl.Expr = pl.lit(NO_HISTORY)
    hazard: pl.Expr = pl.lit(None, dtype=pl.Float64)
    for upper, name, hr in reversed(BANDS):
        within = increase <= upper + _EPS
        label = pl.when(within).then(pl.lit(name)).otherwise(label)
        hazard = pl.when(within).then(pl.lit(hr, dtype=pl.Float64)).otherwise(hazard)
    missing = increase.is_null()
    return (
        pl.when(missing).then(pl.lit(NO_HISTORY)).otherwise(label),
        pl.when(missing).then(None).otherwise(hazard),
    )


def run_spikes(activities: pl.DataFrame) -> pl.DataFrame:
    """Each run against the longest run of the 30 days before it (the run itself excluded).

    Basis: distance (km) when this run and at least one run in the window have a distance, else
    moving minutes (elapsed when moving is unknown). increase = this / longest - 1.
    Bands (Frandsen 2025): <= +10% "none"; +10-30% "+10-30%" (HR 1.64); +30-100% "+30-100%"
    (HR 1.52); > +100% ">+100%" (HR 2.28); no run in the previous 30 days: "no history".
    The window is the 30 x 24 h before the run's local start.
    Columns: `activity_id`, `start_local`, `date`, `distance_km`, `minutes`, `basis`,
    `longest_30d` (km or minutes, per basis), `increase_pct`, `band`, `hazard_ratio`.
    """
    runs = (
        activities.filter(pl.col("sport") == "run")
        .with_columns(
            date=local_date(),
            distance_km=pl.col("distance_m") / 1000.0,
            minutes=minutes(),
        )
        .sort("start_local", "activity_id")
    )
    runs = runs.with_columns(
        prev_km=pl.col("distance_km")
        .max()
        .rolling(index_column="start_local", period=WINDOW, closed="left"),
        prev_min=pl.col("minutes")
        .max()
        .rolling(index_column="start_local", period=WINDOW, closed="left"),
    )
    by_distance = pl.col("distance_km").is_not_null() & pl.col("prev_km").is_not_null()
    runs = runs.with_columns(
        basis=pl.when(by_distance)
        .then(pl.lit("distance"))
        .when(pl.col("prev_min").is_not_null())
        .then(pl.lit("duration"))
        .otherwise(None),
        longest_30d=pl.when(by_distance).then(pl.col("prev_km")).otherwise(pl.col("prev_min")),
        current=pl.when(by_distance).then(pl.col("distance_km")).otherwise(pl.col("minutes")),
    )
    increase = (
        pl.when(pl.col("longest_30d") > 0)
        .then(pl.col("current") / pl.col("longest_30d") - 1.0)
        .otherwise(None)
    )
    runs = runs.with_columns(increase=increase)
    band, hazard = _band(pl.col("increase"))
    return runs.select(
        "activity_id",
        "start_local",
        "date",
        "distance_km",
        "minutes",
        "basis",
        "longest_30d",
        increase_pct=pl.col("increase") * 100.0,
        band=band,
        hazard_ratio=hazard,
    )


def weekly_run_change(
    activities: pl.DataFrame, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """Week-on-week change of run distance, as context only (Frandsen 2025 found week-to-week
    ratios did not predict injury; Nielsen 2014, JOSPT 44:739: >30% vs <10%, HR 1.59, n.s.;
    Buist 2008: the 10% rule made no difference). Evidence: moderate.

    Columns: `week`, `week_start`, `run_km`, `previous_km`, `change_pct` ((this / previous - 1)
    x 100; null when the previous week had no running), `over_10pct` (bool, null when unknown).
    """
    weekly = weekly_summary(activities, start, end).select("week", "week_start", "run_km")
    return (
        weekly.with_columns(previous_km=pl.col("run_km").shift(1))
        .with_columns(
            change_pct=pl.when(pl.col("previous_km") > 0)
            .then((pl.col("run_km") / pl.col("previous_km") - 1.0) * 100.0)
            .otherwise(None),
        )
        .with_columns(over_10pct=pl.col("change_pct") > 10.0)
    )
