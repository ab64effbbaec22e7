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

from connectors.schema import SHOE_SCHEMA
from dashboard.metrics.shoe_gear import apply_assignments, apply_defaults
from dashboard.metrics.weekly import FOOT_SPORTS, local_date

__all__ = [
    "KM_PER_MILE",
    "apply_assignments",
    "apply_defaults",
    "due_shoes",
    "miles_to_unit",
    "rotation_reference",
    "shoe_summary",
    "unit_to_miles",
]

KM_PER_MILE: Final = 1.609344


IDLE_DAYS: Final = 183  # about six months without use: a shoe not worn lately is not "due"


def rotation_reference(activities: pl.DataFrame, today: date) -> date | None:
    """The day the rotation window ends: the latest run on or before `today` (None: no run).

    The page and `boneload shoes` both use it, so a history that stopped months ago still shows
    how its last 90 days of running were shared between shoes."""
    runs = activities.filter((pl.col("sport") == "run") & (local_date() <= today))
    return runs.select(local_date().max()).item() if runs.height else None


def shoe_summary(
    activities: pl.DataFrame,
    today: date,
    warn_miles: float = 300.0,
    replace_miles: float = 500.0,
    rotation_days: int = 90,
    records: pl.DataFrame | None = None,
    idle_days: int = IDLE_DAYS,
) -> pl.DataFrame:
    """Per shoe (the `gear` key) from runs, walks and hikes on or before `today`.

    Distance (km) = the starting distance the person recorded (`records.start_km`, the wear it
    had before boneload saw it) + run + walk + hike km (any time on feet wears the shoe; rides
    and other sports are left out, so bike gear does not appear). `other_km`: the walk and hike
    part (the founding article keeps running shoes for running). status: "retired" when the
    person retired it (never an alert), else "replace" (>= replace_miles, default 500 mi),
    "warn" (>= warn_miles, default 300 mi) or "ok". idle: in use but last worn (or, never worn,
    started) more than `idle_days` (183) before `today`. rotation_share: this shoe's share of the
    run km logged with a shoe in the `rotation_days` (90) days up to rotation_reference (the
    latest run on or before `today`); null when no run with a shoe falls in that window.
    Shoes recorded in `records` without any activity appear with their starting distance.
    Columns: gear, name (display name, the gear key unless renamed), brand, distance_km,
    distance_mi, start_km, run_km, other_km, runs, walks (walks + hikes), first_used,
    last_used, retired_on, status, idle, rotation_share. In-use shoes first, longest first;
    retired shoes after them.
    """
    recs = (
        pl.DataFrame(schema=SHOE_SCHEMA) if records is None else records.select(list(SHOE_SCHEMA))
    )
    worn = activities.filter(
        pl.col("gear").is_not_null()
        & (pl.col("gear").str.strip_chars() != "")
        & pl.col("sport").is_in(FOOT_SPORTS)
        & (local_date() <= today)
    ).with_columns(date=local_date(), km=pl.col("distance_m").fill_null(0.0) / 1000.0)
    worn = worn.sort("start_local", "activity_id")  # float sums independent of row order
    reference = rotation_reference(activities, today)
    window_start = (reference or today) - timedelta(days=rotation_days - 1)
    is_run = pl.col("sport") == "run"
    recent_run = is_run & pl.col("date").is_between(window_start, reference or today)
    per_shoe = worn.group_by("gear").agg(
        run_km=pl.col("km").filter(is_run).sum(),
        other_km=pl.col("km").filter(~is_run).sum(),
        runs=is_run.sum().cast(pl.Int64),
        walks=(~is_run).sum().cast(pl.Int64),
        first_used=pl.col("date").min(),
        last_used=pl.col("date").max(),
        recent_km=pl.col("km").filter(recent_run).sum(),
    )
    per_shoe = per_shoe.join(recs, on="gear", how="full", coalesce=True).with_columns(
        pl.col("run_km", "other_km", "recent_km", "start_km").fill_null(0.0),
        pl.col("runs", "walks").fill_null(0),
        name=pl.coalesce("name", "gear"),
    )
    total_recent = per_shoe["recent_km"].sum() if reference is not None else 0.0
    distance = pl.col("start_km") + pl.col("run_km") + pl.col("other_km")
    miles = distance / KM_PER_MILE
    status = (
        pl.when(pl.col("retired_on").is_not_null())
        .then(pl.lit("retired"))
        .when(miles >= replace_miles)
        .then(pl.lit("replace"))
        .when(miles >= warn_miles)
        .then(pl.lit("warn"))
        .otherwise(pl.lit("ok"))
    )
    seen = pl.coalesce("last_used", "start_date")
    idle = pl.col("retired_on").is_null() & (seen < today - timedelta(days=idle_days))
    share = pl.col("recent_km") / total_recent if total_recent > 0 else pl.lit(None, pl.Float64)
    return per_shoe.select(
        "gear",
        "name",
        "brand",
        distance_km=distance,
        distance_mi=miles,
        start_km="start_km",
        run_km="run_km",
        other_km="other_km",
        runs="runs",
        walks="walks",
        first_used="first_used",
        last_used="last_used",
        retired_on="retired_on",
        status=status,
        idle=idle.fill_null(False),
        rotation_share=share,
    ).sort(
        [pl.col("retired_on").is_not_null(), "distance_km", "gear"],
        descending=[False, True, False],
    )


def miles_to_unit(miles: float, unit: str) -> float:
    """A shoe mark stored in miles, shown in `unit` (km or mi) to one decimal."""
    return round(miles * KM_PER_MILE, 1) if unit == "km" else round(miles, 1)


def unit_to_miles(value: float, unit: str, stored_miles: float | None = None) -> float:
    """A shoe mark typed in `unit`, back to the stored miles.

    A value equal to what miles_to_unit showed for `stored_miles` keeps `stored_miles` exactly,
    so saving a form untouched never drifts the setting (300 mi shows as 482.8 km, and 482.8 km
    saved again stays 300 mi, not 299.998)."""
    if stored_miles is not None and value == miles_to_unit(stored_miles, unit):
        return stored_miles
    return value / KM_PER_MILE if unit == "km" else value


def due_shoes(
    activities: pl.DataFrame,
    today: date,
    since: date,
    warn_miles: float = 300.0,
    replace_miles: float = 500.0,
    assignments: pl.DataFrame | None = None,
    records: pl.DataFrame | None = None,
    defaults: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The shoes worth an alert: in use (not retired), past a mark, worn for a run and used on
    or after `since`. Gear is filled as on the Shoes page (file, date ranges, defaults) and the
    recorded starting distances count. Columns: gear, name, distance_km, status."""
    worn = activities if assignments is None else apply_assignments(activities, assignments)
    if defaults is not None:
        worn = apply_defaults(worn, defaults, records)
    table = shoe_summary(worn, today, warn_miles, replace_miles, records=records)
    return table.filter(
        pl.col("status").is_in(["warn", "replace"]),
        pl.col("last_used") >= since,
        pl.col("runs") > 0,
    ).select("gear", "name", "distance_km", "status")
