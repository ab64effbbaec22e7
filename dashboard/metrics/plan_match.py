"""Matching imports to planned sessions: the records of a plan week (SessionStatus, Adherence,
PlanWeek), which activity did which session, and suggested days for the rest. Used by plan.py;
pure (no clock, no I/O). A session is done by a run of at least 85% of its main block (the warm-up
may or may not be recorded; a watch started late); a walking-phase walk by 15 minutes (weeks
1-2) or 25 minutes (later). Runs count once a day; walks every one. Evidence: moderate (a
convention for matching, stated as such).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

import polars as pl

from dashboard.metrics import ramp
from dashboard.metrics.plan_content import PlanSession
from dashboard.metrics.progression import is_walk_run_name
from dashboard.metrics.weekly import local_date, monday

# A session counts as done by a run whose duration (elapsed, else moving) is at least this share
# of the session's main block: the warm-up may or may not be recorded, a watch started late.
MATCH_SHARE: Final = 0.85
WALK_MATCH_MIN: Final = {1: 15.0, 2: 15.0}  # walking phase weeks 1-2; later weeks: 25 min
LATER_WALK_MIN: Final = 25.0


@dataclass(frozen=True)
class SessionStatus:
    """A planned session: its `content`, when it was done (`done_on`, `activity_id`) and the
    `suggested` day for it when it is still to do (None when done or when it no longer fits)."""

    content: PlanSession
    done_on: date | None = None
    activity_id: str | None = None
    suggested: date | None = None

    @property
    def done(self) -> bool:
        return self.done_on is not None


@dataclass(frozen=True)
class Adherence:
    """Over the whole calendar weeks since the plan's start: sessions done of planned, and
    weeks repeated (a week whose sessions were not all done is repeated, not failed)."""

    weeks: int
    sessions_done: int
    sessions_planned: int
    repeats: int

    @property
    def share(self) -> float | None:
        return self.sessions_done / self.sessions_planned if self.sessions_planned else None


@dataclass(frozen=True)
class PlanWeek:
    """This week: `phase`, `week` (plan week 1-9 or walking-phase week; None otherwise),
    `attempt` (2 = repeating the week once), its `sessions`, `cannot_fit` (sessions still to do
    that no longer fit before Sunday), the `spike_guard` for `guard_day`, `adherence` (plan
    only) and `ready_to_run` (walking phase: about 30-minute walks, the week-1 door is open)."""

    phase: str
    week: int | None
    attempt: int
    week_start: date
    sessions: tuple[SessionStatus, ...]
    cannot_fit: int = 0
    spike_guard: ramp.SpikeGuard | None = None
    guard_day: date | None = None
    adherence: Adherence | None = None
    ready_to_run: bool = False

    @property
    def done(self) -> int:
        return sum(s.done for s in self.sessions)

    @property
    def planned(self) -> int:
        return len(self.sessions)


def candidates(activities: pl.DataFrame, sport: str, first: date, last: date) -> pl.DataFrame:
    """Sessions of one kind between two days, oldest first. Runs (and walks named walk-run):
    the longest per day, one session a day; walks: every walk (two walks a day are two)."""
    kind = (pl.col("sport") == "run") | (
        pl.col("sport").is_in(["walk", "hike"]) & is_walk_run_name(pl.col("name"))
    )
    if sport == "walk":
        kind = pl.col("sport").is_in(["walk", "hike"]) & ~is_walk_run_name(pl.col("name"))
    found = activities.filter(kind & local_date().is_between(first, last)).with_columns(
        day=local_date(), mins=pl.coalesce(pl.col("elapsed_s"), pl.col("moving_s")) / 60.0
    )
    if sport != "walk":
        found = found.sort("mins", "activity_id", descending=[True, False]).unique(
            "day", keep="first", maintain_order=True
        )
    return found.sort("start_local", "activity_id")


def match_sessions(sessions: tuple[PlanSession, ...], acts: pl.DataFrame) -> list[SessionStatus]:
    """Sessions in order, each matched by the next long-enough activity."""
    out: list[SessionStatus] = []
    rows = acts.select("day", "mins", "activity_id").rows()
    i = 0
    for session in sessions:
        need = (
            WALK_MATCH_MIN.get(session.week, LATER_WALK_MIN)
            if session.phase == "walking"
            else MATCH_SHARE * session.main_minutes
        )
        while i < len(rows) and (rows[i][1] or 0.0) < need:
            i += 1
        if i < len(rows):
            out.append(SessionStatus(session, rows[i][0], rows[i][2]))
            i += 1
        else:
            out.append(SessionStatus(session))
    return out


def _walk_days(activities: pl.DataFrame, today: date, earliest: date) -> list[date]:
    """Walks need no rest day between: every day from today (tomorrow if walked today)."""
    day = max(today, earliest)
    if activities.filter(pl.col("sport").is_in(["walk", "hike"]) & (local_date() == today)).height:
        day += timedelta(days=1)
    sunday = monday(today) + timedelta(days=6)
    return [day + timedelta(days=n) for n in range((sunday - day).days + 1)]


def suggest(
    matched: list[SessionStatus],
    activities: pl.DataFrame,
    today: date,
    earliest: date,
    last: date | None = None,
) -> tuple[tuple[SessionStatus, ...], int]:
    todo = [s for s in matched if not s.done]
    if matched and matched[0].content.phase == "walking":
        days = _walk_days(activities, today, earliest)[: len(todo)]
    else:
        past = [d for d in ramp.run_days(activities) if d <= today]
        days = ramp.days_that_fit(today, past, len(todo), earliest, last)
    it = iter(days)
    out = [s if s.done else SessionStatus(s.content, suggested=next(it, None)) for s in matched]
    return tuple(out), len(todo) - len(days)
