"""Guidance for the weeks with running: the walk-to-run plan week, the runs-per-week ramp, and
a runner's week. Pure; compose.py picks which applies.

Built on the metrics: the plan week (sessions, done flags, suggested days, what no longer fits,
repeats) is dashboard.metrics.plan.plan_week; the runs target and its verdict are
dashboard.metrics.bone_week; days that keep a rest day between runs are
dashboard.metrics.ramp.days_that_fit; the spike guard (longest run of the last 30 days, else 90,
else ever, + 10%) is ramp.spike_guard, written here in the person's distance unit. Never a
target that cannot fit in the days left; above the plan is "ahead of plan", with why.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from dashboard.guidance import words as w
from dashboard.guidance.facts import GuidanceSettings, WeekFacts
from dashboard.guidance.words import Guidance, Statement
from dashboard.metrics import bone_week, plan_content, ramp
from dashboard.metrics import plan as plan_mod
from dashboard.metrics.rest import weekly_target

KM_PER_MILE = 1.609344
WHY_AHEAD = (
    "Why that matters: the plan builds from {start} run a week to 2-3 with a rest day between. "
    "Bone changes show over 6-12 months, not weeks, so a steady build-up loses nothing, and the "
    "rest between runs is part of the stimulus (animal studies)."
)
_WINDOW = {
    "30 days": "the last 30 days",
    "90 days": "the last 90 days (none in the last 30)",
    "ever": "any time (none in the last 90 days)",
}


def guard(
    guard: ramp.SpikeGuard | None,
    gs: GuidanceSettings,
    when: date | None,
    today: date,
    by_time: bool,
) -> Statement | None:
    """ "Keep Saturday's run under about 31 minutes: your longest run of the last 30 days was 28
    minutes, plus 10%." (by time on the walk-to-run path, by distance for a runner)."""
    if guard is None:
        return None
    whose = f"{w.day_name(when, today)}'s run" if when else "any run this week"
    if not by_time and guard.longest_km:
        scale = KM_PER_MILE if gs.distance_unit == "mi" else 1.0
        longest = guard.longest_km / scale
        size, was = f"{longest * 1.1:.1f} {gs.distance_unit}", f"{longest:.1f} {gs.distance_unit}"
    else:
        size = w.minutes_text(guard.max_minutes)
        was = w.minutes_text(guard.longest_minutes)
    return Statement(
        f"Keep {whose} under about {size}: your longest run of {_WINDOW[guard.reference]} was "
        f"{was}, plus 10%.",
        "spike_guard",
    )


def _session_text(s: plan_mod.SessionStatus, today: date) -> str:
    c = s.content
    walk = c.main_minutes - c.run_minutes
    split = (
        f" ({w.minutes_text(c.run_minutes)} running, {w.minutes_text(walk)} walking)"
        if walk > 0
        else ""
    )
    state = (
        f"done {w.day_name(s.done_on, today)}"
        if s.done_on
        else f"fits {w.day_name(s.suggested, today)}"
        if s.suggested
        else "no day left this week"
    )
    return f"Session {c.session}: {c.text}{split}: {state}."


def plan(facts: WeekFacts, gs: GuidanceSettings, week: plan_mod.PlanWeek, last: str) -> Guidance:
    """The walk-to-run plan week (`last`: a sentence about last week, or "")."""
    holds = [Statement(_session_text(s, facts.today), "plan") for s in week.sessions]
    holds += [Statement(last, "plan_history")] if last else []
    holds += [*w.other_impact(facts), *w.strength_and_balance(facts, gs)]
    nxt: list[Statement] = []
    runs = facts.total("runs")
    status, why = ("done" if week.done == week.planned else "on track"), None
    if runs > week.planned:
        status = "ahead of plan"
        why = Statement(
            f"{runs} runs this week, more than the plan's {week.planned}. "
            + WHY_AHEAD.format(start=1),
            "ramp",
        )
    todo = [s for s in week.sessions if s.suggested]
    if todo:
        days = ", ".join(
            f"session {s.content.session} {w.day_name(s.suggested, facts.today)}"
            for s in todo
            if s.suggested
        )
        nxt.append(Statement(f"Suggested days, a rest day between runs: {days}.", "rest_between"))
        biggest = max(todo, key=lambda s: s.content.main_minutes)
        line = guard(week.spike_guard, gs, biggest.suggested, facts.today, True)
        if line:
            nxt.append(line)
        sg = week.spike_guard
        if sg is not None and biggest.content.main_minutes + 5 > sg.max_minutes:
            nxt.append(
                Statement(
                    f"Session {biggest.content.session} with its warm-up walk is longer than that: "
                    "it is the plan's step up, so take it easy, and repeating a week is fine.",
                    "spike_guard",
                )
            )
    if week.cannot_fit:
        nxt.append(
            Statement(
                f"{w.count(week.cannot_fit, 'session')} no longer "
                f"{'fits' if week.cannot_fit == 1 else 'fit'} this week with a rest "
                "day between runs: repeating the week next week is fine.",
                "plan",
            )
        )
    if week.done == week.planned and week.week is not None:
        nxt.append(_after(week))
    repeat = f" (repeating week {week.week}: that is fine)" if week.attempt > 1 else ""
    headline = (
        f"Week {week.week} of the walk-to-run plan{repeat}: {week.done} of {week.planned} "
        "sessions done"
    )
    headline += {"done": ". Well done.", "ahead of plan": ": ahead of plan."}.get(status, ".")
    return Guidance("plan", status, headline, tuple(holds), tuple(nxt), why, week, ("plan",))


