"""The Shoes page's words and table, from views.shoe_table (pure: frames in, text out)."""

from __future__ import annotations

from datetime import date
from typing import Final

import polars as pl

from dashboard.metrics import shoes

COUNTS_CAPTION: Final = (
    "Distance counts runs, walks and hikes (any time on your feet wears a shoe), whether the "
    "shoe came from the file, a date range or a default, plus the distance a shoe already had "
    "when you added it. The marks are a convention from machine tests, not an injury finding."
)
NON_RUN_SHARE: Final = 0.10  # walking and hiking above this share of a running shoe's km is named
STATUS_WORDS: Final = {
    "ok": "under the check mark",
    "warn": "past the check mark",
    "replace": "past the replace mark",
    "retired": "retired",
}


def _distance(row: dict, unit: str) -> str:
    return f"{row['miles' if unit == 'mi' else 'km']:,.0f} {unit}"


def headline(in_use: pl.DataFrame, unit: str) -> str:
    """The page's one sentence: the shoe in use most past its mark, never a retired shoe nor
    one not worn for six months (those are named in notes)."""
    if in_use.is_empty():
        return "Every shoe you recorded is retired."
    due = in_use.filter(pl.col("status").is_in(["warn", "replace"]) & ~pl.col("idle"))
    if due.is_empty():
        return "Every shoe in use is under the check distance."
    top = due.row(0, named=True)
    verb = "replace" if top["status"] == "replace" else "check"
    return f"{top['name']} has {_distance(top, unit)}: time to {verb} it by the convention."


def notes(in_use: pl.DataFrame, unit: str) -> list[str]:
    """Gentle notes: shoes not worn for six months (retire them?), running shoes that carry
    much walking and hiking (the founding article keeps running shoes for running)."""
    found = []
    idle = in_use.filter(pl.col("idle"))
    if idle.height:
        names = "; ".join(idle["name"].head(3).to_list()) + (
            "; and more" if idle.height > 3 else ""
        )
        found.append(
            f"Not worn for six months or more: {names}. If you no longer wear them, retire them "
            "below so they stay out of the way."
        )
    other = "other_miles" if unit == "mi" else "other_km"
    total = "miles" if unit == "mi" else "km"
    mixed = in_use.filter(
        (pl.col("runs") > 0) & (pl.col(other) > NON_RUN_SHARE * pl.col(total)) & (pl.col(total) > 0)
    )
    for row in mixed.head(3).iter_rows(named=True):
        found.append(
            f"{row['name']} has {row[other]:,.0f} {unit} of walking and hiking too. A common "
            "suggestion is to keep running shoes for running and walk in another pair, so "
            "their cushioning lasts for runs."
        )
    return found


def rotation_note(activities: pl.DataFrame, today: date) -> str:
    """Which days the rotation share covers (the same window as `boneload shoes`)."""
    reference = shoes.rotation_reference(activities, today)
    if reference is None:
        return ""
    return (
        f"Rotation share: each shoe's part of the run distance in the 90 days up to "
        f"{reference:%Y-%m-%d}, your latest run. Rotating two pairs was linked to fewer injuries "
        "(Malisoux 2015, one cohort)."
    )


def display(table: pl.DataFrame, unit: str, *, retired: bool = False) -> pl.DataFrame:
    """The table a person reads: human headers, distances in `unit`, dates without clock."""
    total, other = ("miles", "other_miles") if unit == "mi" else ("km", "other_km")
    columns = [
        pl.col("name").alias("Shoe"),
        pl.col("brand").fill_null("").alias("Brand and model"),
        pl.col(total).alias(f"Distance ({unit})"),
        pl.col(other).alias(f"Walks and hikes ({unit})"),
        pl.col("runs").alias("Runs"),
        pl.col("walks").alias("Walks and hikes"),
        pl.col("first_used").cast(pl.String).fill_null("").alias("First worn"),
        pl.col("last_used").cast(pl.String).fill_null("").alias("Last worn"),
    ]
    if retired:
        columns.append(pl.col("retired_on").cast(pl.String).alias("Retired on"))
    else:
        columns += [
            pl.when(pl.col("idle"))
            .then(pl.lit("not worn for 6 months"))
            .otherwise(pl.col("status").replace_strict(STATUS_WORDS, default=pl.col("status")))
            .alias("Status"),
            (pl.col("rotation_share") * 100).round(0).alias("Rotation share (%)"),
        ]
    return table.select(columns)
