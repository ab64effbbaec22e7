"""What the JSON export readers (Fitbit Takeout, Garmin account export) share.

Parsing JSON from strangers (too deep a nesting is a BadFile, not a crash), numbers as the
exports write them, the export's JSON files one at a time, and the loop that turns entries into
canonical rows: an entry that cannot be read becomes a RowProblem naming the file and the
entry's position (1-based), an entry seen before (two files holding the same log) is read once,
and a sensor value out of range is left empty with a warning.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from connectors.errors import BadFile
from connectors.files.archive import SafeZip
from connectors.files.base import ImportOptions, ReadResult, RowProblem
from connectors.files.budget import OverBudget
from connectors.files.numbers import parse_number
from connectors.files.text import decode_text
from connectors.results import Row, finish


class EntryError(ValueError):
    """A reason one entry (a log, an activity summary) cannot be read."""


def load_json(filename: str, data: bytes) -> Any:
    """The decoded JSON document (any text encoding decode_text reads). BadFile otherwise."""
    text = decode_text(filename, data)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadFile(filename, f"not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    except RecursionError as exc:
        raise BadFile(filename, "the JSON is nested too deeply to be an export file") from exc


def number(entry: Mapping[str, Any], key: str) -> float | None:
    """A finite float from a JSON number or numeric text ("1.2E-4", "1,337"); None when absent.

    Raises EntryError for anything else (text, true/false, infinities, 1e999).
    """
    value = entry.get(key)
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError
        result = parse_number(value) if isinstance(value, str) else float(value)
    except (ValueError, OverflowError):
        raise EntryError(f"{key} is {str(value)[:40]!r}, not a number") from None
    if result is not None and not math.isfinite(result):
        raise EntryError(f"{key} is {str(value)[:40]!r}, not a finite number")
    return result


def first_number(entry: Mapping[str, Any], *keys: str) -> float | None:
    """The first of `keys` that holds a number."""
    for key in keys:
        found = number(entry, key)
        if found is not None:
            return found
    return None


def check_range(value: float | None, what: str, low: float, high: float, unit: str) -> None:
    """EntryError when a hard value (duration, distance) is outside low..high."""
    if value is not None and not low <= value <= high:
        raise EntryError(
            f"{what} of {value:g} {unit} is impossible (expected {low:g} to {high:g} {unit})"
        )


def archive_files(
    archive: SafeZip, wanted: Callable[[str], bool], key: Callable[[str], Any] = str
) -> Iterator[tuple[str, bytes | BadFile]]:
    """(label, bytes) of each wanted member in `key` order, read one at a time; a member that
    cannot be unpacked comes as its BadFile."""
    for name in sorted((m.name for m in archive.members() if wanted(m.name)), key=key):
        label = f"{archive.filename}/{name}"
        try:
            yield label, archive.read(name)
        except OverBudget:
            raise  # the upload as a whole is over its budget: reading stops
        except BadFile as exc:
            yield label, exc


@dataclass
class Collected:
    """Rows read from an export's JSON files, and what could not be read."""

    rows: list[Row] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: int = 0
    repeats: int = 0


def collect(
    files: Iterable[tuple[str, bytes | BadFile]],
    entries: Callable[[str, bytes], list[Any]],
    convert: Callable[[Any], dict[str, object] | None],
    noun: str,
    alone: bool,
) -> Collected:
    """Every entry of every file through `convert` (None: pass over it silently).

    A file that cannot be read becomes a problem; when it is read `alone` (not from an
    archive) its BadFile is raised instead: that file is the whole import.
    """
    out = Collected()
    seen: set[object] = set()
    for label, content in files:
        try:
            if isinstance(content, BadFile):
                raise content
            items = entries(label, content)
        except BadFile as exc:
            if alone:
                raise
            out.problems.append(RowProblem(exc.file, None, exc.reason))
            continue
        out.files += 1
        for position, item in enumerate(items, start=1):
            try:
                row = convert(item)
            except (ValueError, TypeError, ArithmeticError) as exc:  # EntryError is a ValueError
                reason = "a date or number out of range" if isinstance(exc, OverflowError) else exc
                out.problems.append(RowProblem(label, None, f"{noun} {position}: {reason}"))
                continue
            if row is None:
                continue
            if row["activity_id"] in seen:
                out.repeats += 1
                continue
            seen.add(row["activity_id"])
            out.rows.append(Row(row, f"{label}, {noun} {position}"))
    return out


def to_result(fmt: str, filename: str, collected: Collected, options: ImportOptions) -> ReadResult:
    """The rows through the shared finish step, with the warnings every JSON export earns
    (repeats, no time zone)."""
    warnings = list(collected.warnings)
    if repeats := collected.repeats:
        what = "activity appears" if repeats == 1 else "activities appear"
        warnings.append(f"{repeats} {what} in more than one file; read once")
    return finish(
        fmt,
        filename,
        collected.rows,
        problems=collected.problems,
        warnings=warnings,
        now=options.now,
        zone_warning=options.timezone == "UTC",
    )
