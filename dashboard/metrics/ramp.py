"""When runs fit, and how much: the runs-per-week ramp's start, days that keep a rest day between
runs, and a spike guard for the next run.

The founding article: start with one run a week and build to 2-3, with rest days between; the
ramp starts at the first run or the plan's start, never at the first walk (domain brief). A run
count that cannot fit in the days left of the week with a rest day between runs is never asked
for. The spike guard is the longest run of the previous 30 days + 10%, the edge of Frandsen
2025's lowest band (BJSM 59:1203). Evidence: moderate (guideline conventions; one cohort).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

import polars as pl

from dashboard.metrics.weekly import local_date, minutes, monday

GUARD_PCT: Final = 10.0


def profile(settings: Any) -> str:
    """The settings' profile ("starting", "runner", "limited_impact"), "starting" when unset."""
    return str(getattr(settings, "profile", "starting") or "starting")


def plan_start(settings: Any) -> date | None:
    text = getattr(settings, "plan_start", None)
    return date.fromisoformat(str(text)) if text else None


def ramp_start(activities: pl.DataFrame, settings: Any) -> date | None:
    """The day the runs-per-week ramp starts: the plan's start (settings.plan_start) when set,
    else the first run's day; never the first walk. None: no run yet and no plan (a walker)."""
    start = plan_start(settings)
    if start is not None:
        return start
    runs = activities.filter(pl.col("sport") == "run")
    return runs.select(local_date().min()).item() if runs.height else None


def run_days(activities: pl.DataFrame) -> list[date]:
    """Sorted distinct local days with a run."""
    days = activities.filter(pl.col("sport") == "run").select(local_date().alias("d"))["d"]
    return sorted(set(days.to_list()))


def days_that_fit(
    today: date,
    taken: Iterable[date],
    wanted: int,
    earliest: date | None = None,
    last: date | None = None,
) -> list[date]:
    """Up to `wanted` days from `today` (or `earliest`, if later) to `last` (default: Sunday of
    today's week), each with no run on the day before or after it (runs in `taken`, and each
    other). Today counts only when it holds no run yet. Monday with nothing done fits 4 (Mon,
    Wed, Fri, Sun)."""
    sunday = last if last is not None else monday(today) + timedelta(days=6)
    busy = set(taken)
    day = max(today, earliest) if earliest is not None else today
    picked: list[date] = []
    while day <= sunday and len(picked) < wanted:
        near = {day - timedelta(days=1), day, day + timedelta(days=1)}
        if not near & busy:
            picked.append(day)
            busy.add(day)
        day += timedelta(days=1)
    return picked


def runs_that_fit(activities: pl.DataFrame, today: date) -> int:
    """How many more runs fit from today to Sunday with a rest day between runs (0-4)."""
    return len(days_that_fit(today, run_days(activities), 7))


@dataclass(frozen=True)
class SpikeGuard:
    """A ceiling for the next run: `max_minutes` (and `max_km` when distances are known), from
    the longest run of the `reference` window ("30 days", "90 days" or "ever") + 10%."""

    max_minutes: float
    max_km: float | None
    longest_minutes: float
    longest_km: float | None
    reference: str

    def text(self, day: date | None = None) -> str:
        """E.g. "Keep Saturday's run under about 31 minutes (3.3 km)"."""
        when = f"{day:%A}'s run" if day is not None else "your next run"
        km = f" ({self.max_km:.1f} km)" if self.max_km is not None else ""
        where = {
            "30 days": "the last 30 days",
            "90 days": "the last 90 days",
            "ever": "any run so far",
        }[self.reference]
        return (
            f"Keep {when} under about {self.max_minutes:.0f} minutes{km}: that is your longest "
            f"run of {where} plus {GUARD_PCT:.0f}%."
        )


def spike_guard(activities: pl.DataFrame, today: date) -> SpikeGuard | None:
    """Longest run (moving minutes, and km when known) in the 30 days up to `today`, else 90
    days, else ever, + 10%. None before the first run."""
    runs = activities.filter((pl.col("sport") == "run") & (local_date() <= today)).with_columns(
        day=local_date(), mins=minutes(), km=pl.col("distance_m") / 1000.0
    )
    for reference, days in (("30 days", 30), ("90 days", 90), ("ever", None)):
        window = runs if days is None else runs.filter(pl.col("day") > today - timedelta(days))
        if window.is_empty():
            continue
        longest_min = window["mins"].max()
        longest_km = window["km"].max()
        if longest_min is None:
            continue
        factor = 1.0 + GUARD_PCT / 100.0
        return SpikeGuard(
            max_minutes=float(longest_min) * factor,  # type: ignore[arg-type]
            max_km=None if longest_km is None else float(longest_km) * factor,  # type: ignore[arg-type]
            longest_minutes=float(longest_min),  # type: ignore[arg-type]
            longest_km=None if longest_km is None else float(longest_km),  # type: ignore[arg-type]
            reference=reference,
        )
    return None
