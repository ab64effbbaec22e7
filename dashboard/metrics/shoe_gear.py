"""Which shoe an activity without one was worn in: date ranges, then a default shoe per sport.

Order of precedence, first wins: the gear a file gave (Strava exports name the shoe of each
activity); a date range the person assigned (runs, walks and hikes in it); the default shoe of
the activity's sport, from that shoe's start date on (and up to its retirement). Files like
Garmin CSV carry no gear, hence this. Pure Polars: frames in, frame out; no clock, no I/O.
"""

from __future__ import annotations

import polars as pl

from dashboard.metrics.weekly import FOOT_SPORTS, local_date


def _missing_gear() -> pl.Expr:
    return pl.col("gear").is_null() | (pl.col("gear").str.strip_chars() == "")


def apply_assignments(activities: pl.DataFrame, assignments: pl.DataFrame) -> pl.DataFrame:
    """Fill `gear` on runs, walks and hikes that have none, from date ranges the person entered.

    `assignments`: columns `gear`, `start_date`, `end_date` (Date; a null end means "still in
    use"). An activity on foot (run, walk, hike: any time on feet wears the shoe) without gear
    whose local date is in [start_date, end_date] (inclusive) gets that gear; when ranges
    overlap, the assignment with the latest start_date wins (then the first in alphabetical
    order). Rows that already have a gear, and other sports, are returned unchanged; row order
    and schema are kept.
    """
    if activities.is_empty() or assignments.is_empty():
        return activities
    ranges = assignments.select(
        pl.col("gear").cast(pl.String).alias("assigned"),
        pl.col("start_date").cast(pl.Date),
        pl.col("end_date").cast(pl.Date),
    ).filter(pl.col("assigned").is_not_null() & pl.col("start_date").is_not_null())
    return _fill(activities, ranges, on_sport=False)


def apply_defaults(
    activities: pl.DataFrame, defaults: pl.DataFrame, records: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Fill `gear` from the default shoe of each sport, where nothing else gave one.

    `defaults`: columns `sport`, `gear` (one row per sport). `records`: the shoes the person
    recorded (`gear`, `start_date`, `retired_on`); the default covers activities of its sport
    from the shoe's start date to its retirement date (inclusive); a shoe without a recorded
    start date covers every date before its retirement. Activities with gear keep it (a file's
    explicit shoe wins). Row order and schema are kept.
    """
    if activities.is_empty() or defaults.is_empty():
        return activities
    ranges = defaults.select(pl.col("sport").alias("_sport"), pl.col("gear").alias("assigned"))
    if records is not None and not records.is_empty():
        bounds = records.select(
            pl.col("gear").alias("assigned"), "start_date", pl.col("retired_on").alias("end_date")
        )
        ranges = ranges.join(bounds, on="assigned", how="left")
    else:
        ranges = ranges.with_columns(
            start_date=pl.lit(None, pl.Date), end_date=pl.lit(None, pl.Date)
        )
    return _fill(activities, ranges, on_sport=True)


def _fill(activities: pl.DataFrame, ranges: pl.DataFrame, *, on_sport: bool) -> pl.DataFrame:
    indexed = activities.with_row_index("_row")
    needs = indexed.filter(pl.col("sport").is_in(FOOT_SPORTS) & _missing_gear()).select(
        "_row", "sport", _date=local_date()
    )
    if on_sport:
        joined = needs.join(ranges, left_on="sport", right_on="_sport", how="inner")
    else:
        joined = needs.join(ranges, how="cross")
    matched = (
        joined.filter(
            (pl.col("start_date").is_null() | (pl.col("_date") >= pl.col("start_date")))
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
