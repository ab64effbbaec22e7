"""Rest between runs: back-to-back run days, hours between runs, runs per week against a target.

The founding article's prescription: do not run daily; start with one run a week and build to
2-3, with active rest days between. These are product targets (user settings), not a dose the
literature has fixed. Evidence: moderate (bone cells regain sensitivity with rest, Robling, Burr
& Turner 2001, J Exp Biol 204:3389, from animal studies; the targets are guideline conventions).
"""

from __future__ import annotations

from datetime import date
from typing import Final

import polars as pl

from dashboard.metrics.weekly import date_bounds, local_date, monday, week_calendar

STATUSES: Final = ("walking phase", "no runs asked", "below", "on target", "ahead of plan")
AHEAD_WHY: Final = (
    "Rest days between runs matter: bone needs time to recover and regain its response to "
    "loading, and a single run well beyond your recent ones was linked to more injuries "
    "(Frandsen 2025)."
)


def back_to_back_run_days(activities: pl.DataFrame) -> pl.DataFrame:
    """Run days that follow a run day (two impact days in a row): `date`, `previous_run_date`.

    Several runs on one day count as one run day.
    """
    days = (
        activities.filter(pl.col("sport") == "run")
        .select(local_date().alias("date"))
        .unique()
        .sort("date")
        .with_columns(previous_run_date=pl.col("date").shift(1))
    )
    return days.filter((pl.col("date") - pl.col("previous_run_date")).dt.total_days() == 1)


def hours_between_runs(activities: pl.DataFrame) -> pl.DataFrame:
    """For each run, hours from the end of the previous run to its start (local wall clock).

    End = start_local + elapsed_s. Null for the first run. Columns: `activity_id`,
    `start_local`, `hours_since_previous_run`.
    """
    runs = activities.filter(pl.col("sport") == "run").sort("start_local", "activity_id")
    end = pl.col("start_local") + pl.duration(seconds=pl.col("elapsed_s").fill_null(0.0))
    return runs.with_columns(prev_end=end.shift(1)).select(
        "activity_id",
        "start_local",
        hours_since_previous_run=(pl.col("start_local") - pl.col("prev_end")).dt.total_seconds()
        / 3600.0,
    )


def weekly_target(
    week_index: int, start_runs_per_week: int, target_runs_per_week: int, weeks_per_step: int
) -> int:
    """Target for the n-th week (0-based) of the ramp: start, +1 run every `weeks_per_step` weeks,
    capped at the target. E.g. 1 -> 3 with 2 weeks a step: 1, 1, 2, 2, 3, 3, ..."""
    if week_index < 0:
        return start_runs_per_week
    step = week_index // max(1, weeks_per_step)
    if target_runs_per_week >= start_runs_per_week:
        return min(target_runs_per_week, start_runs_per_week + step)
    return max(target_runs_per_week, start_runs_per_week - step)


