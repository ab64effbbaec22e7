"""The minimal Polars importer that bench/import_bench.py holds `boneload import` against.

The same work, nothing more: read a Strava activities.csv, parse "Activity Date" (UTC), the
start on the athlete's wall clock and its local day, 15 typed columns, and write them into a
new SQLite file with sqlite3 executemany. No checks, no dedupe, no import log.

Run: python bench/minimal_import.py activities.csv store.sqlite [America/Chicago]
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import polars as pl

COLUMNS = (
    "activity_id", "source_id", "sport_type", "name", "start_utc", "start_local", "local_day",
    "elapsed_s", "moving_s", "distance_m", "elevation_gain_m", "avg_hr", "max_hr",
    "avg_cadence_spm", "gear",
)  # fmt: skip


def frame(path: Path, zone: str) -> pl.DataFrame:
    raw = pl.read_csv(path, infer_schema_length=0)  # every column as text, duplicates suffixed
    number = pl.Float64
    start = pl.col("Activity Date").str.strptime(pl.Datetime("us"), "%b %d, %Y, %I:%M:%S %p")
    start_utc = start.dt.replace_time_zone("UTC")
    local = start_utc.dt.convert_time_zone(zone).dt.replace_time_zone(None)
    return raw.select(
        ("strava:" + pl.col("Activity ID")).alias("activity_id"),
        pl.col("Activity ID").alias("source_id"),
        pl.col("Activity Type").alias("sport_type"),
        pl.col("Activity Name").alias("name"),
        start_utc.alias("start_utc"),
        local.alias("start_local"),
        local.dt.date().alias("local_day"),
        pl.col("Elapsed Time_duplicated_0").cast(number).alias("elapsed_s"),
        pl.col("Moving Time").cast(number).alias("moving_s"),
        pl.col("Distance_duplicated_0").cast(number).alias("distance_m"),
        pl.col("Elevation Gain").cast(number).alias("elevation_gain_m"),
        pl.col("Average Heart Rate").cast(number).alias("avg_hr"),
        pl.col("Max Heart Rate_duplicated_0").cast(number).alias("max_hr"),
        pl.col("Average Cadence").cast(number).alias("avg_cadence_spm"),
        pl.col("Activity Gear").alias("gear"),
    )


def store(rows: pl.DataFrame, db: Path) -> None:
    text = rows.with_columns(
        pl.col("start_utc", "start_local").dt.to_string("%Y-%m-%d %H:%M:%S.%f"),
        pl.col("local_day").cast(pl.String),
    )
    connection = sqlite3.connect(db)
    with connection:
        connection.execute(f"CREATE TABLE activities ({', '.join(COLUMNS)})")
        marks = ", ".join("?" * len(COLUMNS))
        connection.executemany(f"INSERT INTO activities VALUES ({marks})", text.iter_rows())
    connection.close()


def main(argv: list[str]) -> None:
    path, db = Path(argv[0]), Path(argv[1])
    zone = argv[2] if len(argv) > 2 else "America/Chicago"
    rows = frame(path, zone)
    store(rows, db)
    print(f"{rows.height} activities into {db}")


if __name__ == "__main__":
    main(sys.argv[1:])
