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
rounded to what a sensor resolves (1 bpm, 1 mm/s, 1 cm of distance, 0.01 s of a lap, 1e-6
degree ~ 0.1 m), zlib-compressed (912 points of a 3-hour ride with GPS: 17.6 kB), the same
bytes on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Final

import polars as pl

MIN_STEP_S: Final = 5.0
MAX_POINTS: Final = 1_000
MAX_LAPS: Final = 500
# Activities of one upload whose streams are kept (~15 kB each; ten years of daily runs are
# 3,650 files): a zip of 50,000 files keeps its summaries, not 750 MB of streams.
MAX_PER_UPLOAD: Final = 10_000
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
                  "lat": 6, "lon": 6, "distance_m": 2, "start_s": 2, "duration_s": 2,
                  "avg_hr_bpm": 0}  # fmt: skip
_EARTH_M: Final = 6_371_008.8  # mean Earth radius (IUGG)


@dataclass(frozen=True)
class Streams:
    """One activity's samples and laps; `source`/`source_id` as on its canonical row. Held
    encoded (`encode`: ~15 kB for 1,000 points, where frames take 64 kB), so an upload of
    thousands of watch files keeps its streams in little memory until the store writes these
    very bytes; `samples` and `laps` decode them once, when read."""

    source: str
    source_id: str
    points: int
    lap_count: int
    sample_data: bytes | None
    lap_data: bytes | None

    @cached_property
    def samples(self) -> pl.DataFrame:
        return decode(self.sample_data, SAMPLE_SCHEMA)

    @cached_property
    def laps(self) -> pl.DataFrame:
        return decode(self.lap_data, LAP_SCHEMA)

    @property
    def empty(self) -> bool:
        return not self.points and not self.lap_count


def _number(value: object, column: str) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    low, high = LIMITS[column]
    return number if math.isfinite(number) and low <= number <= high else None


_MEASURED: Final = tuple(c for c in SAMPLE_SCHEMA if c != "t_s")
_MEANS: Final = tuple(c for c in _MEASURED if c != "distance_m")
_LAP_VALUES: Final = tuple(c for c in LAP_SCHEMA if c != "lap")
Sample = list[float | None]  # SAMPLE_SCHEMA's values in order


def _checked(raw: Iterable[Mapping[str, object]]) -> list[Sample]:
    """Samples with a time and at least one value, every value in LIMITS (a float or int, not
    a bool; NaN and infinities fail the range), sorted by time; a position only when both
    coordinates are there and not 0/0 ("no fix")."""
    checks = [(name, *LIMITS[name]) for name in SAMPLE_SCHEMA]
    rows = []
    for r in raw:
        get = r.get  # _number, inlined (this runs once per value): floats and ints in range
        row: Sample = [
            v if (v := get(name)).__class__ is float and low <= v <= high
            else float(v) if v.__class__ is int and low <= v <= high
            else None
            for name, low, high in checks
        ]  # fmt: skip
        if row[0] is None:
            continue
        lat, lon = row[5], row[6]
        if lat is None or lon is None or lat == lon == 0:
            row[5] = row[6] = None
        if any(v is not None for v in row[1:]):
            rows.append(row)
    rows.sort(key=lambda row: row[0])  # stable: equal times keep the file's order
    return rows


def _with_distance(rows: list[Sample]) -> None:
    """Cumulative metres from the GPS points (haversine), when the file gave no distance."""
    if any(row[7] is not None for row in rows):
        return
    total, last = 0.0, None
    for row in rows:
        if row[5] is None or row[6] is None:
            continue
        lat, lon = math.radians(row[5]), math.radians(row[6])
        if last is not None:
            half = (
                math.sin((lat - last[0]) / 2) ** 2
                + math.cos(lat) * math.cos(last[0]) * math.sin((lon - last[1]) / 2) ** 2
            )
            total += 2 * _EARTH_M * math.asin(min(1.0, math.sqrt(half)))
        last = (lat, lon)
        row[7] = total  # fmt: skip


def downsample(rows: list[Sample]) -> list[Sample]:
    """One point per max(MIN_STEP_S, duration / MAX_POINTS) seconds (see module docstring):
    the bucket's first time, the mean of each value, the largest distance."""
    if not rows:
        return []
    step = max(MIN_STEP_S, math.ceil((rows[-1][0] or 0.0) / MAX_POINTS))
    out: list[Sample] = []
    bucket, sums, counts = None, [0.0] * 8, [0] * 8
    for row in rows:
        key = (row[0] or 0.0) // step
        if key != bucket:
            if bucket is not None:
                out.append(_point(sums, counts))
            bucket, sums, counts = key, [row[0] or 0.0] + [0.0] * 7, [1] + [0] * 7
        for i in range(1, 7):
            if (v := row[i]) is not None:
                sums[i] += v
                counts[i] += 1
        if row[7] is not None:
            sums[7], counts[7] = max(sums[7], row[7]) if counts[7] else row[7], 1
    out.append(_point(sums, counts))
    return out[:MAX_POINTS]


def _point(sums: list[float], counts: list[int]) -> Sample:
    point: Sample = [sums[0]]
    point += [sums[i] / counts[i] if counts[i] else None for i in range(1, 7)]
    return [*point, sums[7] if counts[7] else None]


def _with_speed(points: list[Sample]) -> None:
    """Speed from distance over time between stored points, where the file gave none."""
    for prev, point in zip([None, *points], points, strict=False):
        if point[2] is not None or prev is None or point[7] is None or prev[7] is None:
            continue
        dt = (point[0] or 0.0) - (prev[0] or 0.0)
        speed = (point[7] - prev[7]) / dt if dt > 0 else None
        if speed is not None and 0 <= speed <= 30:
            point[2] = speed


def build(
    source: str,
    source_id: str,
    samples: Iterable[Mapping[str, object]],
    laps: Iterable[Mapping[str, object]] = (),
) -> Streams:
    """Checked, sorted, downsampled streams (see the module docstring). `samples` are dicts
    of SAMPLE_SCHEMA columns (t_s: seconds since the activity's start); `laps` of LAP_SCHEMA
    columns but `lap`, in order (numbered here from 1). Plain Python until one frame at the
    end: a watch file's few hundred points cost less so than a dozen frame operations."""
    rows = _checked(samples)
    _with_distance(rows)
    points = downsample(rows)
    _with_speed(points)
    kept = []
    for raw in laps:
        lap = [_number(raw.get(c), c) for c in _LAP_VALUES]
        if lap[1]:  # a duration above 0
            kept.append([len(kept) + 1, *lap])
        if len(kept) >= MAX_LAPS:
            break
    return Streams(
        source,
        source_id,
        len(points),
        len(kept),
        _pack(points, list(SAMPLE_SCHEMA)) if points else None,
        _pack(kept, list(LAP_SCHEMA)) if kept else None,
    )


def _pack(rows: Sequence[Sequence[object]], names: Sequence[str]) -> bytes:
    columns = {
        name: [round(v, digits) if v.__class__ is float else v for v in column]
        if (digits := _DIGITS.get(name)) is not None
        else list(column)
        for name, column in zip(names, zip(*rows, strict=True), strict=False)
    }
    text = json.dumps(columns, separators=(",", ":"), allow_nan=False)
    return zlib.compress(text.encode(), 6)


def encode(frame: pl.DataFrame) -> bytes:
    """Compact bytes of a SAMPLE_SCHEMA or LAP_SCHEMA frame (see the module docstring)."""
    return _pack(frame.rows(), frame.columns)


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
