"""What the FIT, GPX and TCX readers share: one activity summary, time zones, gzip, sniffing.

Each watch file holds one workout (one FIT session, one TCX <Activity>, one whole GPX file):
the readers fill an `Activity` and `result` turns the list into a ReadResult of canonical rows.

Conventions shared by the three readers:
- start_utc is an aware UTC datetime; start_local is that instant on the wall clock of
  options.timezone (no watch file says where the athlete was: FIT's local_timestamp gives an
  offset, not a zone, and GPX/TCX give none).
- Cadence and steps only for foot sports (run, walk, hike): riding and swimming cadence are
  pedal or stroke counts, not loading cycles on the leg bones.
- Times before 1990 or after 2099 are bogus (no GPS watch recorded before 1990; some writers
  emit 1901 or 1970 for "unknown").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise, repeat
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gpxpy.geo import calculate_uphill_downhill

from connectors.errors import BadFile
from connectors.files.base import ImportOptions, ReadResult, RowProblem
from connectors.files.gzip_safe import maybe_gunzip, sniff_head
from connectors.results import Row, finish
from connectors.schema import PLAUSIBLE, content_id, stable_id
from connectors.streams import Streams, build

FOOT_SPORTS: Final = frozenset({"run", "walk", "hike"})
MAX_VERTICAL_M_S: Final = 5.0  # no one on foot or bike climbs 5 m a second
MAX_STREAMS: Final = 20  # activities per file whose streams are kept (a triathlon has 5)
_EARLIEST: Final = datetime(1990, 1, 1, tzinfo=UTC)
_LATEST: Final = datetime(2100, 1, 1, tzinfo=UTC)


@dataclass
class Recorded:
    """What one workout recorded over time, as a reader found it: samples with a "time"
    (datetime) and SAMPLE_SCHEMA values, laps with a "start" (datetime) and LAP_SCHEMA values
    (connectors.streams); made relative to the activity's start by `result`."""

    samples: list[dict[str, object]]
    laps: list[dict[str, object]]


def _streams(fmt: str, source_id: str, start: datetime, recorded: Recorded) -> Streams:
    """`recorded` made relative to `start` (its dicts are changed: they are the reader's own)
    and built into Streams. A time that is not an aware datetime leaves its sample out."""

    def since(moment: object) -> float | None:
        if not isinstance(moment, datetime) or moment.tzinfo is None:
            return None
        return (moment - start).total_seconds()

    for sample in recorded.samples:
        sample["t_s"] = since(sample.get("time"))
    for lap in recorded.laps:
        lap["start_s"] = since(lap.get("start"))
    return build(fmt, source_id, recorded.samples, recorded.laps)


@dataclass
class Activity:
    """One workout as a reader found it; units as in connectors.schema."""

    sport: str
    sport_type: str
    start_utc: datetime
    elapsed_s: float
    source_id: str | None = None  # None: content_id(start_utc, sport, round(elapsed_s))
    name: str | None = None
    moving_s: float | None = None
    distance_m: float | None = None
    elevation_gain_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence_spm: float | None = None
    steps: int | None = None
    avg_contact_ms: float | None = None
    calories: float | None = None
    rpe: float | None = None
    laps: int | None = None
    local_offset_s: float | None = None  # the file's own UTC offset (FIT local_timestamp)


def zone(filename: str, options: ImportOptions) -> ZoneInfo:
    """The athlete's zone from options; BadFile naming it when it is not a known IANA zone."""
    try:
        return ZoneInfo(options.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadFile(filename, f"the time zone {options.timezone!r} is not known") from exc


def to_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; naive times are taken as UTC (GPX and TCX times are UTC).

    ValueError (not OverflowError) when the instant is outside what datetime holds, such as
    9999-12-31T23:59:59-12:00 or 0001-01-01T00:00:00+05:00.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"the time {moment.isoformat()} is out of range") from None


def plausible(moment: datetime | None) -> bool:
    """False for missing times and bogus ones (before 1990, after 2099, out of range)."""
    if not isinstance(moment, datetime):
        return False
    try:
        return _EARLIEST <= to_utc(moment) < _LATEST
    except ValueError:
        return False


