"""What a watch file recorded over time: samples (heart rate, speed, cadence, altitude, GPS)
and laps, next to the one canonical activity row a reader makes of it (issue 13).

Readers hand `build` raw samples as (seconds since the start, values) and laps; `build`
checks every value, sorts by time and bounds the size:

- Values outside plausible ranges (a glitching sensor, hostile bytes) are left empty:
  heart rate 20-250 bpm, speed 0-30 m/s, cadence 0-300 steps/min, altitude -500..9,000 m,
  latitude -90..90, longitude -180..180 (0/0, "no fix", is dropped), distance 0-1,000 km.
- Downsampled to one point per bucket of max(MIN_STEP_S, duration / MAX_POINTS) seconds
  (mean of the bucket; distance its largest value). Why: a chart is at most ~1,000 px wide,
  so more points draw nothing more, while a 1 Hz watch gives 14,400 samples for a 4-hour
  marathon; MIN_STEP_S keeps a heart-rate or pace line from following every stride's noise.
  So any activity stores at most MAX_POINTS points (a 30-minute run 360, at 5 s).
- Speed, when the file has none, comes from distance over time between stored points
  (bucket to bucket, so GPS jitter between single seconds averages out); distance, when the
  file has none (GPX), from the GPS points by the haversine formula.
- At most MAX_LAPS laps; laps without a duration are dropped.

`encode`/`decode` turn them into compact bytes for the store: JSON columns with values
rounded to what a sensor resolves (1 bpm, 1 mm/s, 1 cm of distance, 1e-6 degree ~ 0.1 m),
zlib-compressed (912 points of a 3-hour ride with GPS: 17.6 kB), the same bytes on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

import polars as pl

MIN_STEP_S: Final = 5.0
MAX_POINTS: Final = 1_000
MAX_LAPS: Final = 500
ENCODING: Final = 1  # zlib-compressed JSON of rounded columns
MAX_DECODED_BYTES: Final = 4 * 1024**2  # a stored blob may not inflate beyond this

SAMPLE_SCHEMA: Final = {
    "t_s": pl.Float64,
    "hr_bpm": pl.Float64,
    "speed_m_s": pl.Float64,
    "cadence_spm": pl.Float64,
    "altitude_m": pl.Float64,
    "lat": pl.Float64,
    "lon": pl.Float64,
    "distance_m": pl.Float64,
}
LAP_SCHEMA: Final = {
    "lap": pl.Int64,
    "start_s": pl.Float64,
    "duration_s": pl.Float64,
    "distance_m": pl.Float64,
    "avg_hr_bpm": pl.Float64,
}
LIMITS: Final[Mapping[str, tuple[float, float]]] = {
    "t_s": (0.0, 7 * 86_400.0),
    "hr_bpm": (20.0, 250.0),
    "speed_m_s": (0.0, 30.0),
    "cadence_spm": (0.0, 300.0),
    "altitude_m": (-500.0, 9_000.0),
    "lat": (-90.0, 90.0),
    "lon": (-180.0, 180.0),
    "distance_m": (0.0, 1_000_000.0),
    "start_s": (0.0, 7 * 86_400.0),
    "duration_s": (0.0, 7 * 86_400.0),
    "avg_hr_bpm": (20.0, 250.0),
}
_DIGITS: Final = {"t_s": 1, "hr_bpm": 0, "speed_m_s": 3, "cadence_spm": 1, "altitude_m": 1,
                  "lat": 6, "lon": 6, "distance_m": 2, "start_s": 1, "duration_s": 1,
                  "avg_hr_bpm": 0}  # fmt: skip
_EARTH_M: Final = 6_371_008.8  # mean Earth radius (IUGG)


@dataclass(frozen=True)
class Streams:
    """One activity's samples and laps; `source`/`source_id` as on its canonical row."""

    source: str
    source_id: str
    samples: pl.DataFrame
    laps: pl.DataFrame

    @property
    def empty(self) -> bool:
        return self.samples.is_empty() and self.laps.is_empty()


def _number(value: object, column: str) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    low, high = LIMITS[column]
    return number if math.isfinite(number) and low <= number <= high else None


