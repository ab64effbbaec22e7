"""What every reader and API mapping hands to the store, and the one finish step they share.

A reader (connectors/files/) or an API mapping (connectors/apis/*_mapping.py) turns its source's
records into dicts of canonical columns, then calls `finish`, which does the same four things
for every source, so no source can skip one:

1. impossible dates: a start before 1970 or more than a day after `now` becomes a RowProblem;
2. a duration outside schema.PLAUSIBLE["elapsed_s"] becomes a RowProblem;
3. plausible ranges: an optional value outside SOFT_LIMITS (a sensor glitch) is left empty,
   with a warning naming the row; counted steps are rounded to whole steps;
4. conform and validate: the canonical columns and dtypes; a second row with the same
   activity_id becomes a RowProblem; a frame that still does not fit the schema is a bug in the
   reader, refused as BadFile.
5. text: NUL and other control characters (but tab and newline) removed from every text
   value; name, gear, sport_type, note and timezone cut to schema.TEXT_CAPS with a warning; an
   id longer than schema.ID_CAP is a RowProblem (a 100 MB name never reaches the store, or
   every viewer's session).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Final

import polars as pl

from connectors.errors import BadFile
from connectors.schema import (
    ACTIVITY_SCHEMA,
    ID_CAP,
    PLAUSIBLE,
    TEXT_CAPS,
    conform,
    empty_frame,
    validate,
)
from connectors.streams import Streams

EARLIEST: Final = datetime(1970, 1, 1, tzinfo=UTC)
NO_ZONE_WARNING: Final = (
    "No time zone was set: local days are UTC days, so evening activities may show on "
    "the next day. Set your time zone and import again."
)

# Optional values outside these ranges are reading errors (a glitching sensor), left empty.
SOFT_LIMITS: Final[Mapping[str, tuple[float, float]]] = {
    **{name: limits for name, limits in PLAUSIBLE.items() if name != "elapsed_s"},
    "steps": (0.0, 1_000_000.0),
    "calories": (0.0, 50_000.0),
    "elevation_gain_m": (0.0, 20_000.0),
    "avg_contact_ms": (0.0, 2_000.0),
}


@dataclass(frozen=True)
class RowProblem:
    """A row or element that could not be read; `row` is 1-based counting the header as row 1."""

    file: str
    row: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" if self.row is not None else self.file
        return f"{where}: {self.reason}"


@dataclass
class ReadResult:
    """What a reader produced: canonical rows, per-row problems and warnings, the format name;
    watch files also what they recorded over time (connectors.streams), one per row at most,
    matched to its row by (source, source_id)."""

    format: str
    frame: pl.DataFrame = field(default_factory=empty_frame)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    streams: list[Streams] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    """One record mapped to canonical columns. `label` names it in warnings ("run.fit",
    "activities.csv, row 7"); `number` is its 1-based row or position for RowProblems."""

    values: Mapping[str, object]
    label: str
    number: int | None = None


def _utc(moment: object) -> datetime | None:
    if not isinstance(moment, datetime):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _date_problem(row: Row, filename: str, now: datetime) -> RowProblem | None:
    start = _utc(row.values.get("start_utc"))
    if start is None or EARLIEST <= start <= now + timedelta(days=1):
        return None
    name = row.values.get("name") or "an activity"
    reason = f"{name} dated {start:%Y-%m-%d} is impossible (before 1970 or in the future); skipped"
    return RowProblem(filename, row.number, reason)


def _soft_limits(values: dict[str, object], label: str, warnings: list[str]) -> None:
    for column, (low, high) in SOFT_LIMITS.items():
        value = values.get(column)
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and not low <= value <= high:  # type: ignore[operator]
            warnings.append(f"{label}: {column} {value:g} is outside {low:g}..{high:g}; left empty")
            values[column] = None
    steps = values.get("steps")
    if isinstance(steps, float):  # counted, so whole; sources write them as floats
        values["steps"] = round(steps)


_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Listed once: comparing Polars dtypes per value cost 35 ms on 3,094 rows (bench/import_bench.py)
_TEXT_COLUMNS: Final = tuple(name for name, dtype in ACTIVITY_SCHEMA.items() if dtype == pl.String)


def _clean_text(values: dict[str, object], label: str, warnings: list[str]) -> str | None:
    """Text values without control characters and within TEXT_CAPS (warned); the reason when
    an id is too long for the row to be kept."""
    for column in ("activity_id", "source_id"):
        ident = values.get(column)
        if isinstance(ident, str) and len(ident) > ID_CAP:
            return f"{label}: its {column} is {len(ident):,} characters long; skipped"
    for column in _TEXT_COLUMNS:
        text = values.get(column)
        if not isinstance(text, str):
            continue
        cap = TEXT_CAPS.get(column)
        if cap is not None and len(text) > cap:
            warnings.append(
                f"{label}: {column} is {len(text):,} characters long; kept the first {cap}"
            )
            text = text[:cap]
        values[column] = _CONTROL.sub("", text)
    return None


def finish(
    fmt: str,
    filename: str,
    rows: Iterable[Row],
    *,
    problems: Iterable[RowProblem] = (),
    warnings: Iterable[str] = (),
    now: datetime | None = None,
    zone_warning: bool = False,
) -> ReadResult:
    """The ReadResult of `rows` after the four checks of the module docstring.

    now: the instant "the future" is judged against (the clock when None; naive means UTC).
    zone_warning: add NO_ZONE_WARNING when rows were read (the caller knows the zone was unset).
    """
    now = _utc(now) or datetime.now(UTC)
    problems = list(problems)
    warnings = list(warnings)
    low, high = PLAUSIBLE["elapsed_s"]
    kept: list[dict[str, object]] = []
    seen: dict[object, str] = {}
    for row in rows:
        if (problem := _date_problem(row, filename, now)) is not None:
            problems.append(problem)
            continue
        elapsed = row.values.get("elapsed_s")
        if isinstance(elapsed, int | float) and not low <= elapsed <= high:
            reason = f"{row.label}: a duration of {elapsed:g} s is not plausible; skipped"
            problems.append(RowProblem(filename, row.number, reason))
            continue
        activity_id = row.values.get("activity_id")
        if activity_id in seen:
            reason = f"{row.label} repeats {seen[activity_id]}; imported once"
            problems.append(RowProblem(filename, row.number, reason))
            continue
        seen[activity_id] = row.label
        values = {name: row.values.get(name) for name in ACTIVITY_SCHEMA}
        if (reason := _clean_text(values, row.label, warnings)) is not None:
            problems.append(RowProblem(filename, row.number, reason))
            continue
        _soft_limits(values, row.label, warnings)
        kept.append(values)
    frame = conform(pl.DataFrame(kept, schema=ACTIVITY_SCHEMA, strict=False))
    if invalid := validate(frame):
        raise BadFile(filename, f"the rows read do not fit the activity table: {invalid}")
    if zone_warning and not frame.is_empty():
        warnings.append(NO_ZONE_WARNING)
    return ReadResult(format=fmt, frame=frame, problems=problems, warnings=warnings)


def finish_clean(
    fmt: str,
    filename: str,
    frame: pl.DataFrame,
    *,
    now: datetime | None = None,
    zone_warning: bool = False,
) -> ReadResult | None:
    """`finish` column-wise, for a reader that parsed a whole file into a frame (strava_fast):
    the ReadResult when none of finish's checks has anything to say about any row (no problem,
    no warning, nothing cut, cleaned or rounded), else None and the reader takes `finish`'s
    row-by-row path, which words each problem and warning. Then both give the same frame
    (tests/connectors/files/test_strava_fast.py)."""
    now = _utc(now) or datetime.now(UTC)
    text = [name for name in _TEXT_COLUMNS if name in frame.columns]
    low, high = PLAUSIBLE["elapsed_s"]
    start = pl.col("start_utc")
    flags = [
        (start < EARLIEST) | (start > now + timedelta(days=1)),
        ~pl.col("elapsed_s").is_between(low, high),
        pl.col("activity_id").is_duplicated(),
        *(pl.col(n).str.len_chars() > ID_CAP for n in ("activity_id", "source_id")),
        *(pl.col(n).str.len_chars() > cap for n, cap in TEXT_CAPS.items() if n in text),
        *(pl.col(n).str.contains(_CONTROL.pattern) for n in text),
        *(~pl.col(n).is_between(*SOFT_LIMITS[n]) for n in SOFT_LIMITS if n in frame.columns),
    ]
    if frame.schema.get("steps") == pl.Float64:
        flags.append(pl.col("steps") != pl.col("steps").round(0))
    flagged = frame.select(pl.any_horizontal([f.fill_null(False) for f in flags]).any()).item()
    if flagged:
        return None
    out = conform(frame)
    if invalid := validate(out):
        raise BadFile(filename, f"the rows read do not fit the activity table: {invalid}")
    warnings = [NO_ZONE_WARNING] if zone_warning and not out.is_empty() else []
    return ReadResult(format=fmt, frame=out, problems=[], warnings=warnings)
