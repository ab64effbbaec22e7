"""One Apple Health <Workout> as collected by the apple_health parser -> one canonical row.

Kept apart from the streaming parser (apple_health.py) so each stays small; the mapping of
every column is documented there. Units as Apple writes them: distance km/mi/m/yd/ft, durations
min/s/hr, energy kcal/Cal/kJ, metadata values with their unit ("6575 cm", "61.9 degF").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.errors import BadFile
from connectors.files import watch_common as wc
from connectors.files.base import ImportOptions, ReadResult, RowProblem
from connectors.results import Row, finish
from connectors.schema import PLAUSIBLE, content_id, sport_family, stable_id

PREFIX: Final = "HKWorkoutActivityType"
QUANTITY: Final = "HKQuantityTypeIdentifier"
DATE_FORMAT: Final = "%Y-%m-%d %H:%M:%S %z"
SPORTS: Final = {
    "Running": "run",
    "Walking": "walk",
    "Hiking": "hike",
    "Cycling": "ride",
    "HandCycling": "ride",
    "Swimming": "swim",
    "TraditionalStrengthTraining": "strength",
    "FunctionalStrengthTraining": "strength",
    "HighIntensityIntervalTraining": "strength",
    "CoreTraining": "strength",
    "CrossTraining": "strength",
    "Pilates": "strength",
    # The Apple Watch "Stair Stepper" workout records as StairClimbing: a machine, no impact.
    # Real stairs are "Stairs" (impact, through sport_family).
    "StairClimbing": "other",
    "WheelchairRunPace": "other",  # pushes, not footfalls
    "WheelchairWalkPace": "other",
}
DISTANCE_M: Final = {"m": 1.0, "km": 1000.0, "mi": 1609.344, "yd": 0.9144, "ft": 0.3048, "cm": 0.01}
SECONDS: Final = {"s": 1.0, "sec": 1.0, "min": 60.0, "hr": 3600.0, "h": 3600.0, "ms": 0.001}
KCAL: Final = {"kcal": 1.0, "Cal": 1.0, "cal": 0.001, "kJ": 1 / 4.184, "J": 1 / 4184}
BPM: Final = {"count/min": 1.0, "count/s": 60.0}
MILLIS: Final = {"ms": 1.0, "s": 1000.0}
_MEASURE: Final = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S*)\s*$")
_WORDS: Final = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass
class RawWorkout:
    """A <Workout> as read: its attributes, workout-level statistics (by type) and metadata
    (first value per key), and one {type: statistics} per <WorkoutActivity> ("" = its own
    attributes). `kept` counts the children kept, to bound a hostile workout's memory."""

    number: int
    line: int
    attrs: dict[str, str]
    stats: dict[str, dict[str, str]] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    activities: list[dict[str, dict[str, str]]] = field(default_factory=list)
    kept: int = 0

    @property
    def label(self) -> str:
        return f"Workout #{self.number} (line {self.line})"


def number(text: str | None) -> float | None:
    """A finite float from the text, else None."""
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def measure(text: str | None, units: dict[str, float]) -> float | None:
    """ "6575 cm" with units {"cm": 0.01, ...} -> 65.75; None when the unit is not in `units`."""
    match = _MEASURE.match(text or "")
    value = number(match.group(1)) if match else None
    if match is None or value is None or match.group(2) not in units:
        return None
    return value * units[match.group(2)]


def _scaled(
    values: dict[str, str], key: str, unit: str | None, units: dict[str, float]
) -> float | None:
    value = number(values.get(key))
    scale = units.get(unit or "")
    return None if value is None or scale is None else value * scale


def sport(activity_type: str) -> tuple[str, str]:
    """(family, readable type): "HKWorkoutActivityTypeFunctionalStrengthTraining" ->
    ("strength", "Functional Strength Training")."""
    short = activity_type.removeprefix(PREFIX) or "Other"
    readable = _WORDS.sub(" ", short)
    family = SPORTS.get(short) or sport_family(readable)
    return family, readable


def _stat(workout: RawWorkout, kind: str, key: str, units: dict[str, float]) -> float | None:
    """A statistic of the whole workout, else combined over its WorkoutActivity children:
    sums added, maxima maximised, averages weighted by each activity's duration."""
    top = workout.stats.get(QUANTITY + kind)
    if top is not None:
        return _scaled(top, key, top.get("unit"), units)
    found: list[tuple[float, float]] = []
    for activity in workout.activities:
        values = activity.get(QUANTITY + kind)
        value = _scaled(values, key, values.get("unit"), units) if values else None
        if value is not None:
            own = activity.get("", {})
            weight = _scaled(own, "duration", own.get("durationUnit", "min"), SECONDS)
            found.append((value, weight or 1.0))
    if not found:
        return None
    if key == "sum":
        return sum(v for v, _ in found)
    if key == "maximum":
        return max(v for v, _ in found)
    return sum(v * w for v, w in found) / sum(w for _, w in found)