def _rows(raw: Iterable[Mapping[str, object]], schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    rows = [{c: _number(r.get(c), c) for c in schema if c != "lap"} for r in raw]
    frame = pl.DataFrame(rows, schema={c: t for c, t in schema.items() if c != "lap"})
    return frame


def _with_distance(frame: pl.DataFrame) -> pl.DataFrame:
    """Cumulative metres from the GPS points (haversine) when the file gave no distance."""
    if frame["distance_m"].is_not_null().any() or frame["lat"].is_null().all():
        return frame
    indexed = frame.with_row_index("_i")
    lat, lon = pl.col("lat").radians(), pl.col("lon").radians()
    half = ((lat - lat.shift(1)) / 2).sin() ** 2 + lat.cos() * lat.shift(1).cos() * (
        (lon - lon.shift(1)) / 2
    ).sin() ** 2
    step = (2 * _EARTH_M * half.sqrt().clip(0.0, 1.0).arcsin()).fill_null(0.0)
    metres = indexed.filter(pl.col("lat").is_not_null()).select("_i", step.cum_sum().alias("_d"))
    joined = indexed.join(metres, on="_i", how="left", maintain_order="left")
    return joined.with_columns(pl.col("_d").alias("distance_m")).select(list(SAMPLE_SCHEMA))


def downsample(frame: pl.DataFrame) -> pl.DataFrame:
    """One point per max(MIN_STEP_S, duration / MAX_POINTS) seconds (see module docstring)."""
    if frame.is_empty():
        return frame
    duration = float(frame["t_s"].max() or 0.0)
    step = max(MIN_STEP_S, math.ceil(duration / MAX_POINTS))
    means = [pl.col(c).mean() for c in SAMPLE_SCHEMA if c not in ("t_s", "distance_m")]
    return (
        frame.with_columns((pl.col("t_s") // step).alias("_bucket"))
        .group_by("_bucket", maintain_order=True)
        .agg(pl.col("t_s").min(), *means, pl.col("distance_m").max())
        .sort("_bucket")
        .drop("_bucket")
        .head(MAX_POINTS)
        .select(list(SAMPLE_SCHEMA))
    )


def _with_speed(frame: pl.DataFrame) -> pl.DataFrame:
    """Speed from distance over time between stored points, where the file gave none."""
    dt = pl.col("t_s") - pl.col("t_s").shift(1)
    derived = (pl.col("distance_m") - pl.col("distance_m").shift(1)) / dt
    derived = pl.when((dt > 0) & (derived >= 0) & (derived <= 30)).then(derived)
    return frame.with_columns(pl.coalesce("speed_m_s", derived).alias("speed_m_s"))


def build(
    source: str,
    source_id: str,
    samples: Iterable[Mapping[str, object]],
    laps: Iterable[Mapping[str, object]] = (),
) -> Streams:
    """Checked, sorted, downsampled streams (see the module docstring). `samples` are dicts
    of SAMPLE_SCHEMA columns (t_s: seconds since the activity's start); `laps` of LAP_SCHEMA
    columns but `lap`, in order (numbered here from 1)."""
    frame = (
        _rows(samples, SAMPLE_SCHEMA)
        .filter(pl.col("t_s").is_not_null())
        .sort("t_s", maintain_order=True)
    )
    frame = frame.with_columns(
        pl.when(pl.col("lat").is_null() | pl.col("lon").is_null() | (pl.col("lat").abs()
                + pl.col("lon").abs() == 0)).then(None).otherwise(pl.col(c)).alias(c)
        for c in ("lat", "lon")
    )  # fmt: skip
    measured = [c for c in SAMPLE_SCHEMA if c != "t_s"]
    frame = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in measured))
    frame = _with_speed(downsample(_with_distance(frame))) if frame.height else frame
    lap_frame = _rows(laps, LAP_SCHEMA).filter(pl.col("duration_s") > 0).head(MAX_LAPS)
    lap_frame = lap_frame.with_row_index("lap", offset=1).with_columns(pl.col("lap").cast(pl.Int64))
    return Streams(source, source_id, frame, lap_frame.select(list(LAP_SCHEMA)))


def encode(frame: pl.DataFrame) -> bytes:
    """Compact bytes of a SAMPLE_SCHEMA or LAP_SCHEMA frame (see the module docstring)."""
    columns = {
        c: [None if v is None else round(v, _DIGITS[c]) for v in frame[c].to_list()]
        if c in _DIGITS
        else frame[c].to_list()
        for c in frame.columns
    }
    text = json.dumps(columns, separators=(",", ":"), allow_nan=False)
    return zlib.compress(text.encode(), 9)


def decode(blob: bytes | None, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """The frame `encode` made; an empty frame for None or bytes that are not a stored frame."""
    empty = pl.DataFrame(schema=dict(schema))
    if not blob:
        return empty
    try:
        inflater = zlib.decompressobj()
        text = inflater.decompress(bytes(blob), MAX_DECODED_BYTES)
        if inflater.unconsumed_tail:
            return empty
        columns = json.loads(text)
        return pl.DataFrame({c: columns.get(c) or [] for c in schema}, schema=dict(schema))
    except (zlib.error, ValueError, TypeError, pl.exceptions.PolarsError):
        return empty