def finite(value: object) -> float | None:
    """A float for numbers that are finite, None for None, NaN, infinities and non-numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def mean(values: Iterable[float | None]) -> float | None:
    """The arithmetic mean of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def maximum(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def elevation_gain(
    elevations: Iterable[float | None], times: Iterable[datetime | None] | None = None
) -> float | None:
    """Metres climbed, by gpxpy's rule (3-point smoothing 0.3/0.4/0.3, then the rises summed).

    Used for GPX and TCX alike, and for FIT files without a session, so the three agree.
    With `times` (one per elevation), a change faster than MAX_VERTICAL_M_S between two timed
    points is an altimeter jump (barometer calibration at the start, a GPS fix), not a climb:
    the series is split there and the jump itself is not counted.
    """
    pairs = [
        (e, t) for e, t in zip(elevations, times or repeat(None), strict=False) if e is not None
    ]
    if len(pairs) < 2:
        return None
    runs: list[list[float]] = [[pairs[0][0]]]
    for (prev, prev_t), (ele, t) in pairwise(pairs):
        seconds = (t - prev_t).total_seconds() if t and prev_t else None
        if seconds is not None and abs(ele - prev) > MAX_VERTICAL_M_S * max(seconds, 1.0):
            runs.append([])
        runs[-1].append(ele)
    return float(sum(calculate_uphill_downhill(run)[0] for run in runs if len(run) > 1))


def result(
    filename: str,
    fmt: str,
    activities: list[Activity],
    options: ImportOptions,
    problems: list[RowProblem] | None = None,
    warnings: list[str] | None = None,
    recorded: list[Recorded] | None = None,
) -> ReadResult:
    """Canonical rows for the activities: ids, local times, sanity ranges, validation; with
    `recorded` (one per activity), the streams of each kept activity too.

    An activity lasting over a week, or a second one with the same id, becomes a RowProblem.
    """
    tz = zone(filename, options)
    problems = list(problems or [])
    rows: list[Row] = []
    streams: list[Streams] = []
    seen: set[str] = set()
    travelled = 0
    low, high = PLAUSIBLE["elapsed_s"]
    for number, activity in enumerate(activities, start=1):
        label = f"{filename}, activity {number}" if len(activities) > 1 else filename
        start = to_utc(activity.start_utc)
        if not low <= activity.elapsed_s <= high:
            reason = f"activity {number}: a duration of {activity.elapsed_s:g} s is not plausible"
            problems.append(RowProblem(filename, None, reason))
            continue
        source_id = activity.source_id or content_id(
            start.isoformat(), activity.sport, round(activity.elapsed_s)
        )
        if source_id in seen:
            problems.append(RowProblem(filename, None, f"activity {number} repeats an earlier one"))
            continue
        seen.add(source_id)
        values = asdict(activity)
        local = start.astimezone(tz).replace(tzinfo=None)
        if activity.local_offset_s is not None:  # where the watch was, not the home zone
            own = start.replace(tzinfo=None) + timedelta(seconds=activity.local_offset_s)
            travelled += own != local
            local = own
        values.update(
            source_id=source_id,
            activity_id=stable_id(fmt, source_id),
            source=fmt,
            start_utc=start,
            start_local=local,
            timezone=options.timezone,
        )
        rows.append(Row(values, label))
        if recorded is not None and len(streams) < MAX_STREAMS:
            found = _streams(fmt, source_id, start, recorded[number - 1])
            if not found.empty:
                streams.append(found)
    if not rows:
        raise BadFile(filename, "; ".join(p.reason for p in problems) or "no activity in the file")
    if travelled:
        warnings = [
            *(warnings or []),
            f"{filename}: recorded in another time zone than {options.timezone}; its local "
            "time is kept as the watch showed it",
        ]
    read = finish(
        fmt,
        filename,
        rows,
        problems=problems,
        warnings=warnings or [],
        now=options.now,
        zone_warning=options.timezone == "UTC",
    )
    read.streams = streams
    if recorded is not None and len(rows) > MAX_STREAMS:
        read.warnings.append(
            f"{filename}: heart rate, pace and route kept for the first {MAX_STREAMS} of its "
            f"{len(rows):,} activities only"
        )
    return read


def gz_sniff(predicate: Callable[[bytes], bool]) -> Callable[[str, bytes], bool]:
    """A sniff that accepts the format plain or gzip-compressed (Strava's *.fit.gz)."""

    def sniff(filename: str, head: bytes) -> bool:
        del filename  # decided by content only
        return predicate(sniff_head(head))

    return sniff


def unwrap(filename: str, data: bytes) -> bytes:
    """The file's bytes, gunzipped (bomb- and truncation-safe) when they are gzip."""
    content = maybe_gunzip(filename, data)
    if not content.strip():
        raise BadFile(filename, "the file is empty")
    return content
