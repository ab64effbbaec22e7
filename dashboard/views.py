"""What the pages and the command line show, composed from the metrics. Pure: no Streamlit.

Each function takes the canonical activity frame plus settings and `today`, and returns frames
ready to draw or print, so `boneload weekly` and the Weekly load page can never disagree.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from connectors.settings import Settings
from dashboard.metrics import (
    bone,
    bone_week,
    load,
    plan,
    progression,
    ramp,
    rest,
    shoes,
    spikes,
    weekly,
)

KM_PER_MILE = shoes.KM_PER_MILE


def load_settings(settings: Settings) -> load.LoadSettings:
    return load.LoadSettings(
        resting_hr=settings.resting_hr, max_hr=settings.max_hr, sex=settings.sex
    )


def weekly_table(
    activities: pl.DataFrame,
    settings: Settings | None = None,
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
) -> pl.DataFrame:
    """One row per ISO week: counts and distances, load, form, spikes, stage, bone loading and
    the bone week (metrics.bone_week).

    Columns: week, week_start, runs, run_km, walks, walk_km, sessions, active_days, rest_days,
    time_on_feet_min, load, fitness, fatigue, form (end-of-week values), spikes (runs more than
    10% longer than the 30-day longest, else the 90-day or all-time longest), stage,
    longest_run_min, bone_oi, run_days, impact_days
    (other impact: days with an impact session and no run), strength_days, balance_days,
    full_bone_week ("yes", "no", or "not yet" for the week still running on `today`; without
    `today` the day after the range ends, so a range ending on a Sunday judges its last week).
    """
    settings = settings or Settings()
    summary = weekly.weekly_summary(activities, start, end)
    if summary.is_empty():
        return summary
    first, last = summary["week_start"].min(), _range_end(activities, summary, end)
    sessions = load.session_loads(activities, load_settings(settings))
    daily = load.daily_loads(sessions, _history_start(activities, first), last)
    pmc = load.fitness_fatigue(daily).with_columns(week_start=weekly.week_start(pl.col("date")))
    per_week_load = pmc.group_by("week_start").agg(
        load=pl.col("load").sum(),
        fitness=pl.col("fitness").sort_by("date").last(),
        fatigue=pl.col("fatigue").sort_by("date").last(),
        form=pl.col("form").sort_by("date").last(),
    )
    spike_counts = (
        spikes.run_spikes(activities)
        .filter(pl.col("band").is_in(list(spikes.LEVELS)))
        .group_by(weekly.week_start(pl.col("date")).alias("week_start"))
        .agg(spikes=pl.len().cast(pl.Int64))
    )
    # The week still running on `today` (else: holding an `end` that is not a Sunday) has no
    # stage yet: a Monday walk does not undo weeks of running.
    walk_run = plan.plan_walk_run_ids(activities, settings, last)
    stages = progression.progression_weekly(activities, first, end, walk_run, today).select(
        "week_start", "stage", "longest_run_min"
    )
    bones = bone.weekly_bone(activities, first, last).select(
        "week_start", pl.col("oi").alias("bone_oi")
    )
    judged_on = today if today is not None else last + timedelta(days=1)
    weeks = bone_week.bone_week(activities, settings, judged_on, first, last)
    verdict = (
        pl.when(pl.col("full_bone_week"))
        .then(pl.lit("yes"))
        .when(pl.col("complete"))
        .then(pl.lit("no"))
        .otherwise(pl.lit("not yet"))
    )
    days = weeks.select("week_start", *BONE_WEEK_DAYS, full_bone_week=verdict)
    out = summary
    for extra in (per_week_load, spike_counts, stages, bones, days):
        out = out.join(extra, on="week_start", how="left")
    return out.with_columns(
        pl.col("spikes").fill_null(0),
        pl.col("load", "bone_oi").fill_null(0.0),
        pl.col(*BONE_WEEK_DAYS).fill_null(0),
    ).sort("week_start")


BONE_WEEK_DAYS = ("run_days", "impact_days", "strength_days", "balance_days")


def _range_end(activities: pl.DataFrame, summary: pl.DataFrame, end: date | None) -> date:
    if end is not None:
        return end
    return activities.select(weekly.local_date().max()).item()


def _history_start(activities: pl.DataFrame, first: date) -> date:
    """Fitness needs the months before the range: start the model at the first activity."""
    earliest = activities.select(weekly.local_date().min()).item()
    return min(earliest, first) if earliest is not None else first


def shoe_table(
    activities: pl.DataFrame,
    assignments: pl.DataFrame,
    settings: Settings,
    today: date | None = None,
    records: pl.DataFrame | None = None,
    defaults: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Per shoe (metrics.shoes.shoe_summary, rounded): gear, name, brand, km, miles, other_km,
    other_miles (walks and hikes), runs, walks, first_used, last_used, retired_on, status, idle,
    rotation_share. Gear comes from the files, then date ranges, then the default per sport."""
    with_gear = shoes.apply_assignments(activities, assignments)
    if defaults is not None:
        with_gear = shoes.apply_defaults(with_gear, defaults, records)
    if today is None:
        last = activities.select(weekly.local_date().max()).item()
        today = last or date(1970, 1, 1)
    table = shoes.shoe_summary(
        with_gear, today, settings.shoe_warn_miles, settings.shoe_replace_miles, records=records
    )
    return table.select(
        "gear",
        "name",
        "brand",
        pl.col("distance_km").round(1).alias("km"),
        pl.col("distance_mi").round(1).alias("miles"),
        pl.col("other_km").round(1),
        (pl.col("other_km") / KM_PER_MILE).round(1).alias("other_miles"),
        "runs",
        "walks",
        "first_used",
        "last_used",
        "retired_on",
        "status",
        "idle",
        "rotation_share",
    )


def targets(
    activities: pl.DataFrame,
    settings: Settings,
    start: date,
    end: date,
    ramp_start: date | None = None,
) -> pl.DataFrame:
    """Runs per week against the target ramping from the start to the build-up setting.

    The ramp starts at the plan's start or the first run (ramp.ramp_start), never the first
    walk; before it is the walking phase. Up to three runs a week count as on target (the
    guidance is 2-3 with rest between) once the ramp has reached the target, or the target
    itself when it is set higher; more, or more than a still-climbing ramp asks, is "ahead of
    plan". Profile "runner": never "ahead of plan"; "limited_impact": no runs asked.
    """
    if ramp_start is None:
        ramp_start = ramp.ramp_start(activities, settings)
    runner = ramp.profile(settings) == "runner"  # an established runner is never "ahead"
    return rest.runs_vs_target(
        activities,
        target_runs_per_week=settings.runs_per_week_target,
        start_runs_per_week=settings.runs_per_week_start,
        max_runs_per_week=7 if runner else max(settings.runs_per_week_target, 3),
        ramp_start=ramp_start,
        start=start,
        end=end,
        walking=ramp_start is None,
        limited=ramp.profile(settings) == "limited_impact",
    )


def in_unit(frame: pl.DataFrame, unit: str) -> pl.DataFrame:
    """Columns ending in _km converted and renamed to _mi when the unit is miles."""
    if unit != "mi":
        return frame.with_columns(pl.col(c).round(2) for c in frame.columns if c.endswith("_km"))
    return (
        frame.with_columns(
            (pl.col(c) / KM_PER_MILE).round(2).alias(c[:-3] + "_mi")
            for c in frame.columns
            if c.endswith("_km")
        )
        .drop([c for c in frame.columns if c.endswith("_km")])
        .select([c[:-3] + "_mi" if c.endswith("_km") else c for c in frame.columns])
    )
