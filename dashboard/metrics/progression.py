"""Progression from walking to running: the class of each run session, stage per week, longest
run, time on feet, and pace at a given heart rate over time. (The walk-to-run plan itself is in
plan_content and plan.)

The founding article's path: walk -> trot -> jog -> run, starting with 15-20 minute walks.
Stage thresholds are product conventions chosen here (documented below), not published cut-offs.
Evidence: moderate for the gradual build-up; the thresholds themselves are a convention.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from typing import Final

import polars as pl

# The plan's table lives in plan_content; re-exported for callers that read it from here.
from dashboard.metrics.plan_content import couch_to_5k_plan as couch_to_5k_plan
from dashboard.metrics.weekly import local_date, minutes, monday, week_start, weekly_summary

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


# Names and types that say walk-run, in a few languages: "walk/run", "run-walk", "C25K", "Couch
# to 5K", Galloway "jeffing", German "Lauf/Geh", French "marche/course", Spanish "caminar/correr",
# Dutch "wandel/loop", Danish/Norwegian "gå/løb".
_PAIRS: Final = (
    ("walk", "run"),
    ("geh", "lauf"),
    ("marche", "course"),
    ("caminar", "correr"),
    ("wandel", "loop"),
    ("g[åa]", "l[øo]b"),
)
_SEP: Final = r"[\s/_+&-]*(?:(?:and|und|et|y|en|og)\s+)?"
WALK_RUN_WORDS: Final = re.compile(
    "|".join(
        [
            *(f"{a}{_SEP}{b}" for a, b in _PAIRS),
            *(f"{b}{_SEP}{a}" for a, b in _PAIRS),
            r"c25k",
            r"couch[\s_-]*to[\s_-]*5k",
            r"jeffing",
            r"galloway",
            r"gehpause",
        ]
    ),
    re.IGNORECASE,
)
PERSONAL_MIN_SESSIONS: Final = 3  # walks and runs with a pace before personal paces are used
PERSONAL_MIN_GAP: Final = 1.5  # min/km between own walk and run pace, so the two are distinct


def is_walk_run_name(text: pl.Expr) -> pl.Expr:
    """True where a name or type says walk-run (WALK_RUN_WORDS), False where it does not or is
    null."""
    return text.str.contains(f"(?i){WALK_RUN_WORDS.pattern}").fill_null(False)


def _pace() -> pl.Expr:
    return (
        pl.when(pl.col("distance_m") > 0)
        .then(minutes() / (pl.col("distance_m") / 1000.0))
        .otherwise(None)
    )


def personal_paces(activities: pl.DataFrame) -> tuple[float, float] | None:
    """The person's own walking and running pace (min/km): the median pace of their walks and
    the faster quartile (25th percentile) of their run paces, from at least 3 of each, and only
    when they are at least 1.5 min/km apart. None otherwise. Walks slower than 20:00 min/km or
    faster than 7:00 are left out as mislabelled or stop-start."""
    paced = activities.with_columns(pace=_pace()).filter(pl.col("pace").is_not_null())
    walks = paced.filter(pl.col("sport") == "walk", pl.col("pace").is_between(7.0, 20.0))
    runs = paced.filter(pl.col("sport") == "run", ~is_walk_run_name(pl.col("name")))
    if min(walks.height, runs.height) < PERSONAL_MIN_SESSIONS:
        return None
    walk_pace = float(walks["pace"].median())  # type: ignore[arg-type]
    run_pace = float(runs["pace"].quantile(0.25, "nearest"))  # type: ignore[arg-type]
    if walk_pace - run_pace < PERSONAL_MIN_GAP:
        return None
    return walk_pace, run_pace


def run_session_class(
    activities: pl.DataFrame, walk_run_ids: Collection[str] = frozenset()
) -> pl.DataFrame:
    """Class of every run session: "walk-run", "jog" or "run", first rule that applies:

    1. name or sport type says walk-run (is_walk_run_name), or the id is in `walk_run_ids`
       (sessions that did a walk-run session of the plan, plan.plan_walk_run_ids): "walk-run";
    2. pace (moving minutes / km) slower than 10:00 min/km or cadence < 140 spm: "walk-run";
    3. the person's own paces (personal_paces): a pace nearer their walking pace than their
       running pace (past the midpoint) is "walk-run";
    4. slower than 8:00 min/km or cadence < 150 spm: "jog"; neither pace nor cadence: "jog"
       (the cautious middle); otherwise "run".
    Thresholds are a product convention. Laps and splits are not in the canonical schema, so
    they cannot be read here. Columns: `activity_id`, `date`, `minutes`, `pace_min_km`,
    `run_class`.
    """
    paces = personal_paces(activities)
    runs = activities.filter(pl.col("sport") == "run").with_columns(
        date=local_date(), minutes=minutes(), pace_min_km=_pace()
    )
    pace, cad = pl.col("pace_min_km"), pl.col("avg_cadence_spm")
    named = (
        is_walk_run_name(pl.col("name"))
        | is_walk_run_name(pl.col("sport_type"))
        | pl.col("activity_id").is_in(list(walk_run_ids))
    )
    personal = pl.lit(False)
    if paces is not None:
        walk_pace, run_pace = paces
        personal = (pace > (walk_pace + run_pace) / 2.0).fill_null(False)
    unknown = pace.is_null() & cad.is_null()
    cls = (
        pl.when(named)
        .then(pl.lit("walk-run"))
        .when(unknown)
        .then(pl.lit("jog"))
        .when((pace > WALK_RUN_PACE) | (cad < WALK_RUN_CADENCE) | personal)
        .then(pl.lit("walk-run"))
        .when((pace > JOG_PACE) | (cad < JOG_CADENCE))
        .then(pl.lit("jog"))
        .otherwise(pl.lit("run"))
    )
    return runs.select("activity_id", "date", "minutes", "pace_min_km", run_class=cls)


def progression_weekly(
    activities: pl.DataFrame,
    start: date | None = None,
    end: date | None = None,
    walk_run_ids: Collection[str] = frozenset(),
    today: date | None = None,
) -> pl.DataFrame:
    """Stage, longest run and time on feet per ISO week.

    `walk_run_ids`: see run_session_class.
    stage: "none" (no run, walk or hike), "walking" (walks/hikes, no run), then from the most
    advanced run session (see run_session_class): "running" (any "run"), "jogging" (best is
    "jog", unless the week also has walks and every run is shorter than 10 minutes: "walk-run"),
    "walk-run" (best is "walk-run"). `longest_run_min` = moving minutes of the week's longest run.
    The week holding `today` (when given; else the week holding `end`, when `end` is given and
    is not a Sunday) is unfinished: its stage is null (a Monday with one walk says nothing about
    the stage) and `complete` is False. A range ending on an old Wednesday, with `today` given,
    keeps that week's stage.
    Columns: `week`, `week_start`, `stage`, `longest_run_min`, `time_on_feet_min`, `runs`,
    `walks`, `complete`.
    """
    weekly = weekly_summary(activities, start, end)
    if weekly.is_empty():
        return weekly.select("week", "week_start").with_columns(
            stage=pl.lit(None, pl.String),
            longest_run_min=pl.lit(None, pl.Float64),
            time_on_feet_min=pl.lit(None, pl.Float64),
            runs=pl.lit(None, pl.Int64),
            walks=pl.lit(None, pl.Int64),
            complete=pl.lit(None, pl.Boolean),
        )
    runs = run_session_class(activities, walk_run_ids).with_columns(
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
    if today is not None:
        cut: date | None = monday(today)
    else:
        cut = monday(end) if end is not None and end.weekday() != 6 else None
    unfinished = pl.col("week_start") == pl.lit(cut, pl.Date) if cut else pl.lit(False)
    return out.select(
        "week",
        "week_start",
        stage=pl.when(unfinished).then(None).otherwise(stage),
        longest_run_min=pl.col("longest_run_min").fill_null(0.0),
        time_on_feet_min=pl.col("time_on_feet_min"),
        runs=pl.col("runs"),
        walks=pl.col("walks"),
        complete=~unfinished,
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


def stage_takeaway(weeks: pl.DataFrame) -> str:
    """One sentence from progression_weekly: the stage of the latest whole week with a stage,
    its longest run, and where the period started when that differs."""
    active = weeks.filter(pl.col("stage").is_not_null() & (pl.col("stage") != "none"))
    if active.is_empty():
        return "No whole week with walks or runs in this period yet."
    now, first = active.row(-1, named=True), active.row(0, named=True)
    longest = now["longest_run_min"]
    run_text = f", longest run {longest:.0f} min" if longest else ""
    since = (
        f" (from {first['stage']} in the week of {first['week_start']:%d %b %Y})"
        if first["stage"] != now["stage"]
        else f" (since the week of {first['week_start']:%d %b %Y})"
    )
    return f"Stage in the latest whole week: {now['stage']}{run_text}{since}."
