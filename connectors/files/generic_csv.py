"""Any CSV of activities, read through a column map the athlete supplies.

The map says, for each canonical field, which of the file's columns holds it
(`options.column_map`, or `--map "start_local=When,sport_type=What,elapsed_s=Duration"`).

Rules, kept explicit so nothing is guessed silently:
- Required: a start (`start_local` or `start_utc`), `elapsed_s`, and `sport_type` or `sport`.
- A value starting with "=" is a fixed value for every row instead of a column name, allowed for
  the text fields sport_type, sport, name and gear: `sport==run` on the command line (key `sport`,
  value `=run`) says every row is a run.
- Dates: ISO 8601 only ("2026-03-01T07:12:45", "2026-03-01 07:12", with or without an offset or
  "Z"). "01/03/2026" is refused row by row: day-first and month-first are never guessed.
  A naive `start_local` is wall clock in options.timezone; a naive `start_utc` is UTC; a value
  with an offset is that instant, shown as local time in options.timezone.
- Durations: seconds ("2293", "2293.5") or h:mm:ss / mm:ss ("0:38:13", "38:13").
- Distance is in options.distance_unit (km or mi); elevation gain in metres; cadence in steps/min.
- Numbers may use decimal commas (decided once per file, see guess_decimal).

The CSV plumbing shared with the Garmin reader lives in csv_common.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from connectors.errors import BadFile, BoneloadError
from connectors.files import csv_common as cc
from connectors.files import garmin_languages
from connectors.files.base import FileReader, ImportOptions, ReadResult, RowProblem
from connectors.files.text import head_text
from connectors.schema import content_id, stable_id

NAME: Final = "generic_csv"
FIELDS: Final[Mapping[str, str]] = {
    "start_local": "start, local wall-clock time (ISO 8601)",
    "start_utc": "start in UTC (ISO 8601)",
    "sport_type": "activity type as the file names it",
    "sport": "sport family (run, walk, hike, ride, swim, strength), or a fixed value like =run",
    "elapsed_s": "duration, start to finish: seconds or h:mm:ss",
    "moving_s": "moving time: seconds or h:mm:ss",
    "distance_m": "distance, in the chosen distance unit (km or mi)",
    "name": "title",
    "avg_hr": "average heart rate, bpm",
    "max_hr": "maximum heart rate, bpm",
    "avg_cadence_spm": "average cadence, steps per minute",
    "steps": "total steps",
    "gear": "shoe or bike",
    "rpe": "perceived exertion, 0-10",
    "calories": "kilocalories",
    "elevation_gain_m": "elevation gain, metres",
}
FIXED_ALLOWED: Final = frozenset({"sport_type", "sport", "name", "gear"})


class BadColumnMap(BoneloadError, ValueError):
    """A column map that cannot be used (malformed --map text, unknown field names)."""


# --- the column map -------------------------------------------------------------------------


def parse_map_arg(text: str) -> dict[str, str]:
    """`--map "start_local=When,sport_type=What,elapsed_s=Duration"` as a dict.

    Items are comma-separated `field=column`; quote an item ("distance_m=Distance, km") when the
    column name holds a comma. Raises BadColumnMap (a BoneloadError and a ValueError).
    """
    try:
        items = next(csv.reader([text.strip()], skipinitialspace=True), [])
    except csv.Error as exc:
        raise BadColumnMap(f"--map could not be read: {exc}") from exc
    result: dict[str, str] = {}
    for item in (i.strip() for i in items):
        if not item:
            continue
        key, sep, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise BadColumnMap(f"--map item {item!r} is not field=column (e.g. elapsed_s=Duration)")
        if key not in FIELDS:
            raise BadColumnMap(f"--map: unknown field {key!r}; known fields: {', '.join(FIELDS)}")
        if key in result:
            raise BadColumnMap(f"--map names {key!r} twice")
        result[key] = value
    if not result:
        raise BadColumnMap("--map is empty; give field=column pairs, e.g. elapsed_s=Duration")
    check_fixed(result)
    return result


def check_fixed(column_map: Mapping[str, str]) -> None:
    """Fixed "=value" entries are allowed for text fields only."""
    for key, value in column_map.items():
        if key not in FIELDS:
            raise BadColumnMap(f"unknown field {key!r} in the column map")
        if value.startswith("=") and key not in FIXED_ALLOWED:
            raise BadColumnMap(
                f"{key} must name a column; only {', '.join(sorted(FIXED_ALLOWED))} "
                "may be fixed values like =run"
            )


# field, names matched whole (after normalising), groups of words a name may contain ("|" between)
_GUESSES: Final = tuple(
    (field, tuple(names.split("|")), tuple(words.split("|")))
    for field, names, words in (
        ("start_utc", "start_utc|start utc|date utc|start time utc", "utc"),
        ("start_local", "start_local|start|start time|date|datetime|date time|activity date|"
         "start date|when|timestamp|dato|datum", "date|start"),
        ("sport_type", "sport_type|activity type|type|sport|activity|sport type", "type|sport"),
        ("moving_s", "moving_s|moving time|moving", "moving"),
        ("elapsed_s", "elapsed_s|elapsed time|duration|time|total time|elapsed|varighed|"
         "varighet|dauer", "duration|elapsed"),
        ("distance_m", "distance_m|distance|dist|km|miles|mi", "distance"),
        ("name", "name|title|activity name", "title|name"),
        ("max_hr", "max_hr|max hr|max heart rate|maximum heart rate|max pulse",
         "max hr|max heart|maximum heart|max pulse|max puls"),
        ("avg_hr", "avg_hr|avg hr|average heart rate|avg heart rate|hr|heart rate|pulse|puls",
         "hr|heart|pulse|puls"),
        ("avg_cadence_spm", "avg_cadence_spm|cadence|avg cadence|average cadence", "cadence"),
        ("steps", "steps|total steps", "steps"),
        ("gear", "gear|shoe|shoes", "gear|shoe|shoes"),
        ("rpe", "rpe|perceived exertion|effort", "rpe|exertion"),
        ("calories", "calories|kcal|energy", "calories|kcal"),
        ("elevation_gain_m", "elevation_gain_m|elevation gain|total ascent|ascent|climb",
         "ascent|elevation"),
    )
)  # fmt: skip


def _norm(name: str) -> str:
    return " ".join(re.sub(r"\(.*?\)|[^\w]+", " ", name.lower()).split())


def suggest_map(columns: Iterable[str]) -> dict[str, str]:
    """A first guess of the column map from common column names; each column used once.

    Whole-name matches win over word matches; "max hr" is never taken for the average. A Garmin
    Connect export in a language boneload does not read yet starts from the places Garmin
    always puts its columns (garmin_languages.position_map).
    """
    columns = list(columns)
    found: dict[str, str] = garmin_languages.position_map(columns)
    if found:
        return found
    for exact in (True, False):
        for field, names, words in _GUESSES:
            if field in found or (field == "start_local" and "start_utc" in found):
                continue
            for column in columns:
                n = _norm(column)
                hit = n in names if exact else any(set(w.split()) <= set(n.split()) for w in words)
                if hit and column not in found.values():
                    found[field] = column
                    break
    return found


def csv_columns(filename: str, data: bytes) -> list[str]:
    """The header of any CSV (for the mapping form). BadFile when there is none."""
    return cc.read_table(filename, data).header


# --- reading --------------------------------------------------------------------------------

# field -> (in the distance unit?, does 0 mean missing?)
_NUMBERS: Final = {
    "moving_s": (False, True), "distance_m": (True, True), "elevation_gain_m": (False, False),
    "avg_hr": (False, True), "max_hr": (False, True), "avg_cadence_spm": (False, True),
    "steps": (False, True), "rpe": (False, False), "calories": (False, False),
}  # fmt: skip


@dataclass(frozen=True)
class _Mapped:
    """The resolved map of one file: where each field is, and how its numbers are written."""

    where: dict[str, int | str]
    header: list[str]
    decimal: str
    unit_m: float
    notes: cc.Notes

    def cell(self, cells: list[str], field: str) -> str | None:
        spot = self.where.get(field)
        return cells[spot] if isinstance(spot, int) else spot

    def text(self, cells: list[str], field: str) -> str | None:
        return (self.cell(cells, field) or "").strip() or None

    def label(self, field: str) -> str:
        spot = self.where.get(field, field)
        return self.header[spot] if isinstance(spot, int) else field

    def number(self, cells: list[str], row: int, field: str) -> float | None:
        in_unit, zero_is_missing = _NUMBERS[field]
        return cc.optional_value(
            self.cell(cells, field), column=self.label(field), row=row, notes=self.notes,
            decimal=self.decimal, scale=self.unit_m if in_unit else 1.0, field=field,
            zero_is_missing=zero_is_missing, duration=field == "moving_s",
        )  # fmt: skip


def _resolve(filename: str, table: cc.Table, column_map: Mapping[str, str]) -> dict[str, int | str]:
    """field -> the column's index, or the fixed text of an "=value" entry."""
    column_map = {k: v.strip() for k, v in column_map.items() if v and v.strip()}
    try:
        check_fixed(column_map)
    except BadColumnMap as exc:
        raise BadFile(filename, str(exc)) from exc
    listing = ", ".join(repr(c) for c in table.header)

    def fail(reason: str) -> BadFile:
        return BadFile(filename, f"{reason}. The file's columns are: {listing}")

    starts = [k for k in ("start_local", "start_utc") if k in column_map]
    if len(starts) == 2:
        raise BadFile(filename, "map start_local or start_utc, not both")
    missing = [] if starts else ["start_local (or start_utc)"]
    if "sport_type" not in column_map and "sport" not in column_map:
        missing.append("sport_type (or a fixed sport such as =run)")
    if "elapsed_s" not in column_map:
        missing.append("elapsed_s")
    if missing:
        raise fail(f"map these fields before importing: {', '.join(missing)}")
    where: dict[str, int | str] = {}
    for field, column in column_map.items():
        if column.startswith("="):
            where[field] = column[1:].strip()
            continue
        # the exact name first, then ignoring case; the first of repeated names
        found = [i for i, h in enumerate(table.header) if h == column] or [
            i for i, h in enumerate(table.header) if h.casefold() == column.casefold()
        ]
        if not found:
            raise fail(f"column {column!r} (mapped to {field}) is not in the file")
        where[field] = found[0]
    return where