def runs_vs_target(
    activities: pl.DataFrame,
    target_runs_per_week: int,
    start_runs_per_week: int = 1,
    weeks_per_step: int = 2,
    max_runs_per_week: int | None = None,
    ramp_start: date | None = None,
    start: date | None = None,
    end: date | None = None,
    *,
    walking: bool = False,
    limited: bool = False,
) -> pl.DataFrame:
    """Runs per ISO week against a target that ramps from `start_runs_per_week` (1) to
    `target_runs_per_week` (2-3), one more run every `weeks_per_step` weeks from `ramp_start`
    (default: the first week of the range). The ramp starts at the first run or the plan's
    start, never the first walk: weeks before `ramp_start`'s week, and every week when `walking`
    (no run yet, no plan), are the walking phase: target 0, status "walking phase" (on track).
    `limited` (a clinician limits impact): target 0, status "no runs asked", always.

    status: "below" (runs < target), "on target" (target <= runs <= max_runs_per_week, default
    the target; while the ramp is below `target_runs_per_week`, its own target), "ahead of
    plan" (more: above the ramp is not "on target"). `complete` is
    False for the week holding `end` when it is cut short (a "below" may still be made up).
    Also `run_days` and `back_to_back` (run days in the week whose previous day was a run day).
    Columns: `week`, `week_start`, `runs`, `run_days`, `back_to_back`, `target`, `status`,
    `complete`.
    """
    bounds = date_bounds(activities, start, end)
    if bounds is None:
        return pl.DataFrame(
            schema={
                "week": pl.String,
                "week_start": pl.Date,
                "runs": pl.Int64,
                "run_days": pl.Int64,
                "back_to_back": pl.Int64,
                "target": pl.Int64,
                "status": pl.String,
                "complete": pl.Boolean,
            }
        )
    start, end = bounds
    calendar = week_calendar(start, end)
    runs = activities.filter(pl.col("sport") == "run").with_columns(date=local_date())
    runs = runs.filter(pl.col("date") <= end)
    b2b = back_to_back_run_days(runs).select("date", b2b=pl.lit(1))
    per_day = (
        runs.group_by("date")
        .agg(n=pl.len())
        .join(b2b, on="date", how="left")
        .with_columns(week_start=pl.col("date").dt.truncate("1w"))
    )
    per_week = per_day.group_by("week_start").agg(
        runs=pl.col("n").sum().cast(pl.Int64),
        run_days=pl.len().cast(pl.Int64),
        back_to_back=pl.col("b2b").fill_null(0).sum().cast(pl.Int64),
    )
    out = calendar.join(per_week, on="week_start", how="left").with_columns(
        pl.col("runs", "run_days", "back_to_back").fill_null(0)
    )
    first = monday(ramp_start) if ramp_start is not None else calendar["week_start"][0]
    targets = [
        weekly_target(
            (ws - first).days // 7, start_runs_per_week, target_runs_per_week, weeks_per_step
        )
        for ws in out["week_start"]
    ]
    before = [walking or (ws < first) for ws in out["week_start"]]
    out = out.with_columns(
        target=pl.Series(targets, dtype=pl.Int64), walking=pl.Series(before, dtype=pl.Boolean)
    )
    if limited:
        out = out.with_columns(target=pl.lit(0, pl.Int64))
    else:
        out = out.with_columns(
            target=pl.when(pl.col("walking")).then(0).otherwise(pl.col("target"))
        )
    # While the ramp is still climbing, its own target is the ceiling: above it is ahead of plan.
    upper = (
        pl.col("target")
        if max_runs_per_week is None
        else pl.when(pl.col("target") < target_runs_per_week)
        .then(pl.col("target"))
        .otherwise(pl.max_horizontal(pl.col("target"), pl.lit(max_runs_per_week)))
    )
    status = (
        pl.when(pl.lit(limited))
        .then(pl.lit("no runs asked"))
        .when(pl.col("walking") & (pl.col("runs") == 0))
        .then(pl.lit("walking phase"))
        .when(pl.col("runs") < pl.col("target"))
        .then(pl.lit("below"))
        .when(pl.col("runs") <= upper)
        .then(pl.lit("on target"))
        .otherwise(pl.lit("ahead of plan"))
    )
    return out.with_columns(status=status, complete=pl.col("days") == 7).select(
        "week", "week_start", "runs", "run_days", "back_to_back", "target", "status", "complete"
    )


def target_streaks(weeks: pl.DataFrame) -> pl.DataFrame:
    """Runs of consecutive weeks "on target" (from runs_vs_target), counted in weeks.

    An incomplete last week that is still "below" neither extends nor breaks a streak.
    Columns: `first_week`, `last_week`, `weeks` (oldest first).
    """
    weeks = weeks.sort("week_start")
    pending = (~pl.col("complete")) & (pl.col("status") == "below")
    weeks = weeks.filter(~pending)
    met = pl.col("status") == "on target"
    grouped = weeks.with_columns(met=met, run_id=met.rle_id()).filter(pl.col("met"))
    return (
        grouped.group_by("run_id")
        .agg(
            first_week=pl.col("week").first(),
            last_week=pl.col("week").last(),
            weeks=pl.len().cast(pl.Int64),
            start=pl.col("week_start").first(),
        )
        .sort("start")
        .select("first_week", "last_week", "weeks")
    )


