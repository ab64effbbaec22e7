"""The alerts Overview and the report show, each with the caveat that belongs beside it. Pure.

- Single-run spikes, all three Frandsen 2025 bands, and runs after a gap compared with the
  longest run of the last 90 days or ever: dashboard.metrics.spikes.spike_alerts (its words,
  its cohort caveat).
- Back-to-back run days: a warning on the walk-to-run path; context for a runner.
- Shoes at the 300-500 mile convention, said to be a convention.
- Week-on-week change of running distance, above the flag setting: context only
  (spikes.spike_context: it predicted nothing in Frandsen 2025).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

import polars as pl

from dashboard.metrics import rest, shoes, spikes
from dashboard.metrics.weekly import monday

WINDOW_DAYS: Final = 28
KM_PER_MILE: Final = 1.609344
COHORT: Final = spikes.COHORT_CAVEAT


@dataclass(frozen=True)
class Alert:
    """One alert: `level` "warning" (worth a look) or "context" (shown, not flagged)."""

    day: date | None
    kind: str  # spike | long_gap | back_to_back | shoes | week_change
    level: str
    text: str
    caveat: str = ""
    tone: str = ""  # spikes: "notice" (+10-30%, the softest words), "caution", "warning"


def alerts(
    activities: pl.DataFrame,
    settings: Any,
    today: date,
    assignments: pl.DataFrame | None = None,
    profile: str = "starting",
    days: int = WINDOW_DAYS,
    shoe_records: tuple[pl.DataFrame, pl.DataFrame] | None = None,
) -> list[Alert]:
    """Every alert about the `days` days up to `today` (28: the last four weeks): warnings
    first, then context. `shoe_records`: the recorded shoes and the default shoe per sport
    (connectors.store.shoes), so retired shoes, starting distances and defaults count."""
    since = today - timedelta(days=days - 1)
    found = [
        Alert(a.date, "spike" if a.reference == "30 days" else "long_gap", "warning", a.text,
              a.caveat, a.level)
        for a in spikes.spike_alerts(activities, today, days)
    ]  # fmt: skip
    doubles = rest.back_to_back_run_days(activities).filter(pl.col("date").is_between(since, today))
    if doubles.height:
        dates = doubles["date"].to_list()
        days = ", ".join(f"{d:%a %d %b}" for d in dates)
        if len(dates) > 3:
            days = f"{len(dates)} days, the latest {dates[-1]:%a %d %b}"
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
    records, defaults = shoe_records or (None, None)
    table = shoes.due_shoes(
        activities,
        today,
        since,
        settings.shoe_warn_miles,
        settings.shoe_replace_miles,
        assignments,
        records,
        defaults,
    )
    for name, km, status in table.select("name", "distance_km", "status").iter_rows():
        verb = "past the replace mark" if status == "replace" else "worth checking"
        text = f"{name} has {km:,.0f} km ({km / KM_PER_MILE:,.0f} mi): {verb}."
        caveat = "The 300-500 mile mark is a convention from machine tests, not an injury finding."
        found.append(Alert(None, "shoes", "warning", text, caveat))
    change = spikes.weekly_run_change(activities, monday(today) - timedelta(days=14), today)
    last = change.filter(pl.col("week_start") < monday(today)).tail(1)
    pct = last["change_pct"][0] if last.height else None
    context = spikes.spike_context(activities, today)
    if context and pct is not None and pct > settings.weekly_increase_flag_pct:
        found.append(Alert(last["week_start"][0], "week_change", "context", context))
    return [a for a in found if a.level == "warning"] + [a for a in found if a.level != "warning"]
