"""Guidance for the weeks with running: the walk-to-run plan week, the runs-per-week ramp, and
a runner's week. Pure; compose.py picks which applies.

Never a target that cannot fit in the days left of the week with a rest day between runs
(days.free_run_days); above the plan is "ahead of plan", with why that matters; the spike guard
is the longest run of the last 30 days (else 90 days, else ever) plus 10% (Frandsen 2025).
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from dashboard.guidance import words as w
from dashboard.guidance.days import WARMUP_MIN, PlanWeek, free_run_days, plan_table
from dashboard.guidance.facts import GuidanceSettings, WeekFacts
from dashboard.guidance.words import Guidance, Statement
from dashboard.metrics.rest import weekly_target
from dashboard.metrics.weekly import monday

RAMP_WEEKS_PER_STEP = 2
WHY_AHEAD = (
    "Why that matters: the plan builds from {start} run a week to 2-3 with a rest day between. "
    "Bone changes show over months, not weeks, so there is nothing to gain by hurrying, and the "
    "rest between runs is part of the stimulus (animal studies)."
)


def _guard(
    facts: WeekFacts, gs: GuidanceSettings, when: date | None, by_minutes: bool
) -> Statement | None:
    """ "Keep Saturday's run under about 31 minutes (your longest ... + 10%)"."""
    h = facts.history
    if h.longest_run_min is None:
        return None
    whose = f"{w.day_name(when, facts.today)}'s run" if when else "any run this week"
    whose = "today's run" if whose == "today's run" else whose
    window = (
        "the last 30 days"
        if h.longest_window == "30 days"
        else (
            "the last 90 days (none in the last 30)"
            if h.longest_window == "90 days"
            else "any time (none in the last 90 days)"
        )
    )
    if not by_minutes and h.longest_run_km:
        scale = 1.609344 if gs.distance_unit == "mi" else 1.0
        longest = h.longest_run_km / scale
        size = f"{longest * 1.1:.1f} {gs.distance_unit}"
        was = f"{longest:.1f} {gs.distance_unit}"
    else:
        size, was = w.minutes_text(h.longest_run_min * 1.1), w.minutes_text(h.longest_run_min)
    return Statement(
        f"Keep {whose} under about {size}: your longest run of {window} was {was}, plus 10%.",
        "spike_guard",
    )


def plan(facts: WeekFacts, gs: GuidanceSettings, week: PlanWeek) -> Guidance:
    planned = len(week.sessions)
    holds: list[Statement] = []
    for s in week.sessions:
        state = (
            f"done {w.day_name(s.done_on, facts.today)}"
            if s.done_on
            else f"fits {w.day_name(s.suggested, facts.today)}"
            if s.suggested
            else "no day left this plan week"
        )
        holds.append(
            Statement(
                f"Session {s.number}: {s.description}"
                + (
                    f" ({w.minutes_text(s.run_min)} running, {w.minutes_text(s.walk_min)} walking)"
                    if s.walk_min
                    else ""
                )
                + f", after a {WARMUP_MIN}-minute brisk walk: {state}.",
                "plan",
            )
        )
    holds += [*w.other_impact(facts), *w.strength_and_balance(facts, gs)]
    runs = sum(1 for _ in _runs_in(facts, week.start))
    nxt: list[Statement] = []
    open_ = [s for s in week.sessions if s.done_on is None]
    fitting = [s for s in open_ if s.suggested]
    status, why = "on track", None
    if runs > planned:
        status = "ahead of plan"
        why = Statement(
            f"{runs} runs this plan week, more than the plan's {planned}. "
            + WHY_AHEAD.format(start=1),
            "ramp",
        )
    if not open_:
        status = "done" if status == "on track" else status
        nxt.append(_after_week(week, facts.today))
    else:
        if fitting:
            days = ", ".join(
                f"session {s.number} {w.day_name(s.suggested, facts.today)}"
                for s in fitting
                if s.suggested
            )
            nxt.append(
                Statement(f"Suggested days, a rest day between runs: {days}.", "rest_between")
            )
        if len(fitting) < len(open_):
            nxt.append(
                Statement(
                    f"{w.count(len(open_) - len(fitting), 'session')} no longer "
                    "fit before this plan week ends: repeating a week is fine.",
                    "plan",
                )
            )
        longest_open = max(fitting, key=lambda s: s.total_min) if fitting else None
        guard = _guard(facts, gs, longest_open.suggested if longest_open else None, True)
        if guard:
            nxt.append(guard)
        h = facts.history
        if longest_open and h.longest_run_min and longest_open.total_min > 1.1 * h.longest_run_min:
            nxt.append(
                Statement(
                    f"Session {longest_open.number} ({w.minutes_text(longest_open.total_min)}) is "
                    "the plan's step up past that: take it easy, and repeating a week is fine.",
                    "spike_guard",
                )
            )
    headline = f"Week {week.number} of the walk-to-run plan: {week.done} of {planned} sessions done"
    headline += {"done": ". Well done.", "ahead of plan": ": ahead of plan."}.get(status, ".")
    return Guidance("plan", status, headline, tuple(holds), tuple(nxt), why, week, keys=("plan",))


def _after_week(week: PlanWeek, today: date) -> Statement:
    if week.number >= 9:
        return Statement(
            "That was the plan's last week: from here, 2-3 runs a week with a rest day between.",
            "ramp",
        )
    first = plan_table().filter(pl.col("week") == week.number + 1).row(0, named=True)
    starts = week.end + timedelta(days=1)
    return Statement(
        f"Week {week.number + 1} starts {starts:%A %d %B}, session 1: {first['description']}.",
        "plan",
    )


def _runs_in(facts: WeekFacts, start: date) -> list[date]:
    return [d.day for d in facts.days for _ in range(d.runs) if d.day >= start]


def _run_days_line(facts: WeekFacts) -> Statement:
    days = facts.days_with("runs")
    runs = facts.total("runs")
    if not days:
        return Statement("Runs: none so far this week.", "ramp")
    pairs = [d for d in days if d - timedelta(days=1) in days]
    if pairs:
        both = sorted({*pairs, *(p - timedelta(days=1) for p in pairs)})
        rest = (
            f"back to back on {w.short_days(both)}; a day without running between runs lets "
            "bone cells regain sensitivity (animal studies)"
        )
    elif len(days) > 1:
        rest = "with a day without running between each"
    else:
        rest = ""
    on = f"on {w.short_days(days)}" + (f", {rest}" if rest else "")
    return Statement(f"Runs: {runs} {on}.", "rest_between")


def ramp(facts: WeekFacts, gs: GuidanceSettings, ramp_start: date) -> Guidance:
    index = (facts.monday - monday(ramp_start)).days // 7
    target = weekly_target(
        index, gs.runs_per_week_start, gs.runs_per_week_target, RAMP_WEEKS_PER_STEP
    )
    runs = facts.total("runs")
    holds = [_run_days_line(facts), *w.other_impact(facts), *w.strength_and_balance(facts, gs)]
    nxt: list[Statement] = []
    why = None
    ran_today = facts.days[facts.today.weekday()].runs > 0
    fits = free_run_days(
        facts.today, facts.sunday, facts.history.last_run_day, max(0, target - runs), ran_today
    )
    week_no = f"in week {index + 1} of running" if index < 12 else "this week"
    if runs > target:
        status = "ahead of plan"
        done = w.count(runs, "run").capitalize()
        headline = f"{done} {week_no}, against the plan's {target}: ahead of plan."
        why = Statement(WHY_AHEAD.format(start=gs.runs_per_week_start), "ramp")
    elif runs == target:
        status = "on track"
        headline = f"{w.count(runs, 'run').capitalize()} {week_no}, as the plan asks: on track."
    else:
        status = "on track" if len(fits) >= target - runs else ""
        headline = f"{runs} of {target} runs so far {week_no}."
        if fits:
            more = f"{w.count(len(fits), 'more run')} {'fits' if len(fits) == 1 else 'fit'}"
            when = " and ".join(w.day_name(d, facts.today) for d in fits)
            nxt.append(
                Statement(
                    f"{more} this week with a rest day between, for example {when}.",
                    "rest_between",
                )
            )
        else:
            nxt.append(
                Statement(
                    "No other run fits this week with a rest day between; next week starts fresh.",
                    "rest_between",
                )
            )
    guard = _guard(facts, gs, fits[0] if fits else None, True)
    if guard:
        nxt.append(guard)
    return Guidance(
        "ramp", status, headline, tuple(holds), tuple(nxt), why, keys=("ramp", "months")
    )


def runner(facts: WeekFacts, gs: GuidanceSettings) -> Guidance:
    runs = facts.total("runs")
    holds = [_run_days_line(facts), *w.other_impact(facts), *w.strength_and_balance(facts, gs)]
    guard = _guard(facts, gs, None, False)
    strength = len(facts.days_with("strength"))
    headline = (
        f"Your week so far: {w.count(runs, 'run')}, "
        f"{w.count(len(facts.days_with('impact')), 'other impact day')} and "
        f"{w.count(strength, 'strength day')}."
    )
    return Guidance(
        "runner",
        "",
        headline,
        tuple(holds),
        (guard,) if guard else (),
        keys=("rest_between", "months"),
    )