def read(filename: str, data: bytes, options: ImportOptions) -> ReadResult:
    """Rows of any CSV through options.column_map; see the module docstring for the rules."""
    table = cc.read_table(filename, data)
    where = _resolve(filename, table, options.column_map)
    tz = cc.zone(filename, options.timezone)
    numeric = [i for f, i in where.items() if f in _NUMBERS and isinstance(i, int)]
    decimal = cc.guess_decimal(
        cells[i] for _, cells in table.records for i in numeric if i < len(cells)
    )
    m = _Mapped(where, table.header, decimal, cc.METRES_PER[options.distance_unit], cc.Notes())
    utc_field = "start_utc" in where
    rows, problems = [], []
    for number, raw in table.records:
        try:
            cells = cc.fit_row(raw, len(table.header))
            when = cc.parse_when(m.cell(cells, "start_utc" if utc_field else "start_local"))
            start_utc, start_local = cc.start_times(when, tz, utc_field)
            sport_type = m.text(cells, "sport_type") or m.text(cells, "sport")
            if not sport_type:
                raise ValueError("the activity type is empty")
            elapsed = cc.duration_or_problem(m.cell(cells, "elapsed_s"), m.label("elapsed_s"))
            if elapsed is None:
                raise ValueError(f"the duration ({m.label('elapsed_s')!r}) is empty")
        except ValueError as exc:
            problems.append(RowProblem(filename, number, str(exc)))
            continue
        source_id = content_id(start_local.isoformat(), sport_type, round(elapsed))
        row: dict[str, object] = {f: m.number(cells, number, f) for f in _NUMBERS}
        row.update(
            activity_id=stable_id("csv", source_id),
            source=NAME,
            source_id=source_id,
            # every Garmin language table's type names too ("Laufbandtraining" is a run)
            sport=garmin_languages.family(m.text(cells, "sport") or sport_type, None),
            sport_type=sport_type,
            name=m.text(cells, "name"),
            gear=m.text(cells, "gear"),
            start_utc=start_utc,
            start_local=start_local,
            timezone=options.timezone,
            elapsed_s=elapsed,
        )
        rows.append((number, row))
    return cc.finish(NAME, filename, rows, problems, options, m.notes)


def sniff(filename: str, head: bytes) -> bool:
    """Any delimited text with a header of two or more columns. The registry never sniffs this
    reader (it would accept every CSV); the Import page uses it to offer the mapping form."""
    lines = head_text(head).lstrip("\ufeff").splitlines() or [""]
    try:
        header = next(csv.reader([lines[0]], delimiter=cc.detect_delimiter(lines[0])), [])
    except csv.Error:
        return False
    return len([h for h in header if h.strip()]) >= 2


READER = FileReader(name=NAME, label="Other CSV (columns mapped by you)", sniff=sniff, read=read)
