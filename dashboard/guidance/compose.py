"""Compose "This week, for your bones": what this week holds and what is next, in plain words.

Pure: `compose(activities, settings, today)` reads the facts (facts.py, days.py) and returns a
Guidance. Which guidance a person gets (the mode):
- limited_impact profile ("my clinician limits impact"): walking, strength and balance, never a
  run (ROS 2022).
- starting profile, the walk-to-run plan under way (a plan start on or before today, weeks 1-9):
  this plan week, each session spelled out, which are done, the days left that keep a rest day
  between runs, and a spike guard (the 30-day longest run + 10%, Frandsen 2025).
- starting profile, no run yet (or the plan starts later): the walking phase. Walks first is
  the plan: a walker is on track and is never asked to run.
- starting profile with runs and no plan under way: the runs-per-week ramp from the first run
  (or the plan start), 1 -> 2-3, one more every 2 weeks; above it is "ahead of plan", with why.
- runner profile: runs, the rest between them, other impact and strength; no weekly target.
Never a target that cannot fit in the days left of the week with a rest day between runs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import polars as pl

from dashboard.guidance import running
from dashboard.guidance import words as w
from dashboard.guidance.facts import GuidanceSettings, WeekFacts, week_facts
from dashboard.guidance.words import Guidance, Statement
from dashboard.metrics import bone_week, plan_content, ramp
from dashboard.metrics import plan as plan_mod
from dashboard.metrics.weekly import monday

WALK_GOAL_MIN = 30.0  # the walking phase's goal: brisk walks of about 30 minutes
WALK_STEP_MIN = 5.0  # a little longer each week


def compose(activities: pl.DataFrame, settings: Any, today: date) -> Guidance:
    """This week's guidance (see the module docstring for the modes)."""
    gs = GuidanceSettings.from_settings(settings, today)
    facts = week_facts(activities, today)
    if gs.profile == "limited_impact":
        return _limited(facts, gs)
    spike = ramp.spike_guard(activities, today)
    if gs.profile == "runner":
        return running.runner(facts, gs, spike)
    week = plan_mod.plan_week(activities, settings, today)
    if week.phase == "walking":
        return _walking(facts, gs, week)
    if week.phase == "plan":
        return running.plan(facts, gs, week, _last_week(activities, settings, today))
    row = bone_week.bone_week(activities, settings, today, start=monday(today)).row(-1, named=True)
    start = bone_week.ramp_start(activities, settings)
    index = None if start is None else (monday(today) - monday(start)).days // 7
    taken = [d for d in ramp.run_days(activities) if d <= today]
    guidance = running.ramp_week(facts, gs, row, index, spike, taken)
    if week.phase == "finished":
        done = Statement(
            "You have finished the 9-week walk-to-run plan: from here, 2-3 runs a "
            "week with a rest day between.",
            "ramp",
        )
        return replace(guidance, holds=(done, *guidance.holds))
    return guidance


def _last_week(activities: pl.DataFrame, settings: Any, today: date) -> str:
    """ "Last week: plan week 5, 3 of 3 sessions done, so this week is week 6." or ""."""
    rows = plan_mod.plan_history(activities, settings, today).filter(
        pl.col("outcome") != "this week"
    )
    if rows.is_empty():
        return ""
    last = rows.row(-1, named=True)
    head = f"Last week: plan week {last['plan_week']}, {last['done']} of {last['planned']} done"
    if last["outcome"] == "moved on":
        return f"{head}, so this week is week {last['plan_week'] + 1}."
    return f"{head}, so this week repeats it: that is fine."


def _walks_line(facts: WeekFacts) -> Statement:
    days = facts.days_with("walks")
    when = f" ({w.short_days(days)})" if days else ""
    longest = facts.history.longest_walk_min
    tail = f"; your longest in the last two weeks: {w.minutes_text(longest)}" if longest else ""
    return Statement(
        f"Walks: {facts.total('walks') or 'none'} so far this week{when}{tail}.",
        "walking_phase",
    )


def _walking(facts: WeekFacts, gs: GuidanceSettings, week: plan_mod.PlanWeek) -> Guidance:
    number = week.week or 1
    longest = facts.history.longest_walk_min
    upcoming = next((s.suggested for s in week.sessions if s.suggested), None)
    when = f", for example {w.day_name(upcoming, facts.today)}" if upcoming else ""
    nxt: list[Statement] = []
    if not facts.history.walks_14d:
        nxt.append(
            Statement(
                f"Next walk: 15-20 minutes{when}, then a little longer and brisker each week.",
                "walking_phase",
            )
        )
    elif longest is not None and longest < WALK_GOAL_MIN - 0.5:
        target = min(WALK_GOAL_MIN, 5 * round((longest + WALK_STEP_MIN) / 5))
        nxt.append(
            Statement(
                f"Next walk: about {target:.0f} minutes, a little brisker than your last{when}.",
                "walking_phase",
            )
        )
    else:
        nxt.append(
            Statement(f"Next walk: about 30 minutes, as brisk as you can{when}.", "walking_phase")
        )
    if gs.plan_start is not None:
        nxt.append(
            Statement(
                f"Week 1 of the walk-to-run plan starts on {gs.plan_start:%A %d %B}: alternate "
                "60 s run and 90 s walk for 20 minutes, three times that week.",
                "plan",
            )
        )
    elif week.ready_to_run:
        nxt.append(
            Statement(
                "When about 30-minute brisk walks feel easy and you cannot walk any faster, you "
                "are ready for week 1 of the walk-to-run plan (alternate 60 s run and 90 s walk "
                "for 20 minutes): set its start date in Settings.",
                "plan",
            )
        )
    else:
        left = max(1, plan_content.WALKING_PHASE_WEEKS - number)
        nxt.append(
            Statement(
                f"Running can start in about {'a week' if left == 1 else f'{left} weeks'}, once "
                "30-minute brisk walks feel easy and you cannot walk any faster: then week 1 of "
                "the walk-to-run plan (alternate 60 s run and 90 s walk for 20 minutes).",
                "plan",
            )
        )
    headline = (
        f"Week {number} of the walking phase: on track. Walking comes first (walk, "
        "then trot, jog, run): it is the plan, not a failure to run."
    )
    holds = [_walks_line(facts), *w.other_impact(facts), *w.strength_and_balance(facts, gs)]
    return Guidance("walking", "on track", headline, tuple(holds), tuple(nxt))


def _limited(facts: WeekFacts, gs: GuidanceSettings) -> Guidance:
    holds = [_walks_line(facts), *w.strength_and_balance(facts, gs)]
    impact = facts.total("runs") + facts.total("impact")
    if impact:
        sessions = w.count(impact, "run or impact session", "runs or impact sessions")
        holds.append(
            Statement(
                f"This week holds {sessions}: "
                "your profile says a clinician limits impact, so check with them first.",
                "limited",
            )
        )
    nxt = [
        Statement("Next: brisk walks, and strength and balance work on the days above.", "limited")
    ]
    headline = (
        "Walking, strength and balance this week: your profile says a clinician limits "
        "impact, so this guidance leaves out running and jumping."
    )
    return Guidance("limited", "", headline, tuple(holds), tuple(nxt), keys=("limited",))
