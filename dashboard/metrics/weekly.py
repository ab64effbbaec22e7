"""Weekly summaries and day classes, in the athlete's local time.

Weeks are ISO weeks (Monday to Sunday) of `start_local`, the naive wall clock where the athlete
was, so a 23:30 run counts on the day the athlete lived it. Evidence rung: well-founded (these are
counts and sums, not models).

Shared helpers (`local_date`, `minutes`, `week_label`) live here so every metric module cuts days
and weeks the same way.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

import polars as pl

FOOT_SPORTS: Final = ("run", "walk", "hike")
WALK_SPORTS: Final = ("walk", "hike")
IMPACT_SPORTS: Final = ("run", "impact")  # families that make a day an impact day


def local_date() -> pl.Expr:
    """The athlete's calendar day of an activity (from `start_local`)."""
    return pl.col("start_local").dt.date()


def minutes() -> pl.Expr:
    """Duration in minutes: moving time when known, else elapsed time."""
    return pl.coalesce(pl.col("moving_s"), pl.col("elapsed_s")) / 60.0


def week_start(expr: pl.Expr) -> pl.Expr:
    """Monday of the ISO week of a Date expression."""
    return expr.dt.truncate("1w")


def week_label(expr: pl.Expr) -> pl.Expr:
    """ISO year-week label of a Date expression, e.g. "2026-W16" (ISO year, not calendar year)."""
    return pl.format(
        "{}-W{}", expr.dt.iso_year(), expr.dt.week().cast(pl.String).str.zfill(2)
    ).alias("week")


def monday(day: date) -> date:
    """Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def date_bounds(
    activities: pl.DataFrame, start: date | None, end: date | None
) -> tuple[date, date] | None:
    """The range to report: given bounds, else first to last activity day. None when unknown."""
    if start is None or end is None:
        if activities.is_empty():
            return None
        days = activities.select(local_date().alias("d"))["d"]
        start = start if start is not None else days.min()
        end = end if end is not None else days.max()
    if start > end:  # type: ignore[operator]
        return None
    return start, end  # type: ignore[return-value]


def week_calendar(start: date, end: date) -> pl.DataFrame:
    """One row per ISO week touching [start, end]: `week`, `week_start`, `days` (days counted).

    `days` is 7 except for the week holding `end`, which counts Monday..end only.
    """
    first, last = monday(start), monday(end)
    weeks = pl.DataFrame(
        {"week_start": pl.date_range(first, last, interval="1w", eager=True)}
    ).with_columns(week_label(pl.col("week_start")))
    return weeks.with_columns(
        days=pl.min_horizontal(
            pl.lit(7), (pl.lit(end) - pl.col("week_start")).dt.total_days() + 1
        ).cast(pl.Int64)
    ).select("week", "week_start", "days")


def _in_range(activities: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    """Activities from the Monday of `start` through `end` (whole weeks, cut at `end`).

    Sorted by start and id so float sums do not depend on the input's row order.
    """
    return activities.filter(local_date().is_between(monday(start), end)).sort(
        "start_local", "activity_id"
    )


WEEKLY_SCHEMA: Final = pl.Schema(
    {
        "week": pl.String,
        "week_start": pl.Date,
        "runs": pl.Int64,
        "run_km": pl.Float64,
        "walks": pl.Int64,
        "walk_km": pl.Float64,
        "sessions": pl.Int64,
        "active_days": pl.Int64,
        "rest_days": pl.Int64,
        "time_on_feet_min": pl.Float64,
    }
)


def weekly_summary(
    activities: pl.DataFrame, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """One row per ISO week (Monday start, local time), empty weeks included.

    Range: `start`..`end` (defaults: first and last activity day). `start` snaps back to its
    Monday so every week is whole; the week holding `end` is cut at `end`.

    Columns: `week` ("2026-W16"), `week_start` (date), `runs` (count), `run_km` (km),
    `walks` and `walk_km` (walk AND hike sessions together: both are weight-bearing, non-impact),
    `sessions` (every activity, any sport), `active_days` (days with any activity),
    `rest_days` (days counted in the week minus active days; the week holding `end` counts only
    Monday..end), `time_on_feet_min` (run + walk + hike minutes, moving time else elapsed).
    Evidence: well-founded (plain counts and sums).
    """
    bounds = date_bounds(activities, start, end)
    if bounds is None:
        return pl.DataFrame(schema=WEEKLY_SCHEMA)
    start, end = bounds
    acts = _in_range(activities, start, end).with_columns(
        day=local_date(), km=pl.col("distance_m").fill_null(0.0) / 1000.0, minutes=minutes()
    )
    is_run = pl.col("sport") == "run"
    is_walk = pl.col("sport").is_in(WALK_SPORTS)
    per_week = (
        acts.with_columns(week_start=week_start(pl.col("day")))
        .group_by("week_start")
        .agg(
            runs=is_run.sum().cast(pl.Int64),
            run_km=pl.col("km").filter(is_run).sum(),
            walks=is_walk.sum().cast(pl.Int64),
            walk_km=pl.col("km").filter(is_walk).sum(),
            sessions=pl.len().cast(pl.Int64),
            active_days=pl.col("day").n_unique().cast(pl.Int64),
            time_on_feet_min=pl.col("minutes").filter(pl.col("sport").is_in(FOOT_SPORTS)).sum(),
        )
    )
    calendar = week_calendar(start, end)
    out = calendar.join(per_week, on="week_start", how="left").with_columns(
        pl.col("runs", "walks", "sessions", "active_days").fill_null(0),
        pl.col("run_km", "walk_km", "time_on_feet_min").fill_null(0.0),
    )
    out = out.with_columns(rest_days=(pl.col("days") - pl.col("active_days")).clip(0))
    return out.select(WEEKLY_SCHEMA.names()).cast(dict(WEEKLY_SCHEMA)).sort("week_start")


DAY_CLASSES: Final = ("impact", "weight-bearing", "active", "rest")


def daily_classes(activities: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    """One row per local day in [start, end]: `date`, `day_class`.

    day_class: "impact" (any run or impact session that day: jumping, court sports, dance...),
    "weight-bearing" (walk or hike, no impact), "active" (ride, swim, strength, balance or other
    only), "rest" (no activity). Follows the founding article's split of impact days from active
    rest days. Evidence: well-founded (a count).
    """
    days = pl.DataFrame({"date": pl.date_range(start, end, interval="1d", eager=True)})
    per_day = (
        activities.filter(local_date().is_between(start, end))
        .group_by(local_date().alias("date"))
        .agg(
            run=pl.col("sport").is_in(IMPACT_SPORTS).any(),
            walk=pl.col("sport").is_in(WALK_SPORTS).any(),
        )
    )
    joined = days.join(per_day, on="date", how="left")
    return joined.select(
        "date",
        day_class=pl.when(pl.col("run"))
        .then(pl.lit("impact"))
        .when(pl.col("walk"))
        .then(pl.lit("weight-bearing"))
        .when(pl.col("run").is_not_null())
        .then(pl.lit("active"))
        .otherwise(pl.lit("rest")),
    ).sort("date")
