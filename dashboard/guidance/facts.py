"""The small, documented inputs the guidance composer reads, and adapters that build them.

Pure: the activities frame, the settings and `today` in; plain dataclasses out. No clock, no
Streamlit. The composer (compose.py) only ever sees these dataclasses, so a metric module that
computes the same facts better can replace an adapter here without touching a sentence.

Adapters kept here (small, and named in the guidance helper's report):
- `day_kinds`: which local days this week held a run, other impact, strength, balance or a walk,
  from the sport families of connectors.schema. metrics.bone_week counts the same days per week
  with the same rules; guidance also needs the days themselves, to name them ("Mon and Wed").
- `GuidanceSettings.from_settings`: the settings guidance reads, with the settings table's
  defaults; `balance_on` follows the rule of metrics.bone_week.balance_on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

import polars as pl

from dashboard.metrics import bone_week
from dashboard.metrics.weekly import local_date, minutes, monday

PROFILES: Final = ("starting", "runner", "limited_impact")


@dataclass(frozen=True)
class GuidanceSettings:
    """The settings guidance reads, with the defaults of the settings table.

    profile: "starting" (walk -> run), "runner", or "limited_impact" (a clinician limits
    impact: walking, strength and balance only, never runs).
    """

    profile: str = "starting"
    runs_per_week_start: int = 1
    runs_per_week_target: int = 2
    strength_days_target: int = 2
    balance_on: bool = False
    balance_days_target: int = 3
    plan_start: date | None = None
    pain_alert_at: float = 4.0
    distance_unit: str = "km"
    display_name: str = ""

    @staticmethod
    def from_settings(settings: Any, today: date) -> GuidanceSettings:
        """From a connectors.settings.Settings (attributes it lacks take the defaults).

        Balance days are on with balance_days "on", or "auto" from age 65 (birth_year).
        """
        get = lambda name, default: getattr(settings, name, default)  # noqa: E731
        plan = get("plan_start", None)
        profile = get("profile", "starting")
        return GuidanceSettings(
            profile=profile if profile in PROFILES else "starting",
            runs_per_week_start=int(get("runs_per_week_start", 1)),
            runs_per_week_target=int(get("runs_per_week_target", 2)),
            strength_days_target=int(get("strength_days_target", 2)),
            balance_on=bone_week.balance_on(settings, today),
            balance_days_target=int(get("balance_days_target", 3)),
            plan_start=date.fromisoformat(str(plan)) if plan else None,
            pain_alert_at=float(get("pain_alert_at", 4)),
            distance_unit=get("distance_unit", "km"),
            display_name=str(get("display_name", "") or ""),
        )


@dataclass(frozen=True)
class Day:
    """One local day: how many runs, other impact sessions and walks, and whether it held
    strength or balance work. `run_min` is the day's longest run in minutes."""

    day: date
    runs: int = 0
    impact: int = 0
    walks: int = 0
    strength: bool = False
    balance: bool = False
    run_min: float = 0.0

    @property
    def empty(self) -> bool:
        return not (self.runs or self.impact or self.walks or self.strength or self.balance)


@dataclass(frozen=True)
class History:
    """What guidance needs from the past, as of `today`: `longest_walk_min`, the longest walk
    or hike of the last 14 days, and `walks_14d`, how many there were. (Runs, the ramp's start
    and the spike guard come from dashboard.metrics.ramp and bone_week.)"""

    longest_walk_min: float | None = None
    walks_14d: int = 0


@dataclass(frozen=True)
class WeekFacts:
    """This ISO week, Monday to Sunday, as of `today` (days after today are empty)."""

    today: date
    days: tuple[Day, ...]
    history: History

    @property
    def monday(self) -> date:
        return self.days[0].day

    @property
    def sunday(self) -> date:
        return self.days[-1].day

    def total(self, field: str) -> int:
        return sum(int(getattr(d, field)) for d in self.days)

    def days_with(self, field: str) -> list[date]:
        return [d.day for d in self.days if getattr(d, field)]


def day_kinds(activities: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    """Per local day in [start, end] with any activity: `date`, `runs`, `impact`, `walks`,
    `strength`, `balance`, `run_min` (see `Day`)."""
    sport = pl.col("sport")
    kinds = activities.filter(local_date().is_between(start, end)).with_columns(
        date=local_date(),
        mins=minutes(),
        is_run=sport == "run",
        is_impact=sport == "impact",
        is_balance=sport == "balance",
    )
    return (
        kinds.group_by("date")
        .agg(
            runs=pl.col("is_run").sum().cast(pl.Int64),
            impact=pl.col("is_impact").sum().cast(pl.Int64),
            walks=sport.is_in(["walk", "hike"]).sum().cast(pl.Int64),
            strength=(sport == "strength").any(),
            balance=pl.col("is_balance").any(),
            run_min=pl.col("mins").filter(pl.col("is_run")).max().fill_null(0.0),
        )
        .sort("date")
    )


def history(activities: pl.DataFrame, today: date) -> History:
    """The History as of `today` (activities after today are ignored)."""
    walks = activities.filter(
        pl.col("sport").is_in(["walk", "hike"])
        & local_date().is_between(today - timedelta(days=13), today)
    ).with_columns(mins=minutes())
    longest = walks["mins"].max() if walks.height else None
    return History(longest_walk_min=longest, walks_14d=walks.height)  # type: ignore[arg-type]


def week_facts(activities: pl.DataFrame, today: date) -> WeekFacts:
    """This ISO week's days (Monday..Sunday; after today empty) and the History."""
    first = monday(today)
    found = {
        row["date"]: Day(
            day=row["date"],
            runs=row["runs"],
            impact=row["impact"],
            walks=row["walks"],
            strength=bool(row["strength"]),
            balance=bool(row["balance"]),
            run_min=float(row["run_min"] or 0.0),
        )
        for row in day_kinds(activities, first, today).iter_rows(named=True)
    }
    days = tuple(
        found.get(first + timedelta(days=i), Day(first + timedelta(days=i))) for i in range(7)
    )
    return WeekFacts(today=today, days=days, history=history(activities, today))
