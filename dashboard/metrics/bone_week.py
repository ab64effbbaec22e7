"""The bone week: each ISO week counted the way the bone-health guidelines count it.

Sources and evidence rungs:
- Royal Osteoporosis Society consensus (Brooke-Wavell 2022, BJSM 56:837) and ESSA (Beck 2017,
  J Sci Med Sport 20:438): moderate impact (jogging, running, jumping, stair climbing) building
  up to most days; progressive strength training 2-3 days a week. Rung: moderate (consensus on
  trials with bone density outcomes, e.g. LIFTMOR, Watson 2018, JBMR 33:211).
- The founding article "Run to Improve Bone Health": 2-3 runs a week with a rest day between,
  starting from walks and one run a week. Rung: convention/expert advice.
- WHO 2020 guidelines: older adults, balance and strength on 3 or more days a week; exercise,
  above all balance and functional training, cut falls by about a quarter (Sherrington 2019,
  Cochrane CD012424). Rung: well-founded for falls, not for bone density.
- Bone changes show over 6-12 months, so adherence is also shown over the last 26 weeks.

Counting (local days, Monday start): a run day has a run; an other-impact day has an impact
session (jumps, court sports, dance...) and no run; strength and balance days have a session of
that family (a day can be a run day and a strength day); a walk day has a walk or hike and no
impact; a rest day has no activity at all. `back_to_back_run_days`: run days whose previous
day was a run day (the article asks for a rest day between runs; shown, not judged).

Targets by profile: "runner" asks runs_per_week_target run days; "starting" asks none until the
ramp starts (metrics.ramp.ramp_start: the plan start when set, else the first run; never the
first walk: the walking phase is the plan, not a failure), then ramps from
runs_per_week_start to runs_per_week_target, one more every 2 weeks (metrics.rest.weekly_target),
except that the weeks of a walk-to-run plan (metrics.plan.plan_history, by the Monday of each
plan block) ask for the plan's sessions (NHS Couch to 5K: 3);
"limited_impact" ("my clinician limits impact", ROS 2022 after vertebral fracture) never asks
for runs or impact. Strength: strength_days_target. Balance: balance_days_target when
balance_days is "on", or "auto" and the person is 65 or older this year (WHO 2020), else 0.
`runs_status`: "not yet" (walking phase), "not asked" (limited impact), "below", "to come"
(the week is still running), "met", "ahead" (starting profile above its ramp: ahead of plan).
A full bone week meets every target (run days at or above the target, whatever the order);
a week whose targets are all zero is full when it holds any activity. `complete` is False for
the week still running on `today`: it is never judged a failure.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Final

import polars as pl

from dashboard.metrics.plan import plan_history
from dashboard.metrics.ramp import ramp_start
from dashboard.metrics.rest import weekly_target
from dashboard.metrics.weekly import WALK_SPORTS, date_bounds, local_date, monday, week_calendar

BALANCE_FROM_AGE: Final = 65  # WHO 2020
WEEKS_PER_STEP: Final = 2  # the ramp adds one run every two weeks
MONTHS_WEEKS: Final = 26  # about six months: bone changes show over 6-12 months
COUNTS: Final = (
    "run_days",
    "impact_days",
    "strength_days",
    "balance_days",
    "walk_days",
    "rest_days",
    "back_to_back_run_days",
)
SCHEMA: Final = pl.Schema(
    {
        "week": pl.String,
        "week_start": pl.Date,
        "days": pl.Int64,
        **dict.fromkeys(COUNTS, pl.Int64),
        "phase": pl.String,
        "runs_target": pl.Int64,
        "impact_target": pl.Int64,
        "strength_target": pl.Int64,
        "balance_target": pl.Int64,
        "runs_met": pl.Boolean,
        "impact_met": pl.Boolean,
        "strength_met": pl.Boolean,
        "balance_met": pl.Boolean,
        "runs_status": pl.String,
        "full_bone_week": pl.Boolean,
        "complete": pl.Boolean,
    }
)


def balance_on(settings: Any, today: date) -> bool:
    """Balance days asked for: balance_days "on", or "auto" from age 65 (birth_year; WHO 2020)."""
    mode = getattr(settings, "balance_days", "auto")
    birth = getattr(settings, "birth_year", None)
    old = birth is not None and today.year - birth >= BALANCE_FROM_AGE
    return mode == "on" or (mode == "auto" and old)


def _runs_target(
    settings: Any, week: date, ramp: date | None, plan_weeks: dict[date, int]
) -> tuple[str, int]:
    profile = getattr(settings, "profile", "starting")
    if profile == "limited_impact":
        return "limited", 0
    if profile == "runner":
        return "running", int(settings.runs_per_week_target)
    if week in plan_weeks:
        return "running", plan_weeks[week]
    if ramp is None or week < monday(ramp):
        return "walking", 0
    index = (week - monday(ramp)).days // 7
    start, target = int(settings.runs_per_week_start), int(settings.runs_per_week_target)
    return "running", weekly_target(index, start, target, WEEKS_PER_STEP)


def _day_flags(activities: pl.DataFrame, first: date, end: date) -> pl.DataFrame:
    """One row per day from the day before `first` to `end`, with what it held."""
    sport = pl.col("sport")
    days = pl.DataFrame(
        {"date": pl.date_range(first - timedelta(days=1), end, interval="1d", eager=True)}
    )
    held = (
        activities.filter(local_date().is_between(first - timedelta(days=1), end))
        .group_by(local_date().alias("date"))
        .agg(
            run=(sport == "run").any(),
            impact=(sport == "impact").any(),
            strength=(sport == "strength").any(),
            balance=(sport == "balance").any(),
            walk=sport.is_in(WALK_SPORTS).any(),
            active=pl.len() > 0,
        )
    )
    flags = ("run", "impact", "strength", "balance", "walk", "active")
    out = days.join(held, on="date", how="left").with_columns(pl.col(flags).fill_null(False))
    out = out.with_columns(b2b=pl.col("run") & pl.col("run").shift(1).fill_null(False))
    return out.filter(pl.col("date") >= first)


def bone_week(
    activities: pl.DataFrame,
    settings: Any,
    today: date,
    start: date | None = None,
    end: date | None = None,
) -> pl.DataFrame:
    """One row per ISO week from the week of `start` (default: the first activity) to the week
    of `end` (default: `today`): the counts, targets, met flags and verdict described in the
    module docstring. Weeks before the week of the first activity are left out: nothing is known
    of them, so they are neither full nor failed. Columns: SCHEMA.
    """
    if activities.is_empty():
        return pl.DataFrame(schema=SCHEMA)
    earliest = monday(activities.select(local_date().min()).item())
    start = earliest if start is None else max(start, earliest)
    bounds = date_bounds(activities, start, end if end is not None else today)
    if bounds is None:
        return pl.DataFrame(schema=SCHEMA)
    start, end = bounds
    first = monday(start)
    flags = _day_flags(activities, first, end)
    not_run = ~pl.col("run")
    per_week = flags.group_by(pl.col("date").dt.truncate("1w").alias("week_start")).agg(
        run_days=pl.col("run").sum(),
        impact_days=(pl.col("impact") & not_run).sum(),
        strength_days=pl.col("strength").sum(),
        balance_days=pl.col("balance").sum(),
        walk_days=(pl.col("walk") & not_run & ~pl.col("impact")).sum(),
        rest_days=(~pl.col("active")).sum(),
        back_to_back_run_days=pl.col("b2b").sum(),
        active_days=pl.col("active").sum(),
    )
    weeks = week_calendar(start, end).join(per_week, on="week_start", how="left")
    ramp = ramp_start(activities, settings)
    plan_weeks = {
        monday(ws): planned
        for ws, planned in plan_history(activities, settings, today)
        .select("week_start", "planned")
        .iter_rows()
    }
    phases = [_runs_target(settings, ws, ramp, plan_weeks) for ws in weeks["week_start"]]
    balance = int(settings.balance_days_target) if balance_on(settings, today) else 0
    weeks = weeks.with_columns(
        pl.col(*COUNTS, "active_days").fill_null(0).cast(pl.Int64),
        phase=pl.Series([p for p, _ in phases], dtype=pl.String),
        runs_target=pl.Series([t for _, t in phases], dtype=pl.Int64),
        impact_target=pl.lit(0, pl.Int64),
        strength_target=pl.lit(int(settings.strength_days_target), pl.Int64),
        balance_target=pl.lit(balance, pl.Int64),
        complete=pl.col("week_start") + pl.duration(days=7) <= pl.lit(today),
    )
    met = {
        f"{name}_met": pl.col(days) >= pl.col(f"{name}_target")
        for name, days in (
            ("runs", "run_days"),
            ("impact", "impact_days"),
            ("strength", "strength_days"),
            ("balance", "balance_days"),
        )
    }
    weeks = weeks.with_columns(**met)
    targets = pl.sum_horizontal("runs_target", "strength_target", "balance_target")
    all_met = pl.all_horizontal(*met)
    full = pl.when(targets == 0).then(pl.col("active_days") > 0).otherwise(all_met)
    status = (
        pl.when(pl.col("phase") == "limited")
        .then(pl.lit("not asked"))
        .when((pl.col("runs_target") == 0) & (pl.col("run_days") == 0))
        .then(pl.lit("not yet"))
        .when((pl.col("run_days") < pl.col("runs_target")) & ~pl.col("complete"))
        .then(pl.lit("to come"))
        .when(pl.col("run_days") < pl.col("runs_target"))
        .then(pl.lit("below"))
        .when((pl.col("phase") == "running") & (pl.col("run_days") > pl.col("runs_target")))
        .then(pl.lit("ahead" if getattr(settings, "profile", "") == "starting" else "met"))
        .otherwise(pl.lit("met"))
    )
    weeks = weeks.with_columns(full_bone_week=full, runs_status=status)
    return weeks.select(SCHEMA.names()).cast(dict(SCHEMA)).sort("week_start")


def months_view(weeks: pl.DataFrame, n: int = MONTHS_WEEKS) -> pl.DataFrame:
    """Bone weeks over months: for each complete week, `share_full` = share of full bone weeks
    among the last `n` (26) complete weeks ending there (fewer at the start of a history:
    `weeks_counted` says how many). The last row is "the last 26 weeks". The week still running
    is left out (never judged). Columns: `week`, `week_start`, `full_bone_week`,
    `weeks_counted`, `share_full` (0-1).
    """
    done = weeks.filter(pl.col("complete")).sort("week_start")
    full = pl.col("full_bone_week").cast(pl.Float64)
    return done.select(
        "week",
        "week_start",
        "full_bone_week",
        weeks_counted=pl.int_range(1, pl.len() + 1).clip(upper_bound=n).cast(pl.Int64),
        share_full=full.rolling_mean(window_size=n, min_samples=1),
    )


def last_months_share(weeks: pl.DataFrame, n: int = MONTHS_WEEKS) -> tuple[int, int]:
    """(full bone weeks, complete weeks counted) over the last `n` complete weeks."""
    done = weeks.filter(pl.col("complete")).sort("week_start").tail(n)
    return int(done["full_bone_week"].sum()), done.height
