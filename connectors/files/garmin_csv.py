"""Garmin Connect's activities list "Export CSV" (Activities.csv), in every language read.

What the file looks like (shared/formats.md, tests/fixtures/garmin/SOURCES.md): one row per
activity, written in the language of the account. Headers and activity types are matched through
one data table per language (garmin_languages/<code>.toml); the language is the table that names
most of the header. A file with Garmin's shape in a language without a table is refused by name,
and the mapping form starts from the positions Garmin always uses (garmin_languages.POSITIONS).

Values: mostly quoted; thousands separators ("1,337"); "--" and "--:--:--" mean missing; "0:00",
"0.0", "00:00:00" are placeholders. The decimal mark is decided per file from its numbers (real
exports in every language mostly use points; some use commas, "3,40"), then checked against the
file's own pace column (garmin_units).

Units: the distance unit is told by the file itself (garmin_units: stride x cadence x time /
distance is about 1000 for km, 1609 for miles), else options.distance_unit; what was detected is
said in the warnings, and a setting that disagrees is named. Swims are in metres; Total Ascent is
in feet with miles (statute units). Cadence is read for foot activities only (a ride's "cadence"
is pedal rpm in the same column). "Date" is local wall clock: start_utc through options.timezone.
elapsed_s is the elapsed-time column, else the timer time; moving_s the moving-time column.
A distance, heart rate, cadence or step count of 0 means "not recorded" and is left empty.

Ids: the file has none, so source_id = content_id(start_local ISO, type, whole seconds of
elapsed_s): reading the same file again gives the same ids.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from datetime import tzinfo
from typing import Final

from connectors.errors import BadFile
from connectors.files import csv_common as cc
from connectors.files import garmin_languages as gl
from connectors.files import garmin_units as units
from connectors.files.base import FileReader, ImportOptions, ReadResult, RowProblem
from connectors.files.numbers import parse_duration, parse_number
from connectors.files.text import head_text
from connectors.schema import content_id, stable_id

NAME: Final = "garmin_csv"
FEET_TO_M: Final = 0.3048
FOOT: Final = frozenset({"run", "walk", "hike"})
_NUMERIC: Final = ("distance", "calories", "avg_hr", "max_hr", "cadence", "ascent", "steps",
                   "stride", "contact")  # fmt: skip

Cells = list[str]


def _first_line(head: bytes) -> list[str]:
    lines = head_text(head).lstrip("\ufeff").splitlines() or [""]
    try:
        return next(csv.reader([lines[0]], delimiter=cc.detect_delimiter(lines[0])), [])
    except csv.Error:
        return []


def sniff(filename: str, head: bytes) -> bool:
    """A header a language table can read (type, date, a duration), or Garmin's shape in a
    language boneload does not read yet (read() then says so); never Strava's "Activity ID"."""
    header = _first_line(head)
    if "activity id" in {gl.norm(h) for h in header}:
        return False
    return gl.detect(header) is not None or gl.looks_like_garmin(header)


def unknown_language(filename: str, header: list[str]) -> BadFile:
    """The refusal for a Garmin export whose language has no table, with a --map to start from."""
    suggested = ",".join(f'"{f}={c}"' if "," in c else f"{f}={c}"
                         for f, c in gl.position_map(header).items())  # fmt: skip
    first = ", ".join(repr(h) for h in header[:4])
    return BadFile(
        filename,
        f"this looks like a Garmin Connect CSV in a language boneload does not read yet (it "
        f"starts {first}). Map its columns on the Import page, where the form starts from the "
        f"places Garmin always puts them, or with --map '{suggested}'.",
    )


def read(filename: str, data: bytes, options: ImportOptions) -> ReadResult:
    """Canonical rows of a Garmin Connect Activities.csv; see the module docstring for units."""
    table = cc.read_table(filename, data)
    language = gl.detect(table.header)
    if language is None:
        if gl.looks_like_garmin(table.header):
            raise unknown_language(filename, table.header)
        listing = ", ".join(repr(h) for h in table.header)
        raise BadFile(
            filename,
            "not a Garmin Connect Activities.csv boneload can read: it needs an activity type, "
            f"a date and a 'Time' or 'Elapsed Time' column, in a language it reads "
            f"({', '.join(lang.name for lang in gl.LANGUAGES.values())}); found {listing}",
        )
    col = gl.columns(table.header, language)
    tz = cc.zone(filename, options.timezone)
    skip = {col.get("title"), col.get("type"), col.get("date")}
    decimal = cc.guess_decimal(
        (c for _, cells in table.records for i, c in enumerate(cells) if i not in skip),
        default=language.decimal,
    )
    problems: list[RowProblem] = []
    parsed: list[tuple[int, Cells, dict[str, object], float | None]] = []
    for number, raw in table.records:
        try:
            cells = cc.fit_row(raw, len(table.header))
            timer = _timer(cells, col)
            base = _row(cells, col, table.header, tz, timer, language)
        except ValueError as exc:
            problems.append(RowProblem(filename, number, str(exc)))
            continue
        parsed.append((number, cells, base, timer))

    def cell(cells: Cells, key: str) -> str | None:
        return cells[col[key]] if key in col else None

    decimal, said = _check_decimal(parsed, cell, decimal)
    evidence = units.from_strides(
        (_num(cell(c, "stride"), decimal), _num(cell(c, "cadence"), decimal), t or 0.0,
         _num(cell(c, "distance"), decimal))
        for _, c, base, t in parsed if base["sport"] in FOOT
    )  # fmt: skip
    unit = evidence.unit or options.distance_unit
    unit_m = cc.METRES_PER[unit]
    ascent_scale = FEET_TO_M if unit == "mi" else 1.0
    notes, rows = cc.Notes(), []
    for number, cells, row, _ in parsed:

        def value(
            key: str,
            field: str | None,
            scale: float = 1.0,
            *,
            zero_is_missing: bool = False,
            duration: bool = False,
            cells: Cells = cells,
            number: int = number,
        ) -> float | None:
            return cc.optional_value(
                cell(cells, key), column=table.header[col[key]] if key in col else key,
                row=number, notes=notes, decimal=decimal, scale=scale, field=field,
                duration=duration, zero_is_missing=zero_is_missing,
            )  # fmt: skip

        swim, foot = row["sport"] == "swim", row["sport"] in FOOT
        row.update(
            timezone=options.timezone,
            distance_m=value("distance", "distance_m", 1.0 if swim else unit_m,
                             zero_is_missing=True),
            calories=value("calories", None),
            avg_hr=value("avg_hr", "avg_hr", zero_is_missing=True),
            max_hr=value("max_hr", "max_hr", zero_is_missing=True),
            avg_cadence_spm=value("cadence", "avg_cadence_spm", zero_is_missing=True)
            if foot else None,
            elevation_gain_m=value("ascent", None, ascent_scale),
            steps=value("steps", None, zero_is_missing=True),
            moving_s=value("moving", "moving_s", duration=True, zero_is_missing=True),
            avg_contact_ms=value("contact", "avg_contact_ms", zero_is_missing=True),
        )  # fmt: skip
        rows.append((number, row))
    used = replace(options, distance_unit=unit)  # the speed check judges the unit used
    result = cc.finish(NAME, filename, rows, problems, used, notes)
    result.warnings[:0] = said + units.messages(evidence, options.distance_unit)
    return result


