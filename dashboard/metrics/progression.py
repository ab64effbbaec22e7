"""Progression from walking to running: stage per week, longest run, time on feet, a walk-to-run
plan (Couch to 5K) with planned vs done, and pace at a given heart rate over time.

The founding article's path: walk -> trot -> jog -> run, starting with 15-20 minute walks.
Stage thresholds are product conventions chosen here (documented below), not published cut-offs.
Evidence: moderate for the gradual build-up; the thresholds themselves are a convention.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

import polars as pl

from dashboard.metrics.weekly import local_date, minutes, week_start, weekly_summary

# Session thresholds (min/km and steps/min). Brisk walking is ~9-12 min/km at 100-130 spm;
# easy running is usually faster than ~7:30 min/km at 150+ spm. A "run" averaging slower than
# 10:00 min/km (or under 140 spm) is mostly walking breaks; 8:00-10:00 (or 140-150 spm) is a jog.
WALK_RUN_PACE: Final = 10.0
JOG_PACE: Final = 8.0
WALK_RUN_CADENCE: Final = 140.0
JOG_CADENCE: Final = 150.0
SHORT_RUN_MIN: Final = 10.0  # runs this short beside walks make a walk-run week
STAGES: Final = ("none", "walking", "walk-run", "jogging", "running")
_RANK: Final = {"walk-run": 1, "jog": 2, "run": 3}


def run_session_class(activities: pl.DataFrame) -> pl.DataFrame:
    """Class of every run session: "walk-run", "jog" or "run".

    pace = moving minutes / km. "walk-run": pace slower than 10:00 min/km or cadence < 140 spm;
    "jog": slower than 8:00 min/km or cadence < 150 spm; "run": otherwise. A run with neither
    pace nor cadence is "jog" (the cautious middle). Columns: `activity_id`, `date`, `minutes`,
    `pace_min_km`, `run_class`.
    """
    runs = activities.filter(pl.col("sport") == "run").with_columns(
        date=local_date(),
        minutes=minutes(),
        pace_min_km=pl.when(pl.col("distance_m") > 0)
        .then(minutes() / (pl.col("distance_m") / 1000.0))
        .otherwise(None),
    )
    pace, cad = pl.col("pace_min_km"), pl.col("avg_cadence_spm")
    unknown = pace.is_null() & cad.is_null()
    cls = (
        pl.when(unknown)
        .then(pl.lit("jog"))
        .when((pace > WALK_RUN_PACE) | (cad < WALK_RUN_CADENCE))
        .then(pl.lit("walk-run"))
        .when((pace > JOG_PACE) | (cad < JOG_CADENCE))
        .then(pl.lit("jog"))
        .otherwise(pl.lit("run"))
    )
    return runs.select("activity_id", "date", "minutes", "pace_min_km", run_class=cls)


def progression_weekly(
    activities: pl.DataFrame, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """Stage, longest run and time on feet per ISO week.

    stage: "none" (no run, walk or hike), "walking" (walks/hikes, no run), then from the most
    advanced run session (see run_session_class): "running" (any "run"), "jogging" (best is
    "jog", unless the week also has walks and every run is shorter than 10 minutes: "walk-run"),
    "walk-run" (best is "walk-run"). `longest_run_min` = moving minutes of the week's longest run.
    Columns: `week`, `week_start`, `stage`, `longest_run_min`, `time_on_feet_min`, `runs`,
    `walks`.
    """
    weekly = weekly_summary(activities, start, end)
    if weekly.is_empty():
        return weekly.select("week", "week_start").with_columns(
            stage=pl.lit(None, pl.String),
            longest_run_min=pl.lit(None, pl.Float64),
            time_on_feet_min=pl.lit(None, pl.Float64),
            runs=pl.lit(None, pl.Int64),
            walks=pl.lit(None, pl.Int64),
        )
    runs = run_session_class(activities).with_columns(
        week_start=week_start(pl.col("date")),
        rank=pl.col("run_class").replace_strict(_RANK, return_dtype=pl.Int64),
    )
    per_week = runs.group_by("week_start").agg(
        best=pl.col("rank").max(),
        longest_run_min=pl.col("minutes").max(),
    )
    out = weekly.join(per_week, on="week_start", how="left")
    short_with_walks = (pl.col("walks") > 0) & (pl.col("longest_run_min") < SHORT_RUN_MIN)
    stage = (
        pl.when(pl.col("runs") == 0)
        .then(pl.when(pl.col("walks") > 0).then(pl.lit("walking")).otherwise(pl.lit("none")))
        .when(pl.col("best") == 3)
        .then(pl.lit("running"))
        .when((pl.col("best") == 2) & ~short_with_walks)
        .then(pl.lit("jogging"))
        .otherwise(pl.lit("walk-run"))
    )
    return out.select(
        "week",
        "week_start",
        stage=stage,
        longest_run_min=pl.col("longest_run_min").fill_null(0.0),
        time_on_feet_min=pl.col("time_on_feet_min"),
        runs=pl.col("runs"),
        walks=pl.col("walks"),
    )


# NHS Couch to 5K. Weeks 1, 2, 5 (ends with 20 min) and 6-9 (25/25/28/30 min continuous) as in
# the domain brief; weeks 3-5 session detail from the NHS plan. Every session starts with a
# 5-minute brisk warm-up walk, NOT counted in total_minutes (often not recorded).
# (week, session, description, run minutes, total minutes of the main block)
_C25K: Final = [
    *[(1, s, "60 s run / 90 s walk, for 20 min", 8.0, 20.0) for s in (1, 2, 3)],
    *[(2, s, "90 s run / 2 min walk, for 20 min", 8.6, 20.0) for s in (1, 2, 3)],
    *[(3, s, "2 x (90 s run, 90 s walk, 3 min run, 3 min walk)", 9.0, 18.0) for s in (1, 2, 3)],
    *[
        (
            4,
            s,
            "3 min run, 90 s walk, 5 min run, 2.5 min walk, 3 min run, 90 s walk, 5 min run",
            16.0,
            21.5,
        )
        for s in (1, 2, 3)
    ],
    (5, 1, "5 min run, 3 min walk, 5 min run, 3 min walk, 5 min run", 15.0, 21.0),
    (5, 2, "8 min run, 5 min walk, 8 min run", 16.0, 21.0),
    (5, 3, "20 min run, no walking", 20.0, 20.0),
    *[(6, s, "25 min run", 25.0, 25.0) for s in (1, 2, 3)],
    *[(7, s, "25 min run", 25.0, 25.0) for s in (1, 2, 3)],
    *[(8, s, "28 min run", 28.0, 28.0) for s in (1, 2, 3)],
    *[(9, s, "30 min run", 30.0, 30.0) for s in (1, 2, 3)],
]
WARMUP_MIN: Final = 5.0


def couch_to_5k_plan() -> pl.DataFrame:
    """The 9-week NHS Couch to 5K as a table: `week`, `session`, `description`, `run_minutes`,
    `total_minutes` (main block, after a 5-minute warm-up walk). 3 sessions a week with a rest
    day between; repeating a week is fine. A reference structure, not a prescription.
    """
    return pl.DataFrame(
        _C25K,
        schema={
            "week": pl.Int64,
            "session": pl.Int64,
            "description": pl.String,
            "run_minutes": pl.Float64,
            "total_minutes": pl.Float64,
        },
        orient="row",
    )


def plan_progress(activities: pl.DataFrame, plan_start: date, today: date) -> pl.DataFrame:
    """Planned vs done per plan week (week n = plan_start + 7(n-1) days, 7 days long).

    A planned session counts as done when a run session (sport "run", which includes walk-run
    sessions recorded as runs) of at least its `total_minutes` (elapsed time) happens that plan
    week, matched in order: session 1 by the first long-enough run, session 2 by a later one...
    Only activities up to `today` count. status: "done" (3 of 3), "upcoming" (starts after
    today), "in progress" (holds today), "partial" (past, 1-2 done), "missed" (past, none).
    Columns: `plan_week`, `week_start`, `planned`, `done`, `run_minutes`, `status`.
    """
    plan = couch_to_5k_plan()
    runs = (
        activities.filter((pl.col("sport") == "run") & (local_date() <= today))
        .with_columns(date=local_date(), elapsed_min=pl.col("elapsed_s") / 60.0)
        .sort("start_local", "activity_id")
    )
    rows = []
    for week in range(1, 10):
        first = plan_start + timedelta(days=7 * (week - 1))
        last = first + timedelta(days=6)
        needed = plan.filter(pl.col("week") == week).sort("session")["total_minutes"].to_list()
        done_runs = runs.filter(pl.col("date").is_between(first, last))["elapsed_min"].to_list()
        done = 0
        for mins in done_runs:
            if done < len(needed) and mins + 1e-9 >= needed[done]:
                done += 1
        if done == len(needed):
            status = "done"
        elif first > today:
            status = "upcoming"
        elif last >= today:
            status = "in progress"
        else:
            status = "partial" if done else "missed"
        run_min = plan.filter(pl.col("week") == week)["run_minutes"].sum()
        rows.append((week, first, len(needed), done, run_min, status))
    return pl.DataFrame(
        rows,
        schema={
            "plan_week": pl.Int64,
            "week_start": pl.Date,
            "planned": pl.Int64,
            "done": pl.Int64,
            "run_minutes": pl.Float64,
            "status": pl.String,
        },
        orient="row",
    )


def pace_at_hr(activities: pl.DataFrame, hr: float, tolerance: float = 5.0) -> pl.DataFrame:
    """Pace of runs whose average HR is within hr +/- tolerance bpm, per calendar month.

    pace = total moving minutes / total km of those runs (distance-weighted, min/km); a falling
    pace at the same heart rate suggests better aerobic fitness (heat, hills and fatigue also
    move it). Columns: `month` (first day), `runs`, `pace_min_km`. Evidence: moderate.
    """
    runs = activities.filter(
        (pl.col("sport") == "run")
        & pl.col("avg_hr").is_between(hr - tolerance, hr + tolerance)
        & (pl.col("distance_m") > 0)
    ).with_columns(month=local_date().dt.truncate("1mo"), minutes=minutes())
    runs = runs.sort("start_local", "activity_id")
    return (
        runs.group_by("month")
        .agg(
            runs=pl.len().cast(pl.Int64),
            pace_min_km=pl.col("minutes").sum() / (pl.col("distance_m").sum() / 1000.0),
        )
        .sort("month")
    )
