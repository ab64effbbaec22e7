"""Alerts that follow the evidence, each with the caveat that belongs beside it. Pure.

- Single-run spikes against the longest run of the previous 30 days, all three Frandsen 2025
  bands: +10-30% (HR 1.64; the softest words: the step is small and easy to change), +30-100%
  (HR 1.52), over +100% (HR 2.28). Beside each, the cohort caveat: established runners.
- The long gap: a run after 30 days or more without one has nothing to compare with in the
  30-day window, so it is compared with the longest run of the last 90 days, or ever, and the
  alert says which. It warns when the run is within 10% of that longest or beyond it (a return
  to the old distance after a break); a clearly shorter return run is listed as context.
- Back-to-back run days: a warning on the walk-to-run path; context for a runner.
- Shoes at the 300-500 mile convention.
- Week-on-week change of running distance: context only (it predicted nothing in Frandsen 2025).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

import polars as pl

from dashboard.metrics import rest, shoes, spikes
from dashboard.metrics.weekly import local_date, minutes, monday

WINDOW_DAYS: Final = 28
KM_PER_MILE: Final = 1.609344
COHORT: Final = (
    "Frandsen 2025 (BJSM 59:1203) followed established runners (mean age 46, 22% women), not "
    "beginners on a walk-to-run plan: a guide, not a verdict."
)
WEEK_CAVEAT: Final = (
    "Context only: week-to-week change predicted no injuries in the same study (Frandsen 2025)."
)
_BAND_WORDS: Final = {
    "+10-30%": "Steps this size were linked to more injuries too (hazard ratio 1.64): keeping "
    "the next one within about 10% is an easy change.",
    "+30-100%": "Single runs this far beyond the recent longest were linked to more injuries "
    "(hazard ratio 1.52).",
    ">+100%": "Single runs this far beyond the recent longest were linked to the most injuries "
    "(hazard ratio 2.28).",
}


@dataclass(frozen=True)
class Alert:
    """One alert: `level` "warning" (worth a look) or "context" (shown, not flagged)."""

    day: date | None
    kind: str  # spike | long_gap | back_to_back | shoes | week_change
    level: str
    text: str
    caveat: str = ""


def _size(km: float | None, mins: float, unit: str) -> str:
    if km:
        return f"{km / (KM_PER_MILE if unit == 'mi' else 1.0):.1f} {unit}"
    return f"{mins:.0f} min"


def long_gap_runs(activities: pl.DataFrame) -> pl.DataFrame:
    """Runs with no run in the 30 days before them but one in the 90 days, or ever, before.

    Columns: `date`, `km`, `minutes`, `gap_days`, `reference` (km when both have a distance,
    else minutes), `reference_km`, `window` ("90 days" or "ever"), `increase_pct`."""
    runs = (
        activities.filter(pl.col("sport") == "run")
        .with_columns(date=local_date(), km=pl.col("distance_m") / 1000.0, mins=minutes())
        .sort("start_local", "activity_id")
    )
    rows = []
    history = runs.select("start_local", "date", "km", "mins").rows()
    for i, (start, day, km, mins) in enumerate(history):
        before = history[:i]
        if not before or (start - before[-1][0]) < timedelta(days=30):
            continue
        recent = [r for r in before if start - r[0] <= timedelta(days=90)]
        window = "90 days" if recent else "ever"
        pool = recent or before
        ref_km = max((r[2] for r in pool if r[2]), default=None)
        ref_min = max(r[3] or 0.0 for r in pool)
        by_km = bool(km) and ref_km is not None
        current, reference = (km, ref_km) if by_km else (mins, ref_min)
        pct = (current / reference - 1.0) * 100.0 if reference else None
        rows.append(
            (
                day,
                km,
                mins,
                (start - before[-1][0]).days,
                reference,
                ref_km if by_km else None,
                window,
                pct,
            )
        )
    schema = {
        "date": pl.Date,
        "km": pl.Float64,
        "minutes": pl.Float64,
        "gap_days": pl.Int64,
        "reference": pl.Float64,
        "reference_km": pl.Float64,
        "window": pl.String,
        "increase_pct": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def spike_alerts(activities: pl.DataFrame, since: date, today: date, unit: str) -> list[Alert]:
    """Spike and long-gap alerts for runs in [since, today], oldest first."""
    found: list[Alert] = []
    table = spikes.run_spikes(activities).filter(
        pl.col("date").is_between(since, today) & pl.col("band").is_in(list(_BAND_WORDS))
    )
    for day, pct, band in table.select("date", "increase_pct", "band").iter_rows():
        size = "more than twice" if band == ">+100%" else f"{pct:.0f}% longer than"
        found.append(
            Alert(
                day,
                "spike",
                "warning",
                f"{day:%a %d %b}: a run {size} your longest "
                f"of the previous 30 days. {_BAND_WORDS[band]}",
                COHORT,
            )
        )
    gaps = long_gap_runs(activities).filter(pl.col("date").is_between(since, today))
    for row in gaps.iter_rows(named=True):
        pct = row["increase_pct"]
        ref = _size(row["reference_km"], row["reference"], unit)
        which = "the last 90 days" if row["window"] == "90 days" else "any time before"
        if pct is None:
            compare = ""
        elif abs(pct) < 0.5:
            compare = f" It matched your longest run of {which} ({ref})."
        else:
            word = "longer" if pct > 0 else "shorter"
            compare = f" Against your longest run of {which} ({ref}) it was {abs(pct):.0f}% {word}."
        level = "warning" if pct is None or pct > -10.0 else "context"
        text = (
            f"{row['date']:%a %d %b}: a {_size(row['km'], row['minutes'], unit)} run after "
            f"{row['gap_days']} days without running, so the previous 30 days hold nothing to "
            f"compare with.{compare} After a break, starting again shorter keeps the step "
            "small."
        )
        found.append(Alert(row["date"], "long_gap", level, text, COHORT))
    return sorted(found, key=lambda a: a.day or since)


def alerts(
    activities: pl.DataFrame,
    settings: Any,
    today: date,
    assignments: pl.DataFrame | None = None,
    profile: str = "starting",
) -> list[Alert]:
    """Every alert about the last 28 days: warnings first, then context."""
    since = today - timedelta(days=WINDOW_DAYS - 1)
    unit = getattr(settings, "distance_unit", "km")
    found = spike_alerts(activities, since, today, unit)
    doubles = rest.back_to_back_run_days(activities).filter(pl.col("date").is_between(since, today))
    if doubles.height:
        dates = doubles["date"].to_list()
        days = ", ".join(f"{d:%a %d %b}" for d in dates)
        if len(dates) > 3:
            days = f"{len(dates)} days in the last four weeks, the latest {dates[-1]:%a %d %b}"
        runner = profile == "runner"
        text = (
            f"Runs on consecutive days ({days}). A day without running between runs lets bone "
            "cells regain sensitivity (animal studies)."
            if runner
            else f"Runs on consecutive days ({days}): the walk-to-run guidance is a rest or easy "
            "day between runs."
        )
        level = "context" if runner else "warning"
        caveat = "Robling 2001 (J Exp Biol 204:3389) is from animal studies."
        found.append(Alert(doubles["date"].max(), "back_to_back", level, text, caveat))
    worn = activities if assignments is None else shoes.apply_assignments(activities, assignments)
    table = shoes.shoe_summary(
        worn, today, settings.shoe_warn_miles, settings.shoe_replace_miles
    ).filter(pl.col("status") != "ok", pl.col("last_used") >= since, pl.col("runs") > 0)
    for name, km, status in table.select("gear", "distance_km", "status").iter_rows():
        verb = "past the replace mark" if status == "replace" else "worth checking"
        text = f"{name} has {km:.0f} km ({km / KM_PER_MILE:.0f} mi): {verb}."
        caveat = "The 300-500 mile mark is a convention from machine tests, not an injury finding."
        found.append(Alert(None, "shoes", "warning", text, caveat))
    change = spikes.weekly_run_change(activities, monday(today) - timedelta(days=14), today)
    last_full = change.filter(pl.col("week_start") < monday(today)).tail(1)
    if last_full.height:
        pct = last_full["change_pct"][0]
        if pct is not None and pct > settings.weekly_increase_flag_pct:
            found.append(
                Alert(
                    last_full["week_start"][0],
                    "week_change",
                    "context",
                    f"Last week's running distance rose {pct:.0f}% on the week before.",
                    WEEK_CAVEAT,
                )
            )
    return [a for a in found if a.level == "warning"] + [a for a in found if a.level != "warning"]
