"""Strava "Download your data": the export zip (export_<id>.zip) or its activities.csv.

Reads activities.csv of every vintage seen (79, 94 and 103 columns) and the German localised
export (best-effort header table in strava_columns.py). Mapping into the canonical frame:

- activity_id = stable_id("strava", Activity ID): the Strava API connector uses the same prefix,
  so one activity imported both ways gets one id. source = "strava_export".
- "Activity Date" is UTC; start_local is that instant on the athlete's wall clock in
  options.timezone (the file does not say where the athlete was).
- distance_m: the second "Distance" (metres). When it is empty, the first (display units) is
  converted: km, or miles when options.distance_unit is "mi"; swims are in metres (yards for "mi").
- elapsed_s: the second "Elapsed Time" (float), else the first (int). moving_s: "Moving Time".
- avg_cadence_spm: Strava writes foot-sport cadence per leg (strides/min, 80-90 for a run).
  For run, walk and hike a value below 120 is doubled to steps/min; 120 and above is taken to
  be steps/min already (no human strides 120 times a minute per leg).
- rpe: "Perceived Exertion" (Strava's 1-10). gear: "Activity Gear" (the name, not "Gear" ids).
- In the export zip, empty cadence, steps, contact time, heart rate and elevation values are
  filled from each row's own FIT, GPX or TCX file ("Filename"; see strava_enrich).

Row numbers in problems are what a spreadsheet shows: header = row 1, first record = row 2,
counted by CSV record, so a description spanning several lines stays one row. A row with a
bad date, no id, text where a number belongs, a negative or absurd duration or distance, or a
start before 1970 becomes a RowProblem; the other rows are kept. Starts in the future are not
checked here (a reader has no clock): that is the caller's job. A sensor value out of range
(heart rate 300, RPE 12) is left empty with a warning rather than losing the activity.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from connectors.errors import BadFile
from connectors.files import budget, strava_fast
from connectors.files.archive import SafeZip, head_names, is_zip
from connectors.files.base import FileReader, ImportOptions, ReadResult, RowProblem
from connectors.files.strava_columns import GERMAN_TYPES, Header, parse_utc, parse_value
from connectors.files.text import (
    MAX_FIELD,
    check_fields,
    decode_text,
    head_text,
    looks_binary,
)
from connectors.results import Row, finish
from connectors.schema import sport_family, stable_id

FORMAT = "strava_export"
ID_PREFIX = "strava"
_WEEK_S = 7 * 24 * 3600.0
_ID = re.compile(r"(\d+)(?:\.0+)?")
# Optional sensor values: outside these the value is dropped with a warning (schema.PLAUSIBLE).
_FOOT_SPORTS = ("run", "walk", "hike")


class _RowError(ValueError):
    """A reason this row cannot be read."""


class _Row:
    """One record, addressed by canonical column name and occurrence."""

    def __init__(self, header: Header, cells: Sequence[str]) -> None:
        try:
            check_fields(cells)
        except ValueError as exc:
            raise _RowError(str(exc)) from None
        self.header, self.cells = header, cells

    def text(self, name: str, nth: int | None = None) -> str | None:
        """Stripped cell text, None when empty; nth=None takes the last non-empty copy."""
        order = [nth] if nth is not None else range(self.header.count(name) - 1, -1, -1)
        for n in order:
            i = self.header.index(name, n)
            if i is not None and i < len(self.cells) and self.cells[i].strip():
                return self.cells[i].strip()
        return None

    def number(self, name: str, nth: int | None = None) -> float | None:
        text = self.text(name, nth)
        try:
            return parse_value(text, self.header.locale)
        except ValueError:
            label = self.header.labels[self.header.index(name, nth or 0) or 0]
            raise _RowError(f"{label!r} is {text!r}, not a number") from None


def _strava_id(text: str | None) -> str:
    if text is None:
        raise _RowError("it has no Activity ID")
    m = _ID.fullmatch(text)
    if m is None:
        raise _RowError(f"the Activity ID {text!r} is not a Strava id (was it saved by Excel?)")
    return m.group(1)


def _hard(value: float | None, label: str, low: float, high: float) -> float | None:
    if value is not None and not low <= value <= high:
        raise _RowError(f"{label} {value:g} is impossible (expected {low:g} to {high:g})")
    return value


def _distance_m(row: _Row, sport: str, unit: str) -> float | None:
    metres = row.number("Distance", 1) if row.header.count("Distance") > 1 else None
    if metres is not None:
        return metres
    shown = row.number("Distance", 0)
    if shown is None:
        return None
    if sport == "swim":
        return shown * (0.9144 if unit == "mi" else 1.0)
    return shown * (1609.344 if unit == "mi" else 1000.0)


def _activity(row: _Row, zone: ZoneInfo, options: ImportOptions) -> dict[str, object]:
    source_id = _strava_id(row.text("Activity ID"))
    date_text = row.text("Activity Date")
    if date_text is None:
        raise _RowError("it has no Activity Date")
    try:
        start_utc = parse_utc(date_text)
        start_local = start_utc.astimezone(zone).replace(tzinfo=None)
    except (ValueError, OverflowError) as exc:
        raise _RowError(f"the Activity Date {date_text!r} cannot be read: {exc}") from None
    if start_utc.year < 1970:
        raise _RowError(f"the Activity Date {date_text!r} is before 1970")
    sport_type = row.text("Activity Type") or row.text("Type")
    if sport_type is None:
        raise _RowError("it has no Activity Type")
    sport = sport_family(GERMAN_TYPES.get(sport_type.casefold(), sport_type))
    elapsed = row.number("Elapsed Time", 1) if row.header.count("Elapsed Time") > 1 else None
    if elapsed is None:
        elapsed = row.number("Elapsed Time", 0)
    if elapsed is None:
        raise _RowError("it has no Elapsed Time")
    out: dict[str, object] = {
        "activity_id": stable_id(ID_PREFIX, source_id),
        "source": FORMAT,
        "source_id": source_id,
        "sport": sport,
        "sport_type": sport_type,
        "name": row.text("Activity Name"),
        "start_utc": start_utc,
        "start_local": start_local,
        "timezone": options.timezone,
        "elapsed_s": _hard(elapsed, "Elapsed Time", 1, _WEEK_S),
        "moving_s": _hard(row.number("Moving Time"), "Moving Time", 0, _WEEK_S),
        "distance_m": _hard(_distance_m(row, sport, options.distance_unit), "Distance", 0, 1e6),
        "elevation_gain_m": row.number("Elevation Gain"),
        "avg_hr": row.number("Average Heart Rate") or None,  # 0 means "no sensor"
        "max_hr": row.number("Max Heart Rate") or None,
        "avg_cadence_spm": row.number("Average Cadence"),
        "steps": row.number("Total Steps"),
        "gear": row.text("Activity Gear"),
        "rpe": row.number("Perceived Exertion"),
        "calories": row.number("Calories"),
    }
    cadence = out["avg_cadence_spm"]
    if sport in _FOOT_SPORTS and isinstance(cadence, float) and cadence < 120:
        out["avg_cadence_spm"] = cadence * 2
    return out


def _table(filename: str, text: str) -> tuple[Header, list[tuple[int, list[str]]]]:
    """The header and the non-blank records with their spreadsheet row numbers.

    Strava writes commas; spreadsheet re-saves may use ";" or tabs, tried when commas fail.
    """
    for delimiter in (",", ";", "\t"):
        try:
            records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:
            raise BadFile(filename, f"cannot be read as CSV ({exc})") from exc
        filled = [(n + 1, r) for n, r in enumerate(records) if any(c.strip() for c in r)]
        if not filled:
            raise BadFile(filename, "the file is empty")
        header = Header.parse(filled[0][1])
        if header.is_strava():
            if len(filled) == 1:
                raise BadFile(filename, "the file has a header but no activities")
            budget.charge_rows(filename, len(filled) - 1)
            return header, filled[1:]
    raise BadFile(
        filename,
        "this is not a Strava activities.csv: it has no 'Activity ID' and 'Activity Date' columns",
    )


def _activities(
    filename: str,
    header: Header,
    body: list[tuple[int, list[str]]],
    zone: ZoneInfo,
    options: ImportOptions,
    problems: list[RowProblem],
    column_wise: bool = True,
) -> list[tuple[int, dict[str, object]]]:
    """(row number, canonical values) in file order: plain rows column-wise (strava_fast),
    the others row by row; a row that cannot be read becomes a RowProblem."""
    plain: dict[int, dict[str, object]] = {}
    if column_wise:
        try:
            short = [(n, c) for n, c in body if max(map(len, c), default=0) <= MAX_FIELD]
            plain, _ = strava_fast.parse(header, short, options.timezone, options.distance_unit)
        except pl.exceptions.PolarsError:  # e.g. a zone Polars does not know: row by row
            plain = {}
    out = []
    for number, cells in body:
        activity = plain.get(number)
        if activity is None:
            try:
                activity = _activity(_Row(header, cells), zone, options)
            except (ValueError, OverflowError) as exc:  # _RowError is a ValueError
                problems.append(RowProblem(filename, number, str(exc)))
                continue
        out.append((number, activity))
    return out


def read_activities_csv(filename: str, text: str, options: ImportOptions) -> ReadResult:
    """Read the text of a Strava activities.csv into canonical rows (not enriched: see
    read_export_zip)."""
    try:
        zone = ZoneInfo(options.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadFile(filename, f"the time zone {options.timezone!r} is not known") from exc
    header, body = _table(filename, text)
    clean = strava_fast.read_clean(FORMAT, filename, header, body, options, MAX_FIELD)
    if clean is not None:
        return clean
    rows: list[Row] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for number, activity in _activities(filename, header, body, zone, options, problems):
        source_id = str(activity["source_id"])
        if source_id in seen:
            reason = f"Activity ID {source_id} already appears in row {seen[source_id]}"
            problems.append(RowProblem(filename, number, reason))
            continue
        seen[source_id] = number
        rows.append(Row(activity, f"{filename}, row {number}", number))
    problems.sort(key=lambda p: p.row or 0)
    return finish(
        FORMAT,
        filename,
        rows,
        problems=problems,
        warnings=[],
        now=options.now,
        zone_warning=options.timezone == "UTC",
    )


def uploads(filename: str, text: str) -> dict[str, str]:
    """Activity ID -> "Filename" (activities/<upload id>.fit.gz ...) for rows that have both."""
    header, body = _table(filename, text)
    found = {}
    for _, cells in body:
        row = _Row(header, cells)
        with contextlib.suppress(_RowError):
            if upload := row.text("Filename"):
                found[_strava_id(row.text("Activity ID"))] = upload
    return found


def read_export_zip(filename: str, data: bytes, options: ImportOptions) -> ReadResult:
    """Read a whole export zip: its activities.csv at the top level or one folder down, each
    row enriched from its own activity file (strava_enrich)."""
    archive = SafeZip(filename, data)
    member = archive.find("activities.csv")
    if member is None:
        raise BadFile(
            filename,
            "this zip has no activities.csv, so it is not a Strava 'Download your data' export",
        )
    inner = f"{filename}/{member}"
    text = decode_text(inner, archive.read(member))
    result = read_activities_csv(inner, text, options)
    # Imported here: enriching loads the FIT, GPX and TCX readers, which a bare activities.csv
    # does not need (bench/import_bench.py).
    from connectors.files import strava_enrich

    return strava_enrich.enrich(result, archive, member, uploads(inner, text), options)


def read(filename: str, data: bytes, options: ImportOptions) -> ReadResult:
    """The export zip or a bare activities.csv, told apart by content."""
    if is_zip(data):
        return read_export_zip(filename, data, options)
    return read_activities_csv(filename, decode_text(filename, data), options)


def sniff(filename: str, head: bytes) -> bool:
    """A zip with an activities.csv, or CSV text with Strava's header (English or German)."""
    if is_zip(head):
        return any(n.rsplit("/", 1)[-1].lower() == "activities.csv" for n in head_names(head))
    if looks_binary(head):
        return False
    lines = [line for line in head_text(head).splitlines() if line.strip()]
    if not lines:
        return False
    try:
        return any(
            Header.parse(next(csv.reader([lines[0]], delimiter=d))).is_strava() for d in ",;\t"
        )
    except csv.Error:
        return False


READER = FileReader(
    name=FORMAT, label="Strava export (zip or activities.csv)", sniff=sniff, read=read
)
