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

from datetime import date
from typing import Any

import polars as pl

from dashboard.guidance import running
from dashboard.guidance import words as w
from dashboard.guidance.days import plan_week
from dashboard.guidance.facts import GuidanceSettings, WeekFacts, week_facts
from dashboard.guidance.words import Guidance, Statement
from dashboard.metrics.weekly import monday

WALK_GOAL_MIN = 30.0  # the walking phase's goal: brisk walks of about 30 minutes
WALK_STEP_MIN = 5.0  # a little longer each week


def compose(activities: pl.DataFrame, settings: Any, today: date) -> Guidance:
    """This week's guidance (see the module docstring for the modes)."""
    gs = GuidanceSettings.from_settings(settings, today)
    facts = week_facts(activities, today)
    if gs.profile == "limited_impact":
        return _limited(facts, gs)
    if gs.profile == "runner":
        return running.runner(facts, gs)
    if gs.plan_start is not None and gs.plan_start <= today:
        week = plan_week(activities, gs.plan_start, today, facts.history.last_run_day)
        if week is not None and not week.finished:
            return running.plan(facts, gs, week)
        return running.ramp(facts, gs, ramp_start=gs.plan_start)
    if facts.history.first_run is None or gs.plan_start is not None:
        return _walking(facts, gs)
    return running.ramp(facts, gs, ramp_start=facts.history.first_run)


def _walks_line(facts: WeekFacts) -> Statement:
    days = facts.days_with("walks")
    when = f" ({w.short_days(days)})" if days else ""
    longest = facts.history.longest_walk_min
    tail = f"; your longest in the last two weeks: {w.minutes_text(longest)}" if longest else ""
    return Statement(
        f"Walks: {facts.total('walks') or 'none'} so far this week{when}{tail}.",
        "walking_phase",
    )


def _walking(facts: WeekFacts, gs: GuidanceSettings) -> Guidance:
    first = facts.history.first_walk
    number = 1 if first is None else (facts.monday - monday(first)).days // 7 + 1
    longest = facts.history.longest_walk_min
    nxt: list[Statement] = []
    if not facts.history.walks_14d:
        nxt.append(
            Statement(
                "Next walk: 15-20 minutes, then a little longer and brisker each week.",
                "walking_phase",
            )
        )
    elif longest is not None and longest < WALK_GOAL_MIN - 0.5:
        target = min(WALK_GOAL_MIN, 5 * round((longest + WALK_STEP_MIN) / 5))
        weeks = max(1, int(-(-(WALK_GOAL_MIN - longest) // WALK_STEP_MIN)))
        nxt.append(
            Statement(
                f"Next walk: about {target:.0f} minutes, a little brisker than your last.",
                "walking_phase",
            )
        )
        if gs.plan_start is None:
            nxt.append(
                Statement(
                    f"Running can start in about {w.count(weeks, 'week')}: once 30-minute brisk "
                    "walks feel easy and you cannot walk any faster, begin week 1 of the "
                    "walk-to-run plan (60 s run / 90 s walk, for 20 minutes).",
                    "plan",
                )
            )
    elif gs.plan_start is None:
        nxt.append(
            Statement(
                "Your walks reach about 30 minutes. When you cannot walk any faster, you are ready "
                "for week 1 of the walk-to-run plan (60 s run / 90 s walk, for 20 minutes, after a "
                "5-minute brisk walk): set its start date in Settings.",
                "plan",
            )
        )
    if gs.plan_start is not None:
        nxt.append(
            Statement(
                f"Week 1 of the walk-to-run plan starts on {gs.plan_start:%A %d %B}: 60 s run / "
                "90 s walk, for 20 minutes, three times that week.",
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
