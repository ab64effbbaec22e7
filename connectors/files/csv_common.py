"""CSV plumbing shared by the Garmin and the generic CSV readers.

Splitting a CSV whatever its delimiter and encoding, linking local wall-clock time to UTC, deciding
the decimal mark once per file, reading optional values without losing the row, and building the
canonical frame with each activity once.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from connectors import results
from connectors.errors import BadFile
from connectors.files import budget
from connectors.files.base import ImportOptions, ReadResult, RowProblem
from connectors.files.numbers import parse_duration, parse_number
from connectors.files.text import check_fields, decode_text
from connectors.results import Row
from connectors.schema import PLAUSIBLE

METRES_PER = {"km": 1000.0, "mi": 1609.344}


@dataclass(frozen=True)
class Table:
    """A CSV split into its header and numbered records (header = row 1)."""

    header: list[str]
    records: list[tuple[int, list[str]]]
    delimiter: str


def detect_delimiter(text: str) -> str:
    """The delimiter, among comma, semicolon and tab: csv.Sniffer on the first lines, else the
    one the header holds most of."""
    sample = "\n".join(text[:16384].splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max(",;\t", key=first.count)


def read_table(filename: str, data: bytes) -> Table:
    """Decode and split a CSV; BadFile when empty, binary, header-only or not CSV at all."""
    if not data.strip():
        raise BadFile(filename, "the file is empty")
    text = decode_text(filename, data).lstrip("\ufeff")
    delimiter = detect_delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise BadFile(filename, f"this is not a readable CSV file ({exc})") from exc
    numbered = [(i, row) for i, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise BadFile(filename, "the file is empty")
    (_, header), records = numbered[0], numbered[1:]
    budget.charge_rows(filename, len(records))
    if not records:
        raise BadFile(filename, "the file has a header row but no activities")
    return Table([h.strip().strip("\ufeff") for h in header], records, delimiter)


def zone(filename: str, name: str) -> tzinfo:
    """The athlete's time zone; BadFile when the setting names no IANA zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadFile(filename, f"unknown time zone {name!r}; use a name like Europe/Oslo") from exc


def local_to_utc(local: datetime, tz: tzinfo) -> datetime:
    """UTC instant of a naive wall-clock time in `tz`.

    Deterministic at DST changes (PEP 495, fold=0): an ambiguous time (clocks back) is the first
    occurrence; a time that never existed (clocks forward) uses the offset before the jump, so
    02:30 on a spring-forward night in Copenhagen is 01:30 UTC.
    """
    return local.replace(tzinfo=tz, fold=0).astimezone(UTC)


def parse_when(text: str | None) -> datetime:
    """A datetime from ISO 8601 text; ValueError with a reason a person understands."""
    s = (text or "").strip()
    if not s:
        raise ValueError("the start date is empty")
    try:
        return datetime.fromisoformat(s)
    except ValueError:
        raise ValueError(
            f"the start {s!r} is not a date boneload can read; use ISO 8601 such as "
            "2026-03-01 07:12:45 (day/month order is never guessed)"
        ) from None


def start_times(when: datetime, tz: tzinfo, naive_is_utc: bool) -> tuple[datetime, datetime]:
    """(start_utc, start_local) from a parsed start; ValueError near year 1 or 9999."""
    try:
        if when.tzinfo is not None:
            utc = when.astimezone(UTC)
        elif naive_is_utc:
            utc = when.replace(tzinfo=UTC)
        else:
            return local_to_utc(when, tz), when
        return utc, utc.astimezone(tz).replace(tzinfo=None)
    except OverflowError:
        raise ValueError(f"the start {when.isoformat()} is out of range") from None


_COMMA_DECIMAL = re.compile(r"^-?\d+,(\d{1,2}|\d{4,})$|\d\.\d{3},\d")
_POINT_DECIMAL = re.compile(r"^-?\d+\.(\d{1,2}|\d{4,})$|\d,\d{3}\.\d")


def guess_decimal(values: Iterable[str], default: str = ".") -> str:
    """The decimal mark, "," or ".": the one the numbers show evidence for, else `default`.

    "5,02" or "1.337,5" show a decimal comma; "5.02" or "1,337.5" a decimal point; "1,337"
    alone proves nothing (a thousands separator, as Garmin writes "1,337" kcal).
    """
    comma = point = 0
    for value in values:
        v = value.strip()
        comma += bool(_COMMA_DECIMAL.search(v))
        point += bool(_POINT_DECIMAL.search(v))
    if comma == point:
        return default
    return "," if comma > point else "."


