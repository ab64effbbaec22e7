"""The Activities table: every activity as a person reads it, searchable. Pure Polars.

`activity_table` turns the canonical frame (and the store's source links) into display columns:
date (text, "2026-11-28": no clock time where none is meant), start time, name, type, duration
(h:mm:ss), distance in the display unit, pace (m:ss per km or mile, for foot sports), heart
rate, shoe, sources, effort, pain, note. `search` keeps the rows whose name, type or note holds
the text (case-insensitive, literal: no pattern syntax); `in_period`, `of_sports` and
`sort_table` do the rest. A 5,000-row history is searched in a few milliseconds
(bench/activities_bench.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

import polars as pl

METRES_PER: Final = {"km": 1000.0, "mi": 1609.344}
FOOT_SPORTS: Final = ("run", "walk", "hike")
SORTS: Final = {
    "Newest first": ("start_local", True),
    "Oldest first": ("start_local", False),
    "Longest distance": ("_distance_m", True),
    "Longest duration": ("_elapsed_s", True),
    "Name (A-Z)": ("_key", False),
}


def clock(seconds: pl.Expr) -> pl.Expr:
    """Seconds as h:mm:ss ("0:32:05"); null stays null."""
    whole = seconds.round(0).cast(pl.Int64)
    return pl.format(
        "{}:{}:{}",
        whole // 3600,
        (whole % 3600 // 60).cast(pl.String).str.zfill(2),
        (whole % 60).cast(pl.String).str.zfill(2),
    )


def pace(seconds: pl.Expr, metres: pl.Expr, unit: str) -> pl.Expr:
    """Time per km or mile as m:ss ("5:32"); null without a distance of at least 10 m."""
    per = (seconds / (metres / METRES_PER[unit])).round(0).cast(pl.Int64)
    shown = pl.format("{}:{}", per // 60, (per % 60).cast(pl.String).str.zfill(2))
    return pl.when((metres >= 10) & seconds.is_not_null()).then(shown).otherwise(None)


def source_lists(sources: pl.DataFrame) -> pl.DataFrame:
    """activity_id -> "fit, strava_export" (every source that fed it, sorted)."""
    if sources.is_empty():
        return pl.DataFrame(schema={"activity_id": pl.String, "sources": pl.String})
    return sources.group_by("activity_id").agg(
        pl.col("source").unique().sort().str.join(", ").alias("sources")
    )


def activity_table(
    frame: pl.DataFrame, sources: pl.DataFrame | None, unit: str = "km"
) -> pl.DataFrame:
    """One display row per activity, newest first. Columns starting with "_" are for sorting
    and searching and are dropped before showing (see shown())."""
    unit = unit if unit in METRES_PER else "km"
    linked = source_lists(sources) if sources is not None else None
    rows = frame
    if linked is not None:
        rows = rows.join(linked, on="activity_id", how="left")
    else:
        rows = rows.with_columns(sources=pl.col("source"))
    moving = pl.coalesce("moving_s", "elapsed_s")
    foot = pl.col("sport").is_in(FOOT_SPORTS)
    table = rows.select(
        "activity_id",
        pl.col("start_local").dt.strftime("%Y-%m-%d").alias("date"),
        pl.col("start_local").dt.strftime("%H:%M").alias("time"),
        pl.col("name").fill_null(""),
        pl.col("sport"),
        pl.col("sport_type").alias("type"),
        clock(pl.col("elapsed_s")).alias("duration"),
        (pl.col("distance_m") / METRES_PER[unit]).round(2).alias(f"distance ({unit})"),
        pl.when(foot)
        .then(pace(moving, pl.col("distance_m"), unit))
        .otherwise(None)
        .alias(f"pace (min/{unit})"),
        pl.col("avg_hr").round(0).cast(pl.Int64).alias("heart rate"),
        pl.col("gear").alias("shoe"),
        pl.coalesce("sources", "source").alias("sources"),
        pl.col("rpe").alias("effort"),
        pl.col("pain"),
        pl.col("note"),
        pl.col("start_local"),
        pl.col("start_local").dt.date().alias("_date"),
        pl.col("distance_m").alias("_distance_m"),
        pl.col("elapsed_s").alias("_elapsed_s"),
        pl.col("name").fill_null("").str.to_lowercase().alias("_key"),
        pl.concat_str(
            [pl.col("name"), pl.col("sport_type"), pl.col("note")],
            separator="\n",
            ignore_nulls=True,
        )
        .str.to_lowercase()
        .alias("_search"),
    )
    return table.sort("start_local", descending=True, nulls_last=True)


def search(table: pl.DataFrame, text: str) -> pl.DataFrame:
    """Rows whose name, type or note contains `text` (case-insensitive, taken literally)."""
    needle = text.strip().lower()
    if not needle:
        return table
    return table.filter(pl.col("_search").str.contains(needle, literal=True))


def in_period(table: pl.DataFrame, start: date | None, end: date | None) -> pl.DataFrame:
    if start is not None:
        table = table.filter(pl.col("_date") >= start)
    if end is not None:
        table = table.filter(pl.col("_date") <= end)
    return table


def of_sports(table: pl.DataFrame, sports: Sequence[str]) -> pl.DataFrame:
    return table.filter(pl.col("sport").is_in(list(sports))) if sports else table


def sort_table(table: pl.DataFrame, order: str) -> pl.DataFrame:
    column, descending = SORTS.get(order, SORTS["Newest first"])
    return table.sort(column, descending=descending, nulls_last=True)


def shown(table: pl.DataFrame) -> pl.DataFrame:
    """The columns a person reads (no ids, no helper columns)."""
    return table.drop("activity_id", "start_local", *[c for c in table.columns if c[0] == "_"])


def label(row: dict) -> str:
    """A one-line label for choosing an activity: "2024-03-02 07:30 · Morning Run · run"."""
    name = row.get("name") or "(no name)"
    return f"{row['date']} {row['time']} · {name} · {row['sport']}"
