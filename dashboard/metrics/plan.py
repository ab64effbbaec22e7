"""The walk-to-run plan, planned against done: which phase a person is in, this week's sessions
with their content, which are done, suggested days, a spike guard, repeats and adherence.

The public API for pages and guidance (all pure; `today` and settings passed in):
- plan_week(activities, settings, today) -> PlanWeek: this week of the plan (or the walking
  phase), every session spelled out, done flags, suggested days, the spike guard.
- plan_history(activities, settings, today) -> frame: one row per plan week (7-day block).
- plan_sentence(week) -> str: the week in one plain sentence.
Phases: "walking" (before week 1: on track, not failing), "plan" (Couch to 5K week 1-9),
"finished" (all 9 weeks done), "running" (runs without a plan start), "limited" (profile
limited_impact: walks only, runs never asked for).
A plan week is done when its 3 sessions are matched by imports; a week not done is repeated,
never failed (the NHS plan: "repeating a week is fine"). Plan weeks are 7-day blocks from
settings.plan_start (a plan started on a Friday runs Friday to Thursday); the walking phase
counts calendar weeks (Monday to Sunday). Evidence: moderate (see plan_content).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl

from dashboard.metrics import plan_content as content
from dashboard.metrics import ramp
from dashboard.metrics.plan_match import (
    Adherence,
    PlanWeek,
    SessionStatus,
    candidates,
    match_sessions,
    suggest,
)
from dashboard.metrics.weekly import local_date, monday


def plan_history(activities: pl.DataFrame, settings: Any, today: date) -> pl.DataFrame:
    """One row per 7-day plan block from the plan's start to today's: `week_start` (its first day),
    `plan_week` (1-9), `attempt`, `planned` (3), `done` (0-3), `outcome` ("moved on",
    "repeat", "this week"). Stops after week 9 is done. Empty without settings.plan_start."""
    rows = _walk_plan(activities, settings, today)[0]
    return pl.DataFrame(
        rows,
        schema={
            "week_start": pl.Date,
            "plan_week": pl.Int64,
            "attempt": pl.Int64,
            "planned": pl.Int64,
            "done": pl.Int64,
            "outcome": pl.String,
        },
        orient="row",
    )


Rows = list[tuple[date, int, int, int, int, str]]


def _walk_plan(
    activities: pl.DataFrame, settings: Any, today: date
) -> tuple[Rows, list[SessionStatus] | None, list[SessionStatus]]:
    """Plan blocks from the start: (history rows, this block's sessions or None when the plan
    is over, every matched session so far)."""
    start = ramp.plan_start(settings)
    if start is None or start > today:
        return [], None, []
    rows: Rows = []
    every: list[SessionStatus] = []
    week, attempt, ws = 1, 1, start
    current: list[SessionStatus] | None = None
    while ws <= today and week <= content.PLAN_WEEKS:
        last = min(ws + timedelta(days=6), today)
        acts = candidates(activities, "run", ws, last)
        matched = match_sessions(content.week_sessions(week), acts)
        every.extend(s for s in matched if s.done)
        done = sum(s.done for s in matched)
        if ws + timedelta(days=6) >= today:
            rows.append((ws, week, attempt, 3, done, "this week"))
            current = matched
            break
        moved = done == len(matched)
        rows.append((ws, week, attempt, 3, done, "moved on" if moved else "repeat"))
        week, attempt = (week + 1, 1) if moved else (week, attempt + 1)
        ws += timedelta(days=7)
    return rows, current, every


def plan_walk_run_ids(activities: pl.DataFrame, settings: Any, today: date) -> frozenset[str]:
    """Ids of the activities that did a plan session holding walking intervals (weeks 1-6 but
    the continuous runs): walk-run sessions by the plan, whatever their name or pace."""
    every = _walk_plan(activities, settings, today)[2]
    return frozenset(
        s.activity_id for s in every if s.activity_id is not None and not s.content.continuous
    )


def _adherence(rows: Rows) -> Adherence:
    whole = [r for r in rows if r[5] != "this week"]
    return Adherence(
        weeks=len(whole),
        sessions_done=sum(r[4] for r in whole),
        sessions_planned=sum(r[3] for r in whole),
        repeats=sum(r[5] == "repeat" for r in whole),
    )


def _walking_week(activities: pl.DataFrame, today: date, week: int | None = None) -> PlanWeek:
    walks = activities.filter(pl.col("sport").is_in(["walk", "hike"]) & (local_date() <= today))
    first = walks.select(local_date().min()).item()
    if week is None:
        week = 1 if first is None else (monday(today) - monday(first)).days // 7 + 1
    ws = monday(today)
    acts = candidates(activities, "walk", ws, today)
    matched = match_sessions(content.walking_phase_sessions(week), acts)
    sessions, cannot = suggest(matched, activities, today, ws)
    ready = week >= content.WALKING_PHASE_WEEKS
    return PlanWeek("walking", week, 1, ws, sessions, cannot, ready_to_run=ready)


def plan_week(activities: pl.DataFrame, settings: Any, today: date) -> PlanWeek:
    """This week of the plan for the person in `settings` (see the module docstring).

    - profile "limited_impact": phase "limited", about 30-minute walks, never a run.
    - settings.plan_start set and reached: phase "plan" (week 1-9, repeats counted) or
      "finished"; before it, or with no run yet and profile "starting": phase "walking".
    - runs but no plan start: phase "running" (the runs-per-week ramp applies; no sessions).
    Suggested days keep a rest day between runs and only fill the days left of the week.
    """
    ws = monday(today)
    if ramp.profile(settings) == "limited_impact":
        limited = _walking_week(activities, today, week=content.WALKING_PHASE_WEEKS)
        return PlanWeek("limited", None, 1, ws, limited.sessions, limited.cannot_fit)
    start = ramp.plan_start(settings)
    has_runs = bool(ramp.run_days(activities.filter(local_date() <= today)))
    if start is None or start > today:
        if start is None and (has_runs or ramp.profile(settings) == "runner"):
            guard = ramp.spike_guard(activities, today)
            return PlanWeek("running", None, 1, ws, (), spike_guard=guard)
        return _walking_week(activities, today)
    rows, current, _ = _walk_plan(activities, settings, today)
    adherence = _adherence(rows)
    if current is None:
        guard = ramp.spike_guard(activities, today)
        return PlanWeek("finished", None, 1, ws, (), spike_guard=guard, adherence=adherence)
    block = rows[-1][0]
    sessions, cannot = suggest(current, activities, today, start, block + timedelta(days=6))
    guard_day = next((s.suggested for s in sessions if s.suggested is not None), None)
    guard = ramp.spike_guard(activities, today) if guard_day is not None else None
    week, attempt = rows[-1][1], rows[-1][2]
    return PlanWeek("plan", week, attempt, block, sessions, cannot, guard, guard_day, adherence)


def _next(week: PlanWeek) -> SessionStatus | None:
    return next((s for s in week.sessions if s.suggested is not None), None)


def plan_sentence(week: PlanWeek) -> str:
    """This week in plain words: where the person is, what is done, the next session with its
    day, the spike guard, and what no longer fits (a repeat next week is fine)."""
    nxt = _next(week)
    if week.phase in ("walking", "limited"):
        head = (
            f"Week {week.week} of the walking phase: {week.done} of {week.planned} walks done, "
            "and you are on track."
            if week.phase == "walking"
            else f"This week: {week.done} of {week.planned} walks done. Your settings say a "
            "clinician limits impact, so no runs are asked for."
        )
        parts = [head]
        if nxt is not None:
            parts.append(f"Next: {nxt.content.text}, on {nxt.suggested:%A}.")
        if week.phase == "walking":
            parts.append(
                "When you can walk about 30 minutes briskly and cannot walk any faster, you are "
                "ready for week 1 of the walk-to-run plan."
                if week.ready_to_run
                else "Longer, brisker walks come next; they lead on to running."
            )
        return " ".join(parts)
    if week.phase == "finished":
        return "You have finished the 9-week walk-to-run plan. " + (
            week.spike_guard.text() if week.spike_guard else ""
        )
    if week.phase == "running":
        return week.spike_guard.text() if week.spike_guard else ""
    repeat = f" (repeating week {week.week}: that is fine)" if week.attempt > 1 else ""
    parts = [
        f"Week {week.week} of the walk-to-run plan: {week.done} of {week.planned} sessions "
        f"done{repeat}."
    ]
    if nxt is not None and nxt.suggested is not None:
        parts.append(f"Next: {nxt.content.text}, on {nxt.suggested:%A}.")
        if week.spike_guard is not None:
            parts.append(week.spike_guard.text(nxt.suggested))
    elif week.done == week.planned:
        parts.append("All done for this week.")
    if week.cannot_fit:
        n = week.cannot_fit
        what = "1 session no longer fits" if n == 1 else f"{n} sessions no longer fit"
        parts.append(
            f"{what} this week with a rest day between runs: repeating the week next week is fine."
        )
    return " ".join(parts)


def session_status(session: SessionStatus) -> str:
    """ "done Thu 26 Nov", "suggested Tue 01 Dec" or "does not fit this week"."""
    if session.done_on is not None:
        return f"done {session.done_on:%a %d %b}"
    if session.suggested is not None:
        return f"suggested {session.suggested:%a %d %b}"
    return "does not fit this week"


def sessions_frame(week: PlanWeek) -> pl.DataFrame:
    """The week's sessions as a table: `session`, `what` (plain words), `status`
    (session_status: done on a day, a suggested day that keeps rest between runs, or no fit)."""
    return pl.DataFrame(
        {
            "session": [s.content.session for s in week.sessions],
            "what": [s.content.text for s in week.sessions],
            "status": [session_status(s) for s in week.sessions],
        },
        schema={"session": pl.Int64, "what": pl.String, "status": pl.String},
    )


def sessions_markdown(week: PlanWeek) -> str:
    """The week's sessions as a Markdown list (readable on a phone), e.g. "- **Session 1:** 5
    min brisk walk, then ... (done Thu 26 Nov)". The texts are the plan's own, never imported."""
    return "\n".join(
        f"- **Session {s.content.session}:** {s.content.text} ({session_status(s)})"
        for s in week.sessions
    )


__all__ = [
    "Adherence",
    "PlanWeek",
    "SessionStatus",
    "plan_history",
    "plan_sentence",
    "plan_walk_run_ids",
    "plan_week",
    "session_status",
    "sessions_frame",
    "sessions_markdown",
]
