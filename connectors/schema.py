"""The canonical activity frame: one Polars schema that every source maps into.

Every importer and API connector returns a frame with exactly these columns, in this order,
with these dtypes. Units are fixed here so no metric ever has to guess.

| column | dtype | unit / meaning |
|---|---|---|
| activity_id | String | stable id, "<source>:<source_id>" of the first source that saw it |
| source | String | reader that produced the row (strava_export, garmin_csv, ...) |
| source_id | String | the id inside that source (Strava ids can exceed Int64: a string) |
| sport | String | family: run, walk, hike, ride, swim, strength, impact, balance, other |
| sport_type | String | the source's own type ("Trail Run", "Running", "Walk", ...) |
| name | String | title as the athlete wrote it |
| start_utc | Datetime(us, UTC) | start instant |
| start_local | Datetime(us) | start as wall-clock time where the athlete was (naive) |
| timezone | String | IANA zone used to link the two ("America/Chicago") |
| elapsed_s | Float64 | seconds, start to finish including pauses |
| moving_s | Float64 | seconds in motion |
| distance_m | Float64 | metres |
| elevation_gain_m | Float64 | metres climbed |
| avg_hr | Float64 | beats per minute |
| max_hr | Float64 | beats per minute |
| avg_cadence_spm | Float64 | steps per minute (both feet; FIT's strides/min are doubled) |
| steps | Int64 | total steps |
| avg_contact_ms | Float64 | mean ground contact (stance) time, milliseconds |
| gear | String | shoe or bike name |
| rpe | Float64 | perceived exertion, 0-10 |
| calories | Float64 | kilocalories |
| reps | Int64 | repetitions (jumps, hops) of an impact session |
| pain | Float64 | pain the person logged, 0-10 |
| note | String | the person's own note (data, never markup) |
| laps | Int64 | laps the device recorded (FIT session num_laps, Garmin CSV Number of Laps) |

Every column but the first nine may be null: a source that does not know a value leaves it null
rather than inventing a zero.

Text is capped (TEXT_CAPS, in characters) and NUL is removed by the shared finish step
(connectors.results.finish): name 300, gear 200, sport_type 100, note 500, timezone 64; an id
(activity_id, source_id) longer than 200 refuses its row. No real title or shoe comes near.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Final

import polars as pl

from connectors.sport_types import SPORTS as SPORTS  # the families live with the type table
from connectors.sport_types import sport_family as sport_family

ACTIVITY_SCHEMA: Final = pl.Schema(
    {
        "activity_id": pl.String,
        "source": pl.String,
        "source_id": pl.String,
        "sport": pl.String,
        "sport_type": pl.String,
        "name": pl.String,
        "start_utc": pl.Datetime("us", "UTC"),
        "start_local": pl.Datetime("us"),
        "timezone": pl.String,
        "elapsed_s": pl.Float64,
        "moving_s": pl.Float64,
        "distance_m": pl.Float64,
        "elevation_gain_m": pl.Float64,
        "avg_hr": pl.Float64,
        "max_hr": pl.Float64,
        "avg_cadence_spm": pl.Float64,
        "steps": pl.Int64,
        "avg_contact_ms": pl.Float64,
        "gear": pl.String,
        "rpe": pl.Float64,
        "calories": pl.Float64,
        "reps": pl.Int64,
        "pain": pl.Float64,
        "note": pl.String,
        "laps": pl.Int64,
    }
)

REQUIRED: Final = (
    "activity_id",
    "source",
    "source_id",
    "sport",
    "sport_type",
    "start_utc",
    "start_local",
    "timezone",
    "elapsed_s",
)

# A recorded shoe: its store key (gear), the name shown, brand/model, in use from, the
# distance it already had (km) and the day it was retired (null: in use).
SHOE_SCHEMA: Final = {
    "gear": pl.String,
    "name": pl.String,
    "brand": pl.String,
    "start_date": pl.Date,
    "start_km": pl.Float64,
    "retired_on": pl.Date,
}

TEXT_CAPS: Final[Mapping[str, int]] = {
    "name": 300,
    "gear": 200,
    "sport_type": 100,
    "note": 500,
    "timezone": 64,
}
ID_CAP: Final = 200  # activity_id and source_id: longer refuses the row

UNITS: Final[Mapping[str, str]] = {
    "elapsed_s": "s",
    "moving_s": "s",
    "distance_m": "m",
    "elevation_gain_m": "m",
    "avg_hr": "bpm",
    "max_hr": "bpm",
    "avg_cadence_spm": "steps/min",
    "steps": "steps",
    "avg_contact_ms": "ms",
    "rpe": "0-10",
    "calories": "kcal",
    "reps": "repetitions",
    "pain": "0-10",
    "laps": "laps",
}

# Sanity ranges: a value outside is a reading error, not a workout.
PLAUSIBLE: Final[Mapping[str, tuple[float, float]]] = {
    "elapsed_s": (1, 7 * 24 * 3600),
    "moving_s": (0, 7 * 24 * 3600),
    "distance_m": (0, 1_000_000),
    "avg_hr": (20, 250),
    "max_hr": (20, 250),
    "avg_cadence_spm": (0, 300),
    "rpe": (0, 10),
    "reps": (0, 100_000),
    "pain": (0, 10),
}


def stable_id(source: str, source_id: str) -> str:
    """The activity id for a row first seen in `source` with id `source_id`."""
    return f"{source}:{source_id}"


def content_id(*parts: object) -> str:
    """A short deterministic id from values, for sources without ids (Garmin CSV rows)."""
    text = "|".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def empty_frame() -> pl.DataFrame:
    """A frame with the canonical schema and no rows."""
    return pl.DataFrame(schema=ACTIVITY_SCHEMA)


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Add missing canonical columns as nulls, cast to canonical dtypes, order and drop extras."""
    columns = []
    for name, dtype in ACTIVITY_SCHEMA.items():
        if name in frame.columns:
            columns.append(pl.col(name).cast(dtype, strict=False))
        else:
            columns.append(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(columns)


# The row checks of validate() as one query, built once: a query per check cost ~1 ms per call,
# which showed when validating one-row frames for each of 500 FIT files (bench/files_bench.py).
_ROW_CHECKS: Final = (
    pl.col("activity_id").is_duplicated().sum().alias("duplicated"),
    pl.col("sport").filter(~pl.col("sport").is_in(SPORTS)).unique().implode().alias("bad_sports"),
    *(
        ((pl.col(n) < low) | (pl.col(n) > high)).sum().alias(n)
        for n, (low, high) in PLAUSIBLE.items()
    ),
)


def validate(frame: pl.DataFrame) -> list[str]:
    """Check a frame against the canonical schema. Returns the problems; empty means valid."""
    problems: list[str] = []
    schema = frame.schema
    for name, dtype in ACTIVITY_SCHEMA.items():
        if name not in schema:
            problems.append(f"missing column {name!r}")
        elif schema[name] != dtype:
            problems.append(f"column {name!r} is {schema[name]}, expected {dtype}")
    extra = [c for c in schema if c not in ACTIVITY_SCHEMA]
    if extra:
        problems.append(f"unexpected columns: {', '.join(extra)}")
    if problems:
        return problems
    for name in REQUIRED:
        nulls = frame[name].null_count()
        if nulls:
            problems.append(f"column {name!r} has {nulls} empty value(s); it is required")
    checks = frame.select(_ROW_CHECKS).row(0, named=True)
    if checks["bad_sports"]:
        problems.append(f"unknown sport families: {sorted(map(str, checks['bad_sports']))}")
    if checks["duplicated"]:
        problems.append(f"{checks['duplicated']} rows share an activity_id")
    for name, (low, high) in PLAUSIBLE.items():
        if checks[name]:
            problems.append(f"column {name!r} has {checks[name]} value(s) outside {low}..{high}")
    return problems
