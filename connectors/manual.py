"""A session logged by hand: form values in, one canonical row out (pure: no clock, no I/O).

A person without a watch logs date, time, type, minutes and, if they know them, distance (in
their display unit), repetitions (jumps, hops), perceived effort (0-10), pain (0-10) and a note.
`build_row` checks every value and returns a one-row canonical frame with source "manual"; the
store keeps it like any import (one import-log entry per session, so undo works) and merges it
with a later import of the same session from a watch or Strava (connectors/store/dedupe.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from connectors.errors import BoneloadError
from connectors.manual_types import BY_KEY as BY_KEY  # the form's choices, light for the CLI
from connectors.manual_types import SESSION_TYPES as SESSION_TYPES
from connectors.manual_types import SessionType as SessionType
from connectors.schema import conform, sport_family, stable_id, validate

MANUAL_SOURCE: Final = "manual"
METRES_PER: Final[Mapping[str, float]] = {"km": 1000.0, "mi": 1609.344}
MAX_MINUTES: Final = 24 * 60
MAX_DISTANCE: Final[Mapping[str, float]] = {"km": 300.0, "mi": 186.0}
MAX_REPS: Final = 100_000
MAX_NOTE: Final = 1000
MAX_NAME: Final = 120


class ManualEntryError(BoneloadError):
    """Form values that cannot make a session; `problems` holds one plain sentence each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class SessionForm:
    """What a person typed. Text or typed values are both accepted (the CLI passes text)."""

    day: date | str
    start: time | str
    type_key: str
    minutes: float | str
    distance: float | str | None = None
    reps: int | str | None = None
    rpe: float | str | None = None
    pain: float | str | None = None
    note: str | None = None
    name: str | None = None


def _number(value: object, label: str, problems: list[str]) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        problems.append(f"{label} must be a number (got {str(value)[:20]!r})")
        return None
    if not math.isfinite(number):
        problems.append(f"{label} must be a number (got {str(value)[:20]!r})")
        return None
    return number


def _in_range(
    value: float | None, label: str, low: float, high: float, unit: str, problems: list[str]
) -> float | None:
    if value is not None and not low <= value <= high:
        problems.append(f"{label} must be between {low:g} and {high:g}{unit} (got {value:g})")
        return None
    return value


def _day(value: date | str, problems: list[str]) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(f"the date must look like 2026-11-28 (got {str(value)[:20]!r})")
        return None


def _time(value: time | str, problems: list[str]) -> time | None:
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    try:
        return time.fromisoformat(str(value).strip()).replace(second=0, microsecond=0)
    except ValueError:
        problems.append(f"the time must look like 07:30 (got {str(value)[:20]!r})")
        return None


def _text(value: str | None, label: str, limit: int, problems: list[str]) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\r\n", "\n").strip()
    if len(text) > limit:
        problems.append(f"the {label} is {len(text)} characters long; keep it under {limit}")
        return None
    return text or None