def _num(text: str | None, decimal: str) -> float:
    """A number for the checks; 0.0 when missing or unreadable (the checks skip zeros)."""
    try:
        return parse_number(text, decimal) or 0.0
    except ValueError:
        return 0.0


def _seconds(text: str | None) -> float | None:
    try:
        return parse_duration(text)
    except ValueError:
        return None


def _timer(cells: Cells, col: dict[str, int]) -> float | None:
    """Timer seconds ("Time"). A 2025 Danish export writes it as h:mm ("1:02" for 1 h 2 min),
    told apart from m:ss by the moving and elapsed times of the same row."""
    raw = cells[col["time"]].strip() if "time" in col else ""
    seconds = _seconds(raw)
    spans = [_seconds(cells[col[k]]) or 0.0 for k in ("moving", "elapsed") if k in col]
    longest = max(spans, default=0.0)
    if seconds and longest and seconds < longest / 2 and raw.count(":") == 1 and raw.isascii():
        hours, _, minutes = raw.partition(":")
        if hours.isdigit() and minutes.isdigit():
            as_hours = int(hours) * 3600.0 + int(minutes) * 60.0
            if abs(as_hours - longest) <= 120:
                return as_hours
    return seconds


def _check_decimal(
    parsed: list[tuple[int, Cells, dict[str, object], float | None]],
    cell: Callable[[Cells, str], str | None],
    decimal: str,
) -> tuple[str, list[str]]:
    """The decimal mark after checking distances against the file's own pace or speed column."""

    def agreement(mark: str) -> float | None:
        return units.pace_agreement(
            (_num(cell(c, "distance"), mark), t or 0.0, units.pace_speed(cell(c, "pace")) or 0.0)
            for _, c, base, t in parsed
            if base["sport"] in FOOT or base["sport"] == "ride"
        )

    factor = units.misread_by(agreement(decimal))
    if factor is None:
        return decimal, []
    other = "," if decimal == "." else "."
    if units.misread_by(agreement(other)) is None:
        word = "comma" if other == "," else "point"
        return other, [
            f"Numbers were read with a decimal {word}: only then do the distances agree "
            "with the file's own pace column."
        ]
    size = f"{factor:g} times too large" if factor > 1 else f"{1 / factor:g} times too small"
    return decimal, [
        f"The distances do not match the file's own pace column: they look about {size}. "
        "Check this file's distances before relying on them."
    ]


def _row(cells: Cells, col: dict[str, int], header: list[str], tz: tzinfo, timer: float | None,
         language: gl.Language) -> dict[str, object]:  # fmt: skip
    """The required fields of one row; ValueError with the reason when it cannot be read."""

    def get(key: str) -> str | None:
        return cells[col[key]] if key in col else None

    sport_type = (get("type") or "").strip()
    if not sport_type or sport_type == "--":
        raise ValueError("the activity type is empty")
    start_utc, start_local = cc.start_times(cc.parse_when(get("date")), tz, naive_is_utc=False)
    elapsed = None
    if "elapsed" in col:
        elapsed = cc.duration_or_problem(get("elapsed"), header[col["elapsed"]])
    if (
        elapsed is None
        and "time" in col
        and cc.duration_or_problem(get("time"), header[col["time"]])
    ):
        elapsed = timer  # checked above; h:mm read as hours (see _timer)
    if elapsed is None:
        raise ValueError("the duration is empty ('Time' and 'Elapsed Time' have no value)")
    title = (get("title") or "").strip()
    source_id = content_id(start_local.isoformat(), sport_type, round(elapsed))
    return {
        "activity_id": stable_id(NAME, source_id),
        "source": NAME,
        "source_id": source_id,
        "sport": gl.family(sport_type, language),
        "sport_type": sport_type,
        "name": title if title and title != "--" else None,
        "start_utc": start_utc,
        "start_local": start_local,
        "elapsed_s": elapsed,
    }


READER = FileReader(name=NAME, label="Garmin Connect Activities.csv", sniff=sniff, read=read)
