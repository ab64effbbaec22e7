"""The people boneload is for, as data: issue 9's acceptance scenarios, built relative to `today`.

Each builder returns a Persona: canonical activity rows (through tests.factories.make_activity,
time zone UTC) and the settings that person would have saved. Every scenario holds on any
weekday: the rows are laid out from `today` backwards, never on fixed dates.

- walker_week2: week 2 of the walking phase (walks of 15-22 minutes, no run yet).
- first_running_week: walked for three weeks, then 3 walk-run sessions in the first running
  week (the ramp asks for 1).
- couch_to_5k_week6: the NHS plan followed as prescribed, weeks 1-6 done 3 of 3 (week 6 is
  this week from Friday, last week before).
- ten_year_runner: 4-5 runs a week for ten years (profile "runner").
- limited_impact: walks, strength and balance; a clinician limits impact (born 1950).
- spike_20: three 10 km runs a week, then a 12 km run (+20%, the +10-30% band).
- long_gap: runs up to 12 km, then 45 days off, then a 15 km run (+25% on the 90-day longest).

`store_persona(store, persona)` writes one into a Store as an import would, and saves its
settings (keys the Settings table does not know yet are kept for when it does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from connectors.store import LOCAL_OWNER, Store
from dashboard.metrics import plan_content
from tests.factories import make_activity, make_result

RUN_PACE = 7.0  # min/km, easy running
WALK_PACE = 11.0  # min/km, brisk walking


@dataclass(frozen=True)
class Persona:
    name: str
    rows: list[dict[str, Any]]
    settings: dict[str, Any] = field(default_factory=dict)


def _session(
    n: int, day: date, sport: str, minutes: float, km: float | None, hour: int = 7, **extra: Any
) -> dict[str, Any]:
    types = {"run": "Run", "walk": "Walk", "strength": "Weight Training", "balance": "Yoga",
             "impact": "Jump Rope"}  # fmt: skip
    names = {"run": "Morning Run", "walk": "Morning Walk", "strength": "Strength",
             "balance": "Yoga", "impact": "Skipping"}  # fmt: skip
    start = datetime.combine(day, time(hour, 0), tzinfo=UTC)
    row = make_activity(
        source="persona",
        source_id=str(n),
        sport=sport,
        sport_type=types[sport],
        name=names[sport],
        start_utc=start,
        elapsed_s=minutes * 60.0,
        moving_s=minutes * 60.0,
        distance_m=None if km is None else km * 1000.0,
        avg_hr=None,
        max_hr=None,
        gear="Brooks Ghost 15" if sport == "run" else None,
        calories=None,
    )
    row.update(extra)
    return row


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _this_week_days(today: date, count: int) -> list[date]:
    """`count` days from Monday to today, spread two apart when there is room (else shared)."""
    days = [_monday(today) + timedelta(days=d) for d in range(today.weekday() + 1)]
    spread = days[::2] if len(days[::2]) >= count else days
    return [spread[i % len(spread)] for i in range(count)]


def walker_week2(today: date) -> Persona:
    last_monday = _monday(today) - timedelta(days=7)
    rows = [
        _session(i, last_monday + timedelta(days=d), "walk", m, m / WALK_PACE)
        for i, (d, m) in enumerate([(0, 15), (2, 18), (4, 20)])
    ]
    for j, day in enumerate(_this_week_days(today, 2)):
        rows.append(_session(10 + j, day, "walk", 20 + 2 * j, (20 + 2 * j) / WALK_PACE, 7 + 5 * j))
    return Persona("walker in week 2 of the walking phase", rows, {"profile": "starting"})


def first_running_week(today: date) -> Persona:
    start = _monday(today) - timedelta(days=21)
    rows = [
        _session(i, start + timedelta(days=2 * i), "walk", 20 + i, (20 + i) / WALK_PACE)
        for i in range(10)
    ]
    for j, day in enumerate(_this_week_days(today, 3)):
        # walk-run: 8 min running in 20, after a 5-minute walk: about 2.6 km in 25 minutes
        rows.append(_session(100 + j, day, "run", 25, 2.6, 6 + 5 * j))
    return Persona("first running week, 3 runs", rows, {"profile": "starting"})


def couch_to_5k_week6(today: date) -> Persona:
    """Weeks 1-6 of the plan done as prescribed, Monday, Wednesday and Friday of each calendar
    week (plan weeks are calendar weeks). From Friday, week 6 is this week (3 of 3 done); on
    Monday to Thursday week 6 was last week, and this week is week 7 (nothing due yet)."""
    this_week_is_6 = today.weekday() >= 4
    plan_start = _monday(today) - timedelta(weeks=5 if this_week_is_6 else 6)
    rows = []
    for week in range(1, 7):
        for s, session in enumerate(plan_content.week_sessions(week)):
            day = plan_start + timedelta(days=7 * (week - 1) + 2 * s)
            walk = session.main_minutes - session.run_minutes + 5  # with the warm-up walk
            km = session.run_minutes / RUN_PACE + walk / WALK_PACE
            rows.append(_session(week * 10 + s, day, "run", session.main_minutes + 5, round(km, 2)))
    return Persona(
        "Couch to 5K week 6", rows, {"profile": "starting", "plan_start": plan_start.isoformat()}
    )


def ten_year_runner(today: date, years: int = 10) -> Persona:
    rows = []
    first = _monday(today) - timedelta(weeks=52 * years)
    n = 0
    week = first
    while week <= today:
        days = (0, 2, 4, 6) if (week - first).days // 7 % 2 else (0, 2, 4, 5, 6)
        for d in days:
            day = week + timedelta(days=d)
            if day > today:
                break
            km = 8.0 + (n % 5)
            rows.append(_session(n, day, "run", km * 5.5, km, gear=f"Pegasus {n // 40 + 1}"))
            n += 1
        week += timedelta(days=7)
    return Persona("ten-year runner", rows, {"profile": "runner", "runs_per_week_target": 3})


def limited_impact(today: date) -> Persona:
    rows = []
    start = _monday(today) - timedelta(days=28)
    for i in range((today - start).days + 1):
        day = start + timedelta(days=i)
        rows.append(_session(i, day, "walk", 30, 30 / WALK_PACE))
        if day.weekday() in (1, 4):
            rows.append(_session(100 + i, day, "strength", 30, None, 17))
        if day.weekday() in (0, 3):
            rows.append(_session(200 + i, day, "balance", 20, None, 18))
    return Persona(
        "a clinician limits impact",
        rows,
        {"profile": "limited_impact", "birth_year": 1950, "balance_days": "auto"},
    )


def spike_20(today: date) -> Persona:
    rows = []
    for i in range(24):  # three 10 km runs a week for eight weeks, then a 12 km run
        day = today - timedelta(days=58 - 2 * i - (i // 3))
        rows.append(_session(i, day, "run", 60, 10.0))
    rows.append(_session(99, today - timedelta(days=1), "run", 72, 12.0, 8))
    return Persona("a 20% spike", rows, {"profile": "runner"})


def long_gap(today: date) -> Persona:
    rows = []
    for i in range(12):
        day = today - timedelta(days=46 + 3 * (11 - i))
        rows.append(_session(i, day, "run", 65 if i == 11 else 50, 12.0 if i == 11 else 10.0))
    rows.append(_session(99, today - timedelta(days=1), "run", 80, 15.0, 8))
    return Persona("a long-gap run", rows, {"profile": "runner"})


ALL = (
    walker_week2,
    first_running_week,
    couch_to_5k_week6,
    ten_year_runner,
    limited_impact,
    spike_20,
    long_gap,
)


def store_persona(store: Store, persona: Persona, owner: str = LOCAL_OWNER) -> None:
    """Import the persona's rows (source "persona") for `owner` and save its settings."""
    summary = store.ingest(make_result(persona.rows), "persona.csv", owner)
    assert summary.new == len(persona.rows), summary
    if persona.settings:
        store.save_settings(persona.settings, owner)