def check_form(
    form: SessionForm, *, distance_unit: str = "km", today: date | None = None
) -> dict[str, Any]:
    """The form's values, checked; raises ManualEntryError listing every problem at once."""
    problems: list[str] = []
    unit = distance_unit if distance_unit in METRES_PER else "km"
    day = _day(form.day, problems)
    if day is not None and today is not None and day > today:
        problems.append(f"the date {day.isoformat()} is in the future; log sessions once done")
    start = _time(form.start, problems)
    kind = BY_KEY.get(str(form.type_key).strip().lower())
    if kind is None:
        problems.append(
            f"unknown type {str(form.type_key)[:30]!r}; choose one of {', '.join(BY_KEY)}"
        )
    minutes = _number(form.minutes, "Minutes", problems)
    if minutes is None and not any(p.startswith("Minutes") for p in problems):
        problems.append("Minutes are required (how long the session took)")
    elif minutes is not None and not 0 < minutes <= MAX_MINUTES:
        problems.append(f"Minutes must be more than 0 and at most {MAX_MINUTES} (got {minutes:g})")
        minutes = None
    distance = _in_range(
        _number(form.distance, "Distance", problems),
        "Distance", 0, MAX_DISTANCE[unit], f" {unit}", problems,
    )  # fmt: skip
    reps = _in_range(_number(form.reps, "Repetitions", problems), "Repetitions", 0, MAX_REPS, "",
                     problems)  # fmt: skip
    if reps is not None and reps != int(reps):
        problems.append(f"Repetitions must be a whole number (got {reps:g})")
    rpe = _in_range(_number(form.rpe, "Effort", problems), "Effort", 0, 10, "", problems)
    pain = _in_range(_number(form.pain, "Pain", problems), "Pain", 0, 10, "", problems)
    note = _text(form.note, "note", MAX_NOTE, problems)
    name = _text(form.name, "name", MAX_NAME, problems)
    if problems:
        raise ManualEntryError(problems)
    assert day is not None and start is not None and kind is not None and minutes is not None
    return {
        "day": day,
        "start": start,
        "kind": kind,
        "minutes": minutes,
        "distance_m": None if distance is None else distance * METRES_PER[unit],
        "reps": None if reps is None else int(reps),
        "rpe": rpe,
        "pain": pain,
        "note": note,
        "name": name,
    }


def source_id_for(day: date, start: time, type_key: str) -> str:
    """The manual session's id: its wall-clock start and type (logging it twice is a repeat)."""
    return f"{day:%Y%m%d}T{start:%H%M}-{type_key}"


def build_row(
    form: SessionForm,
    *,
    timezone: str,
    distance_unit: str = "km",
    today: date | None = None,
) -> pl.DataFrame:
    """One canonical row (source "manual") from the form; raises ManualEntryError.

    start_local is the date and time typed, in `timezone` (the person's setting); elapsed_s is
    minutes x 60; moving time, heart rate and the rest stay empty: nothing is invented.
    """
    values = check_form(form, distance_unit=distance_unit, today=today)
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ManualEntryError([f"unknown time zone {timezone!r}"]) from exc
    kind: SessionType = values["kind"]
    local = datetime.combine(values["day"], values["start"])
    source_id = source_id_for(values["day"], values["start"], kind.key)
    row = {
        "activity_id": stable_id(MANUAL_SOURCE, source_id),
        "source": MANUAL_SOURCE,
        "source_id": source_id,
        "sport": sport_family(kind.sport_type),
        "sport_type": kind.sport_type,
        "name": values["name"] or kind.label.split(" (")[0],
        "start_utc": local.replace(tzinfo=zone).astimezone(UTC),
        "start_local": local,
        "timezone": timezone,
        "elapsed_s": values["minutes"] * 60.0,
        "distance_m": values["distance_m"],
        "reps": values["reps"],
        "rpe": values["rpe"],
        "pain": values["pain"],
        "note": values["note"],
    }
    frame = conform(pl.DataFrame([row], infer_schema_length=None))
    problems = validate(frame)
    if problems:  # a bug, not the person's mistake: every value was checked above
        raise ManualEntryError(problems)
    return frame


def form_from_row(row: Mapping[str, Any], distance_unit: str = "km") -> SessionForm:
    """The form values that would rebuild a stored manual row (for editing it)."""
    unit = distance_unit if distance_unit in METRES_PER else "km"
    kind_key = next(
        (t.key for t in SESSION_TYPES if t.sport_type == row.get("sport_type")), "other"
    )
    local: datetime = row["start_local"]
    distance = row.get("distance_m")
    return SessionForm(
        day=local.date(),
        start=local.time().replace(second=0, microsecond=0),
        type_key=kind_key,
        minutes=round(float(row["elapsed_s"]) / 60.0, 2),
        distance=None if distance is None else round(distance / METRES_PER[unit], 3),
        reps=row.get("reps"),
        rpe=row.get("rpe"),
        pain=row.get("pain"),
        note=row.get("note"),
        name=row.get("name"),
    )