def _distance(workout: RawWorkout) -> float | None:
    attrs = workout.attrs
    if "totalDistance" in attrs:
        return _scaled(attrs, "totalDistance", attrs.get("totalDistanceUnit", "km"), DISTANCE_M)
    kinds = {t for a in (workout.stats, *workout.activities) for t in a if "Distance" in t}
    for kind in sorted(kinds):
        value = _stat(workout, kind.removeprefix(QUANTITY), "sum", DISTANCE_M)
        if value is not None:
            return value
    return None


def _date(text: str | None) -> datetime | None:
    try:
        return datetime.strptime((text or "").strip(), DATE_FORMAT)
    except ValueError:
        return None


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def local_time(
    start: datetime, hk_zone: str | None, options: ImportOptions
) -> tuple[datetime, str]:
    """(wall-clock start, zone name): HKTimeZone, else options.timezone when set, else the
    offset written in the date (as Etc/GMT-1 for +0100; "UTC+05:30" when not whole hours)."""
    zone = _zone(hk_zone) if hk_zone else None
    name = hk_zone or ""
    if zone is None and options.timezone != "UTC":
        zone, name = _zone(options.timezone), options.timezone
    if zone is not None:
        return start.astimezone(zone).replace(tzinfo=None), name
    offset = start.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        name = f"Etc/GMT{-hours:+d}" if hours else "UTC"
    else:
        name = f"UTC{'+' if minutes > 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return start.replace(tzinfo=None), name


def _row(workout: RawWorkout, options: ImportOptions) -> dict[str, object]:
    """The canonical row; raises ValueError with a reason when the workout cannot be used."""
    attrs = workout.attrs
    start, end = _date(attrs.get("startDate")), _date(attrs.get("endDate"))
    if start is None:
        raise ValueError(f"no readable start date ({attrs.get('startDate')!r})")
    if not wc.plausible(start):
        raise ValueError(f"the start date {start:%Y-%m-%d} is not plausible")
    moving = _scaled(attrs, "duration", attrs.get("durationUnit", "min"), SECONDS)
    elapsed = (end - start).total_seconds() if end is not None else moving
    if elapsed is None:
        raise ValueError("neither a duration nor an end date")
    low, high = PLAUSIBLE["elapsed_s"]
    if not low <= elapsed <= high:
        raise ValueError(f"a duration of {elapsed:g} s is not plausible")
    kind = attrs.get("workoutActivityType", "")
    family, readable = sport(kind)
    start_utc = wc.to_utc(start)
    local, zone_name = local_time(start, workout.metadata.get("HKTimeZone"), options)
    foot = family in wc.FOOT_SPORTS
    steps = _stat(workout, "StepCount", "sum", {"count": 1.0}) if foot else None
    source_id = content_id(start_utc.isoformat(), kind, round(elapsed))
    calories = _scaled(attrs, "totalEnergyBurned", attrs.get("totalEnergyBurnedUnit"), KCAL)
    return {
        "activity_id": stable_id("apple_health", source_id),
        "source": "apple_health",
        "source_id": source_id,
        "sport": family,
        "sport_type": readable,
        "name": None,
        "start_utc": start_utc,
        "start_local": local,
        "timezone": zone_name,
        "elapsed_s": elapsed,
        "moving_s": moving,
        "distance_m": _distance(workout),
        "elevation_gain_m": measure(workout.metadata.get("HKElevationAscended"), DISTANCE_M),
        "avg_hr": _stat(workout, "HeartRate", "average", BPM),
        "max_hr": _stat(workout, "HeartRate", "maximum", BPM),
        "avg_cadence_spm": steps / (moving / 60) if steps and moving else None,
        "steps": round(steps) if steps is not None else None,
        "avg_contact_ms": _stat(workout, "RunningGroundContactTime", "average", MILLIS),
        "calories": calories
        if calories is not None
        else _stat(workout, "ActiveEnergyBurned", "sum", KCAL),
    }


class Rows:
    """Canonical rows collected one workout at a time, so raw workouts need not be kept."""

    def __init__(self, filename: str, options: ImportOptions) -> None:
        self.filename, self.options = filename, options
        self.rows: list[Row] = []
        self.problems: list[RowProblem] = []
        self.warnings: list[str] = []
        self.seen: set[object] = set()

    def add(self, workout: RawWorkout) -> None:
        """Its row; a RowProblem instead when it cannot be used or repeats an earlier one."""
        try:
            row = _row(workout, self.options)
        except ValueError as exc:
            reason = f"{workout.label}: {exc}; skipped"
            self.problems.append(RowProblem(self.filename, None, reason))
            return
        if row["source_id"] in self.seen:
            reason = f"{workout.label} repeats an earlier workout; skipped"
            self.problems.append(RowProblem(self.filename, None, reason))
            return
        self.seen.add(row["source_id"])
        self.rows.append(Row(row, f"{self.filename}, {workout.label}"))


def to_result(fmt: str, rows: Rows) -> ReadResult:
    """A ReadResult of the rows; BadFile when no workout could be read."""
    if not rows.rows:
        reasons = "; ".join(p.reason for p in rows.problems[:5])
        raise BadFile(rows.filename, f"no workout could be read: {reasons}")
    return finish(
        fmt,
        rows.filename,
        rows.rows,
        problems=rows.problems,
        warnings=rows.warnings,
        now=rows.options.now,
    )
