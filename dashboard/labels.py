"""Column headers people read: no code names (run_km, grf_bw, rotation_share) in a table or a
download, units in the header, durations as h:mm:ss. Pure: frame in, frame out."""

from __future__ import annotations

from typing import Final

import polars as pl

HEADERS: Final = {
    "week_start": "week starting",
    "run_km": "running (km)",
    "run_mi": "running (mi)",
    "walk_km": "walking (km)",
    "walk_mi": "walking (mi)",
    "distance_km": "distance (km)",
    "distance_mi": "distance (mi)",
    "active_days": "active days",
    "rest_days": "rest days",
    "run_days": "run days",
    "back_to_back": "back-to-back run days",
    "time_on_feet_min": "time on feet (h:mm:ss)",
    "longest_run_min": "longest run (h:mm:ss)",
    "duration_min": "duration (h:mm:ss)",
    "moving_min": "moving time (h:mm:ss)",
    "grf_bw": "force (x body weight)",
    "keller": "Keller index",
    "oi": "bone loading score",
    "bone_oi": "bone loading score",
    "rotation_share": "share of runs (%)",
    "load": "load (TRIMP)",
    "avg_hr": "heart rate (bpm)",
    "spikes": "distance jumps",
}


def heading(name: str) -> str:
    """HEADERS' name for `name` starting with a capital, for a table's first-row headers
    ("run_km" -> "Running (km)"); a name HEADERS does not know is returned as it is."""
    text = HEADERS.get(name, name)
    return text[:1].upper() + text[1:]


def clock(minutes: pl.Expr) -> pl.Expr:
    """Minutes as h:mm:ss text (zero-padded, so text order is time order); null stays null."""
    seconds = (minutes * 60).round(0).cast(pl.Int64)
    return pl.format(
        "{}:{}:{}",
        seconds // 3600,
        (seconds % 3600 // 60).cast(pl.String).str.zfill(2),
        (seconds % 60).cast(pl.String).str.zfill(2),
    )


def human(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with HEADERS' names, minutes columns as h:mm:ss and shares in percent."""
    changes: list[pl.Expr] = []
    for name in frame.columns:
        if name not in HEADERS:
            continue
        column = pl.col(name)
        if name.endswith("_min") and frame.schema[name].is_numeric():
            column = clock(column)
        elif name == "rotation_share" and frame.schema[name].is_numeric():
            column = (column * 100).round(0)
        changes.append(column.alias(HEADERS[name]))
    if not changes:
        return frame
    taken = set(frame.columns) - set(HEADERS)
    if any(HEADERS[name] in taken for name in frame.columns if name in HEADERS):
        return frame  # a page already named a column this way: leave its table as it is
    return (
        frame.with_columns(changes)
        .drop([n for n in frame.columns if n in HEADERS])
        .select([HEADERS.get(n, n) for n in frame.columns])
    )