def current_streak(weeks: pl.DataFrame) -> int:
    """Weeks on target up to the latest week (0 when the latest counted week missed)."""
    weeks = weeks.sort("week_start")
    pending = (~pl.col("complete")) & (pl.col("status") == "below")
    statuses = weeks.filter(~pending)["status"].to_list()
    count = 0
    for status in reversed(statuses):
        if status != "on target":
            break
        count += 1
    return count


def rest_takeaway(
    runs: int,
    back_to_back: int,
    status: str,
    run_days: int | None = None,
    *,
    target: int | None = None,
    complete: bool = True,
    fit: int | None = None,
) -> str:
    """One sentence for the week, e.g. "2 runs this week with a rest day between each: on target".

    The verdict is about the number of runs; back-to-back days are said apart from it ("3 runs
    this week (on target), with 1 pair of back-to-back run days: a rest day between runs is the
    guidance"), so the sentence never says "add a rest day" and "on target" as one verdict.

    `back_to_back` = run days that followed a run day; `status` from runs_vs_target; `run_days`
    (optional) = distinct days with a run, to catch two runs on one day. For the current week
    (`complete` False) still below its `target`, the sentence says what is left, never more than
    `fit` (runs that still fit before Sunday with a rest day between, ramp.runs_that_fit).
    "ahead of plan" says why that matters (AHEAD_WHY); the walking phase is on track.
    """
    done = "No runs" if runs == 0 else ("1 run" if runs == 1 else f"{runs} runs")
    if status == "no runs asked":
        return "Your settings say a clinician limits impact, so no runs are asked for"
    if status == "walking phase":
        return "Walking phase: your walks are the plan for now, so no runs are asked for yet"
    if not complete and status == "below" and target is not None and back_to_back == 0:
        left = target - runs
        if fit is not None and fit < left:
            if fit == 0:
                return (
                    f"{done} so far this week, and no more fit with a rest day between: that is "
                    "fine, rest comes first"
                )
            more = "1 more run fits" if fit == 1 else f"{fit} more runs fit"
            return f"{done} so far this week: {more} in the days left, with a rest day between"
        more = "1 more run" if left == 1 else f"{left} more runs"
        return f"{done} so far this week: {more} to reach {target}, with a rest day between"
    verdict = status if status == "on target" else f"{status} target"
    if status == "ahead of plan":
        asks = f", the plan asks for {target}" if target is not None else ""
        return (
            f"{_week_sentence(runs, back_to_back, run_days, 'ahead of plan' + asks)}. {AHEAD_WHY}"
        )
    return _week_sentence(runs, back_to_back, run_days, verdict)


def weeks_text(count: int) -> str:
    """'1 week', '3 weeks', '0 weeks'."""
    return "1 week" if count == 1 else f"{count} weeks"


def _week_sentence(runs: int, back_to_back: int, run_days: int | None, verdict: str) -> str:
    if runs == 0:
        return f"No runs this week: {verdict}"
    if runs == 1:
        return f"1 run this week: {verdict}"
    if run_days is not None and run_days < runs and back_to_back == 0:
        days = "1 day" if run_days == 1 else f"{run_days} days"
        return (
            f"{runs} runs on {days} this week ({verdict}); spreading them over more days, with a "
            "rest day between, is the guidance"
        )
    if back_to_back == 0:
        return f"{runs} runs this week with a rest day between each: {verdict}"
    pairs = "1 pair" if back_to_back == 1 else f"{back_to_back} pairs"
    return (
        f"{runs} runs this week ({verdict}), with {pairs} of back-to-back run days: a rest day "
        "between runs is the guidance"
    )
