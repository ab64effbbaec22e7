"""Garmin Connect's activities list "Export CSV" (Activities.csv).

What the file looks like (shared/formats.md): one row per activity; the columns vary with the
activity types present and the export date, so columns are matched by name, never by position.
Values are quoted ("1,337" with a thousands separator), "--" means missing, and "0:00", "0.0",
"00:00:00" are placeholders for durations and paces that were not recorded.

Units, as Garmin Connect shows them (the file does not say):
- Distance is in the athlete's unit, options.distance_unit (km or mi); swims are in metres.
- Total Ascent is in metres with km, in feet with mi (Garmin's metric / US statute settings).
- Avg Run Cadence is steps per minute already; Avg Ground Contact Time milliseconds.
- Date is local wall clock ("2026-03-01 07:12:45"): start_local as written, start_utc through
  options.timezone (DST rules in csv_common.local_to_utc).
- elapsed_s is "Elapsed Time", else "Time" (timer time); moving_s is "Moving Time".
- A distance, heart rate, cadence or step count of 0 means "not recorded" and is left empty.

Ids: the file has none, so source_id = content_id(start_local ISO, Activity Type, whole seconds of
elapsed_s): reading the same file again gives the same ids.

Localised exports: a small explicit, best-effort map of Danish and Norwegian header names
(_COLUMNS; other languages are refused with the columns the file has). With localised headers
numbers default to decimal commas ("5,02"), unless the numbers themselves show otherwise.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from datetime import tzinfo
from typing import Final

from connectors.errors import BadFile
from connectors.files import csv_common as cc
from connectors.files.base import FileReader, ImportOptions, ReadResult, RowProblem
from connectors.files.text import head_text
from connectors.schema import content_id, sport_family, stable_id

NAME: Final = "garmin_csv"
FEET_TO_M: Final = 0.3048

_ENGLISH: Final[Mapping[str, str]] = {
    "activity type": "type", "date": "date", "title": "title", "distance": "distance",
    "calories": "calories", "time": "time", "avg hr": "avg_hr", "max hr": "max_hr",
    "avg run cadence": "cadence", "total ascent": "ascent", "steps": "steps",
    "moving time": "moving", "elapsed time": "elapsed", "avg ground contact time": "contact",
    "elev gain": "ascent",
}  # fmt: skip
_LOCALISED: Final[Mapping[str, str]] = {
    # Danish (best effort; "Distance" is spelt as in English)
    "aktivitetstype": "type", "dato": "date", "titel": "title", "kalorier": "calories",
    "tid": "time", "gns. puls": "avg_hr", "maks. puls": "max_hr",
    "gns. løbekadence": "cadence", "samlet stigning": "ascent", "skridt": "steps",
    "bevægelsestid": "moving", "tid i bevægelse": "moving", "forløbet tid": "elapsed",
    # Norwegian (best effort)
    "tittel": "title", "distanse": "distance", "totale kalorier": "calories",
    "gjennomsnittlig puls": "avg_hr", "makspuls": "max_hr", "total stigning": "ascent",
    "stigning totalt": "ascent", "gjennomsnittlig frekvens for løping": "cadence",
    "gjennomsnittlig tid med bakkekontakt": "contact",
}  # fmt: skip
_COLUMNS: Final = {**_ENGLISH, **_LOCALISED}

# Localised activity types the shared sport map does not know.
_NORDIC_TYPES: Final[Mapping[str, str]] = {
    "løbebånd": "run", "trailløb": "run", "løping": "run", "tredemølle": "run",
    "gåtur": "walk", "gå": "walk", "gåing": "walk", "fottur": "hike",
    "poolsvømning": "swim", "bassinsvømning": "swim", "svømming": "swim",
    "bassengsvømming": "swim", "styrketrening": "strength", "sykling": "ride",
}  # fmt: skip
_NUMERIC: Final = ("distance", "calories", "avg_hr", "max_hr", "cadence", "ascent", "steps")


def _norm(header: str) -> str:
    cleaned = header.replace("\ufeff", "").replace("Â®", "").replace("®", "")
    return re.sub(r"\s+", " ", cleaned).strip().lower()


def _columns(header: list[str]) -> dict[str, int]:
    """Our key -> index of the first column with that name."""
    found: dict[str, int] = {}
    for i, name in enumerate(header):
        key = _COLUMNS.get(_norm(name))
        if key:
            found.setdefault(key, i)
    return found


def family(activity_type: str) -> str:
    """Sport family of a Garmin type, English or Danish/Norwegian ("Løb" -> run)."""
    sport = sport_family(activity_type)
    if sport != "other":
        return sport
    key = activity_type.strip().lower()
    if key in _NORDIC_TYPES:
        return _NORDIC_TYPES[key]
    for stem, sport in (("løb", "run"), ("løp", "run"), ("svøm", "swim"), ("styrke", "strength")):
        if stem in key:
            return sport
    return "other"


def sniff(filename: str, head: bytes) -> bool:
    """A CSV header with Activity Type, Date and one of Avg HR / Time / Title (or Danish or
    Norwegian names), and no Strava "Activity ID"."""
    lines = head_text(head).lstrip("\ufeff").splitlines() or [""]
    try:
        header = next(csv.reader([lines[0]], delimiter=cc.detect_delimiter(lines[0])), [])
    except csv.Error:
        return False
    if "activity id" in {_norm(h) for h in header}:
        return False
    keys = set(_columns(header))
    return {"type", "date"} <= keys and bool(keys & {"avg_hr", "time", "title"})


def read(filename: str, data: bytes, options: ImportOptions) -> ReadResult:
    """Canonical rows of a Garmin Connect Activities.csv; see the module docstring for units."""
    table = cc.read_table(filename, data)
    col = _columns(table.header)
    listing = ", ".join(repr(h) for h in table.header)
    if "type" not in col or "date" not in col:
        raise BadFile(
            filename,
            "not a Garmin Connect Activities.csv: it needs 'Activity Type' and 'Date' columns "
            f"(found {listing})",
        )
    if "elapsed" not in col and "time" not in col:
        raise BadFile(filename, f"no 'Time' or 'Elapsed Time' column (found {listing})")
    tz = cc.zone(filename, options.timezone)
    localised = any(_norm(h) in _LOCALISED for h in table.header)
    numeric = [col[k] for k in _NUMERIC if k in col]
    decimal = cc.guess_decimal(
        (cells[i] for _, cells in table.records for i in numeric if i < len(cells)),
        default="," if localised else ".",
    )
    unit_m = cc.METRES_PER[options.distance_unit]
    ascent_scale = FEET_TO_M if options.distance_unit == "mi" else 1.0
    notes, rows, problems = cc.Notes(), [], []
    for number, raw in table.records:
        try:
            cells = cc.fit_row(raw, len(table.header))
            row = _row(cells, col, table.header, tz)
        except ValueError as exc:
            problems.append(RowProblem(filename, number, str(exc)))
            continue

        def value(
            key: str,
            field: str | None,
            scale: float = 1.0,
            *,
            zero_is_missing: bool = False,
            duration: bool = False,
            cells: list[str] = cells,
            number: int = number,
        ) -> float | None:
            return cc.optional_value(
                cells[col[key]] if key in col else None,
                column=table.header[col[key]] if key in col else key, row=number, notes=notes,
                decimal=decimal, scale=scale, field=field, duration=duration,
                zero_is_missing=zero_is_missing,
            )  # fmt: skip

        swim = row["sport"] == "swim"
        row.update(
            timezone=options.timezone,
            distance_m=value("distance", "distance_m", 1.0 if swim else unit_m,
                             zero_is_missing=True),
            calories=value("calories", None),
            avg_hr=value("avg_hr", "avg_hr", zero_is_missing=True),
            max_hr=value("max_hr", "max_hr", zero_is_missing=True),
            avg_cadence_spm=value("cadence", "avg_cadence_spm", zero_is_missing=True),
            elevation_gain_m=value("ascent", None, ascent_scale),
            steps=value("steps", None, zero_is_missing=True),
            moving_s=value("moving", "moving_s", duration=True, zero_is_missing=True),
            avg_contact_ms=value("contact", "avg_contact_ms", zero_is_missing=True),
        )  # fmt: skip
        rows.append((number, row))
    return cc.finish(NAME, filename, rows, problems, options, notes)


def _row(cells: list[str], col: dict[str, int], header: list[str], tz: tzinfo) -> dict[str, object]:
    """The required fields of one row; ValueError with the reason when it cannot be read."""

    def get(key: str) -> str | None:
        return cells[col[key]] if key in col else None

    sport_type = (get("type") or "").strip()
    if not sport_type or sport_type == "--":
        raise ValueError("the activity type is empty")
    start_utc, start_local = cc.start_times(cc.parse_when(get("date")), tz, naive_is_utc=False)
    elapsed = None
    for key in ("elapsed", "time"):
        if elapsed is None and key in col:
            elapsed = cc.duration_or_problem(get(key), header[col[key]])
    if elapsed is None:
        raise ValueError("the duration is empty ('Time' and 'Elapsed Time' have no value)")
    title = (get("title") or "").strip()
    source_id = content_id(start_local.isoformat(), sport_type, round(elapsed))
    return {
        "activity_id": stable_id(NAME, source_id),
        "source": NAME,
        "source_id": source_id,
        "sport": family(sport_type),
        "sport_type": sport_type,
        "name": title if title and title != "--" else None,
        "start_utc": start_utc,
        "start_local": start_local,
        "elapsed_s": elapsed,
    }


READER = FileReader(name=NAME, label="Garmin Connect Activities.csv", sniff=sniff, read=read)
