"""Which days are left for runs with a rest day between, and this week of the walk-to-run plan.

Pure functions of dates and the activities frame. A run day needs a day without a run before
and after it (the founding article: do not run daily; rest days between runs), so the days that
still fit are picked two apart, after the latest run day. Nothing here asks for more runs than
fit in the days left of the week (domain.md, "The runs-per-week ramp").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from dashboard.guidance.facts import run_days_between
from dashboard.metrics import progression

PLAN_WEEKS = 9
WARMUP_MIN = 5


def free_run_days(
    today: date, end: date, last_run_day: date | None, count: int, ran_today: bool = False
) -> list[date]:
    """Up to `count` days from today (tomorrow when a run is already logged today) to `end`,
    each at least two days after the previous run day and after each other."""
    day = today + timedelta(days=1) if ran_today else today
    picked: list[date] = []
    previous = last_run_day
    while day <= end and len(picked) < count:
        if previous is None or (day - previous).days >= 2:
            picked.append(day)
            previous = day
            day += timedelta(days=2)
        else:
            day += timedelta(days=1)
    return picked


def free_days(today: date, end: date, taken: list[date], count: int) -> list[date]:
    """Up to `count` days from today to `end` not already in `taken` (strength, balance)."""
    out: list[date] = []
    day = today
    while day <= end and len(out) < count:
        if day not in taken:
            out.append(day)
        day += timedelta(days=1)
    return out


@dataclass(frozen=True)
class PlanSession:
    """One session of the plan week: what it is, in minutes, and when it was done or fits."""

    number: int
    description: str
    run_min: float
    walk_min: float
    total_min: float
    done_on: date | None = None
    suggested: date | None = None


@dataclass(frozen=True)
class PlanWeek:
    """This week of the walk-to-run plan (NHS Couch to 5K): plan week n runs from
    plan_start + 7(n-1) days for 7 days. `number` above 9 means the plan is finished."""

    number: int
    start: date
    end: date
    sessions: tuple[PlanSession, ...]

    @property
    def done(self) -> int:
        return sum(s.done_on is not None for s in self.sessions)

    @property
    def finished(self) -> bool:
        return self.number > PLAN_WEEKS


def plan_table() -> pl.DataFrame:
    """The plan as progression's table: week, session, description, run_minutes, total_minutes."""
    return progression.couch_to_5k_plan()


def plan_week(
    activities: pl.DataFrame, plan_start: date, today: date, last_run_day: date | None
) -> PlanWeek | None:
    """The plan week holding `today` (None before the plan starts).

    A session is done when a run session (sport "run": walk-run sessions are recorded as runs)
    of at least its main block in elapsed minutes happens that plan week, in order, the rule of
    progression.plan_progress. Sessions not done get suggested days that keep a rest day between
    runs, up to the plan week's last day; a session that no longer fits gets none.
    """
    if today < plan_start:
        return None
    number = (today - plan_start).days // 7 + 1
    start = plan_start + timedelta(days=7 * (number - 1))
    end = start + timedelta(days=6)
    if number > PLAN_WEEKS:
        return PlanWeek(number, start, end, ())
    rows = plan_table().filter(pl.col("week") == number).sort("session")
    done_runs = run_days_between(activities, start, today)
    matched: list[date | None] = []
    queue = list(done_runs)
    for need in rows["total_minutes"]:
        hit = None
        while queue:
            day, mins = queue.pop(0)
            if mins + 1e-9 >= need:
                hit = day
                break
        matched.append(hit)
    ran_today = any(day == today for day, _ in done_runs)
    missing = sum(m is None for m in matched)
    days = iter(free_run_days(today, end, last_run_day, missing, ran_today))
    sessions = []
    for row, done_on in zip(rows.iter_rows(named=True), matched, strict=True):
        total, run = float(row["total_minutes"]), float(row["run_minutes"])
        sessions.append(
            PlanSession(
                number=row["session"],
                description=row["description"],
                run_min=run,
                walk_min=round(total - run, 1),
                total_min=total,
                done_on=done_on,
                suggested=None if done_on else next(days, None),
            )
        )
    return PlanWeek(number, start, end, tuple(sessions))
