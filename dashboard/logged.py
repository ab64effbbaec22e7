"""The owner's hand-logged sessions as a table, and what logging one did, in plain words.
Pure: frames and an ImportSummary in, a frame or a sentence out."""

from __future__ import annotations

from typing import Any

import polars as pl

from connectors.manual import MANUAL_SOURCE, METRES_PER
from connectors.store import ImportSummary


def logged_sessions(frame: pl.DataFrame, sources: pl.DataFrame, unit: str = "km") -> pl.DataFrame:
    """Activities with a hand-logged source, newest first: when, type, minutes, distance (in
    `unit`), repetitions, effort, pain, note, whether a device measured it too, and the ids."""
    manual = sources.filter(pl.col("source") == MANUAL_SOURCE)
    if manual.is_empty() or frame.is_empty():
        return pl.DataFrame(
            schema={"when": pl.String, "type": pl.String, "minutes": pl.Float64,
                    f"distance ({unit})": pl.Float64, "repetitions": pl.Int64,
                    "effort": pl.Float64, "pain": pl.Float64, "note": pl.String,
                    "also measured by": pl.String, "activity_id": pl.String,
                    "import_id": pl.Int64}
        )  # fmt: skip
    others = (
        sources.filter(pl.col("source") != MANUAL_SOURCE)
        .group_by("activity_id")
        .agg(pl.col("source").unique().sort().str.join(", ").alias("also measured by"))
    )
    first_import = manual.group_by("activity_id").agg(pl.col("import_id").min())
    rows = frame.join(first_import, on="activity_id").join(others, on="activity_id", how="left")
    return rows.sort("start_local", descending=True).select(
        pl.col("start_local").dt.strftime("%Y-%m-%d %H:%M").alias("when"),
        pl.col("sport_type").alias("type"),
        (pl.col("elapsed_s") / 60).round(1).alias("minutes"),
        (pl.col("distance_m") / METRES_PER.get(unit, 1000.0)).round(2).alias(f"distance ({unit})"),
        pl.col("reps").alias("repetitions"),
        pl.col("rpe").alias("effort"),
        "pain",
        "note",
        pl.col("also measured by"),
        "activity_id",
        pl.col("import_id").cast(pl.Int64),
    )


def outcome(summary: ImportSummary, row: dict[str, Any]) -> str:
    """What logging did, in plain words (text: the page escapes it before showing it)."""
    when = f"{row['start_local']:%A %d %B, %H:%M}"
    what = row["sport_type"]
    if summary.skipped:
        return f"This {what} of {when} was logged before; nothing changed."
    if summary.merged:
        return (
            f"Logged: it is the same session as your {what} of {when} already imported, so it "
            "was not counted twice; your effort, pain and note were added to it."
        )
    return f"Logged: {what}, {when}, {row['elapsed_s'] / 60:g} minutes."