def finish(
    fmt: str,
    filename: str,
    rows: list[tuple[int, dict[str, object]]],
    problems: list[RowProblem],
    options: ImportOptions,
    notes: Notes,
) -> ReadResult:
    """The rows through the shared finish step (results.finish), each activity once (a repeat
    becomes a RowProblem), with the notes' warnings and the speed check's."""
    seen: dict[object, int] = {}
    kept = []
    for number, row in rows:
        first = seen.setdefault(row["activity_id"], number)
        if first != number:
            problems.append(
                RowProblem(
                    filename,
                    number,
                    f"the same activity as row {first} (same start, "
                    "type and duration); imported once",
                )
            )
            continue
        kept.append(Row(row, f"{filename}, row {number}", number))
    result = results.finish(
        fmt, filename, kept, problems=problems, warnings=notes.warnings(), now=options.now
    )
    result.warnings += speed_warnings(result.frame, options.distance_unit)
    return result


class Notes:
    """Optional values that could not be read or were implausible: left empty, told once."""

    def __init__(self) -> None:
        self.rows: dict[str, list[int]] = {}

    def add(self, column: str, row: int) -> None:
        self.rows.setdefault(column, []).append(row)

    def warnings(self) -> list[str]:
        out = []
        for column, rows in self.rows.items():
            shown = ", ".join(map(str, rows[:5])) + (", ..." if len(rows) > 5 else "")
            out.append(
                f"{column!r}: {len(rows)} value(s) could not be read or looked implausible "
                f"(row {shown}); those values were left empty."
            )
        return out


def optional_value(
    raw: str | None,
    *,
    column: str,
    row: int,
    notes: Notes,
    decimal: str = ".",
    scale: float = 1.0,
    field: str | None = None,
    duration: bool = False,
    zero_is_missing: bool = False,
) -> float | None:
    """A number (or seconds) from a cell, scaled; None when missing, unreadable or implausible."""
    if raw is None:
        return None
    try:
        value = parse_duration(raw) if duration else parse_number(raw, decimal)
    except ValueError:
        value = math.nan
    if value is None or (zero_is_missing and value == 0):
        return None
    value *= scale
    low, high = PLAUSIBLE.get(field or "", (-math.inf, math.inf))
    if not (math.isfinite(value) and low <= value <= high):
        notes.add(column, row)
        return None
    return value


def duration_or_problem(raw: str | None, column: str) -> float | None:
    """Seconds from a duration cell; None for missing or zero; ValueError when unreadable."""
    try:
        value = parse_duration(raw)
    except ValueError:
        raise ValueError(f"the {column!r} value {raw!r} is not a duration") from None
    if value is None or value == 0:
        return None
    low, high = PLAUSIBLE["elapsed_s"]
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"the {column!r} value {raw!r} is not a plausible duration")
    return value


def fit_row(cells: list[str], width: int) -> list[str]:
    """Cells padded to the header's width; ValueError when the row has more non-empty values,
    or a value longer than text.MAX_FIELD."""
    check_fields(cells)
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        raise ValueError(
            f"the row has {len(cells)} values but the header has {width} columns "
            "(a value with an unquoted comma or semicolon?)"
        )
    return cells[:width] + [""] * (width - len(cells))


# Median speeds outside these look like the wrong distance unit (km/h; beginners' run-walks
# included at the low end, well past elite racing at the high end).
PLAUSIBLE_KMH = {"run": (4.0, 20.0), "walk": (2.5, 7.5)}
_UNIT_WORDS = {"km": ("kilometres", "km"), "mi": ("miles", "mi")}


def speed_warnings(frame: pl.DataFrame, unit: str) -> list[str]:
    """Plain-language warnings when median run or walk speed suggests the other distance unit.

    Speed = distance_m / (moving_s, else elapsed_s), median per sport family, in km/h.
    """
    other = "mi" if unit == "km" else "km"
    factor = METRES_PER[other] / METRES_PER[unit]
    seconds = pl.coalesce("moving_s", "elapsed_s")
    out = []
    for sport, (low, high) in PLAUSIBLE_KMH.items():
        kmh = frame.filter(
            (pl.col("sport") == sport) & (pl.col("distance_m") > 0) & (seconds > 0)
        ).select((pl.col("distance_m") / 1000 / (seconds / 3600)).median())
        median = kmh.item() if kmh.height else None
        if median is None or low <= median <= high:
            continue
        said = f"The median {sport} speed is {median:.1f} km/h, which is implausible"
        if low <= median * factor <= high:
            word, flag = _UNIT_WORDS[other]
            out.append(
                f"{said}: distances look like {word}; choose {word} in Settings or "
                f"--distance-unit {flag}, then import again."
            )
        else:
            out.append(f"{said}; check the distance unit and the activity types.")
    return out
