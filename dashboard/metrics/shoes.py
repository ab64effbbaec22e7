"""Shoe mileage, replacement alerts and rotation.

The 300-500 mile replacement rule traces to machine tests of midsole cushioning (Cook, Kester &
Brunet 1985, AJSM 13:248); runners wear shoes down far more slowly than machines (Hamill & Bates
1988). Rotating two pairs was linked to fewer injuries (Malisoux 2015, Scand J Med Sci Sports
25:110, HR 0.614). Evidence: a convention, not evidence (rung: speculative); say so beside it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

import polars as pl

from dashboard.metrics.weekly import FOOT_SPORTS, local_date

KM_PER_MILE: Final = 1.609344


def shoe_summary(
    activities: pl.DataFrame,
    today: date,
    warn_miles: float = 300.0,
    replace_miles: float = 500.0,
    rotation_days: int = 90,
) -> pl.DataFrame:
    """Per shoe (the `gear` name) from runs, walks and hikes on or before `today`.

    Distance counts run + walk + hike (any time on feet wears the shoe; rides and other sports
    are left out, so bike gear does not appear). status: "ok", "warn" (>= warn_miles, default
    300 mi), "replace" (>= replace_miles, default 500 mi). rotation_share: this shoe's share of
    the run distance logged with a known shoe in the `rotation_days` (90) days up to `today`;
    null when no run with a shoe falls in that window.
    Columns: `gear`, `distance_km`, `distance_mi`, `runs`, `walks` (walks + hikes),
    `first_used`, `last_used`, `status`, `rotation_share`. Sorted by distance, longest first.
    """
    worn = activities.filter(
        pl.col("gear").is_not_null()
        & (pl.col("gear").str.strip_chars() != "")
        & pl.col("sport").is_in(FOOT_SPORTS)
        & (local_date() <= today)
    ).with_columns(date=local_date(), km=pl.col("distance_m").fill_null(0.0) / 1000.0)
    worn = worn.sort("start_local", "activity_id")  # float sums independent of row order
    window_start = today - timedelta(days=rotation_days - 1)
    recent_run = (pl.col("sport") == "run") & (pl.col("date") >= window_start)
    per_shoe = worn.group_by("gear").agg(
        distance_km=pl.col("km").sum(),
        runs=(pl.col("sport") == "run").sum().cast(pl.Int64),
        walks=(pl.col("sport") != "run").sum().cast(pl.Int64),
        first_used=pl.col("date").min(),
        last_used=pl.col("date").max(),
        recent_km=pl.col("km").filter(recent_run).sum(),
    )
    total_recent = per_shoe["recent_km"].sum() if per_shoe.height else 0.0
    miles = pl.col("distance_km") / KM_PER_MILE
    status = (
        pl.when(miles >= replace_miles)
        .then(pl.lit("replace"))
        .when(miles >= warn_miles)
        .then(pl.lit("warn"))
        .otherwise(pl.lit("ok"))
    )
    share = pl.col("recent_km") / total_recent if total_recent > 0 else pl.lit(None, pl.Float64)
    return per_shoe.select(
        "gear",
        "distance_km",
        distance_mi=miles,
        runs="runs",
        walks="walks",
        first_used="first_used",
        last_used="last_used",
        status=status,
        rotation_share=share,
    ).sort(["distance_km", "gear"], descending=[True, False])


def apply_assignments(activities: pl.DataFrame, assignments: pl.DataFrame) -> pl.DataFrame:
    """Fill `gear` on runs that have none, from date ranges the athlete entered.

    `assignments`: columns `gear`, `start_date`, `end_date` (Date; a null end means "still in
    use"). A run without gear whose local date is in [start_date, end_date] (inclusive) gets that
    gear; when ranges overlap, the assignment with the latest start_date wins (then the first in
    alphabetical order). Runs only: running shoes are kept for running. Rows that already have a
    gear, and all other sports, are returned unchanged; row order and schema are kept. Sources
    like Garmin CSV carry no gear, hence this.
    """
    if activities.is_empty() or assignments.is_empty():
        return activities
    ranges = assignments.select(
        pl.col("gear").cast(pl.String).alias("assigned"),
        pl.col("start_date").cast(pl.Date),
        pl.col("end_date").cast(pl.Date),
    ).filter(pl.col("assigned").is_not_null() & pl.col("start_date").is_not_null())
    indexed = activities.with_row_index("_row")
    needs = indexed.filter(
        (pl.col("sport") == "run")
        & (pl.col("gear").is_null() | (pl.col("gear").str.strip_chars() == ""))
    ).select("_row", _date=local_date())
    matched = (
        needs.join(ranges, how="cross")
        .filter(
            (pl.col("_date") >= pl.col("start_date"))
            & (pl.col("end_date").is_null() | (pl.col("_date") <= pl.col("end_date")))
        )
        .sort(["_row", "start_date", "assigned"], descending=[False, True, False])
        .group_by("_row", maintain_order=True)
        .first()
        .select("_row", "assigned")
    )
    return (
        indexed.join(matched, on="_row", how="left")
        .sort("_row")
        .with_columns(gear=pl.coalesce(pl.col("assigned"), pl.col("gear")))
        .select(activities.columns)
    )