def _after(week: plan_mod.PlanWeek) -> Statement:
    if week.week is None or week.week >= plan_content.PLAN_WEEKS:
        return Statement(
            "That was the plan's last week: from here, 2-3 runs a week with a rest day between.",
            "ramp",
        )
    first = plan_content.week_sessions(week.week + 1)[0]
    starts = week.week_start + timedelta(days=7)
    return Statement(
        f"Week {week.week + 1} starts {starts:%A %d %B}, session 1: {first.text}.", "plan"
    )


def run_days_line(facts: WeekFacts) -> Statement:
    days = facts.days_with("runs")
    if not days:
        return Statement("Runs: none so far this week.", "ramp")
    pairs = [d for d in days if d - timedelta(days=1) in days]
    if pairs:
        both = sorted({*pairs, *(p - timedelta(days=1) for p in pairs)})
        rest = (
            f", back to back on {w.short_days(both)}; a day without running between runs lets "
            "bone cells regain sensitivity (animal studies)"
        )
    else:
        rest = ", with a day without running between each" if len(days) > 1 else ""
    runs = facts.total("runs")
    same_day = " (some on the same day)" if runs > len(days) else ""
    return Statement(f"Runs: {runs} on {w.short_days(days)}{same_day}{rest}.", "rest_between")


def ramp_week(
    facts: WeekFacts,
    gs: GuidanceSettings,
    row: dict[str, Any],
    index: int | None,
    spike: ramp.SpikeGuard | None,
    runs_taken: list[date],
) -> Guidance:
    """The runs-per-week ramp (`row`: this week of metrics.bone_week; `index`: 0-based week of
    the ramp, None when unknown)."""
    target, runs = int(row["runs_target"]), facts.total("runs")  # runs, as the article counts
    holds = [run_days_line(facts), *w.other_impact(facts), *w.strength_and_balance(facts, gs)]
    nxt: list[Statement] = []
    why = None
    fits = ramp.days_that_fit(facts.today, runs_taken, max(0, target - runs))
    week_no = f"in week {index + 1} of running" if index is not None and index < 12 else "this week"
    count = w.count(runs, "run").capitalize()
    if runs >= target and index is not None:
        following = weekly_target(
            index + 1, gs.runs_per_week_start, gs.runs_per_week_target, bone_week.WEEKS_PER_STEP
        )
        nxt.append(
            Statement(
                f"That is this week's runs: next week the plan asks for "
                f"{w.count(following, 'run')}"
                + (", with a rest day between." if following > 1 else "."),
                "ramp",
            )
        )
    if runs > target and gs.profile == "starting":
        status = "ahead of plan"
        headline = f"{count} {week_no}, against the plan's {target}: ahead of plan."
        why = Statement(WHY_AHEAD.format(start=gs.runs_per_week_start), "ramp")
    elif runs >= target:
        status, headline = "on track", f"{count} {week_no}, as the plan asks: on track."
    else:
        status = "on track" if len(fits) >= target - runs else ""
        headline = f"{runs} of {target} runs so far {week_no}."
        if fits:
            more = f"{w.count(len(fits), 'more run')} {'fits' if len(fits) == 1 else 'fit'}"
            when = " and ".join(w.day_name(d, facts.today) for d in fits)
            nxt.append(
                Statement(
                    f"{more} this week with a rest day between, for example {when}.", "rest_between"
                )
            )
        else:
            nxt.append(
                Statement(
                    "No other run fits this week with a rest day between; next week starts fresh.",
                    "rest_between",
                )
            )
    line = guard(spike, gs, fits[0] if fits else None, facts.today, True)
    if line:
        nxt.append(line)
    return Guidance(
        "ramp", status, headline, tuple(holds), tuple(nxt), why, keys=("ramp", "months")
    )


def runner(facts: WeekFacts, gs: GuidanceSettings, spike: ramp.SpikeGuard | None) -> Guidance:
    """A runner's week: runs and the rest between them, other impact, strength; no target."""
    holds = [run_days_line(facts), *w.other_impact(facts), *w.strength_and_balance(facts, gs)]
    line = guard(spike, gs, None, facts.today, False)
    headline = (
        f"Your week so far: {w.count(facts.total('runs'), 'run')}, "
        f"{w.count(len(facts.days_with('impact')), 'other impact day')} and "
        f"{w.count(len(facts.days_with('strength')), 'strength day')}."
    )
    return Guidance(
        "runner",
        "",
        headline,
        tuple(holds),
        (line,) if line else (),
        keys=("rest_between", "months"),
    )
