"""Fitbit exercise logs from Google Takeout: the Takeout zip, or one exercise-N.json.

Layouts seen: Takeout/Fitbit/Physical Activity/exercise-N.json; older exports keep them in
Takeout/Fitbit/Global Export Data/, or at the top of the archive. Every exercise-N.json in the
zip is read (Fitbit splits the logs into numbered files), members one at a time, into one result.

Each file is a JSON array of logs. Mapping into the canonical frame:
- source_id = logId; activity_id = stable_id("fitbit", logId). A log found in two files (an
  export holding both folders) is read once.
- sport_type = activityName ("Walk", "Run", "Bike", "Swim", "Weights", "Aerobic Workout",
  "Sport", ...); sport from it ("Weights" and "Circuit Training" -> strength, "Spinning" ->
  ride). name = activityName as well: Fitbit logs have no title.
- startTime "03/24/20 01:34:35" carries no zone, and it is UTC, not the wall clock: start_local is
  that instant in options.timezone. Evidence: Takeout writes heart_rate-*.json "dateTime" in the
  same "MM/DD/YY HH:MM:SS" form in UTC, and a US-Eastern user who plotted his own Takeout (a
  public write-up of exercise and heart-rate files, 2019) had to shift both the heart-rate
  dateTime and the exercise startTime by -4 h to land on his day, while the sleep logs' ISO
  startTime needed no shift (it is local); in real logs, "lastModified" (written by Fitbit's
  server when the tracker syncs) sits minutes after startTime + duration on the same clock
  (startTime 04/06/19 17:11:48, 1,843 s, lastModified 17:51:30); formats.md records one more real
  export whose heart-rate files line up with startTime only when it is read as UTC. ISO text
  (the old Web API's form) is read as written: with its offset, or as local when it has none.
- elapsed_s = duration / 1000 (milliseconds, pauses included), else activeDuration / 1000;
  moving_s = activeDuration / 1000.
- distance_m = distance x distanceUnit ("Kilometer", "Mile", "Meter", "Yard"); numbers may be
  written in scientific notation (1.2E-4). A distance without a unit is in
  options.distance_unit.
- Foot sports (run, walk, hike) only: steps, and avg_cadence_spm = steps / active minutes (the
  mean cadence by definition). A wrist counts arm swings on a bike or in the pool.
- avg_hr = averageHeartRate (0 means no reading); calories = calories (kcal). max_hr: none.
- elevationGain is not read: its unit follows the account's unit setting, which the file does
  not state. logType (tracker, auto_detected, manual, mobile_run) is not stored; manual logs
  simply come without heart rate or steps.

Kept out, with one warning each (not imported: they are not workouts, and importing them as
"other" would still add active time to the load and impact-day counts; the warning lists them so
a real one can be logged by hand):
- accidental starts: under a minute with no distance (a button pressed by a sleeve);
- implausible sessions: a run, walk or hike of an hour or more covering under 1 km (a tracker
  left in exercise mode: one real Takeout had four "runs" of 2.6-8.6 hours under 1 km).

A log without logId, with an unreadable or pre-1970 start, an impossible duration (under 1 s,
over a week) or distance (negative, over 1,000 km) becomes a RowProblem naming the file and the
log's position (1-based); the other logs are kept. Sensor values out of range are left empty
with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from connectors.errors import BadFile
from connectors.files import json_export as jx
from connectors.files import watch_common as wc
from connectors.files.archive import SafeZip, head_names, is_zip
from connectors.files.base import FileReader, ImportOptions, ReadResult
from connectors.files.text import head_text, looks_binary
from connectors.results import Row
from connectors.schema import sport_family, stable_id

FORMAT = "fitbit_takeout"
ID_PREFIX = "fitbit"
MEMBER: Final = re.compile(r"(?:^|/)exercise-(\d+)\.json$", re.IGNORECASE)
_UNITS: Final = {"kilometer": 1000.0, "mile": 1609.344, "meter": 1.0, "yard": 0.9144}
_OPTION_UNITS: Final = {"km": 1000.0, "mi": 1609.344}
_SPORTS: Final = {
    "weights": "strength",
    "weight lifting": "strength",
    "circuit training": "strength",
    "bootcamp": "strength",
    "spinning": "ride",
}
_START_FORMATS: Final = ("%m/%d/%y %H:%M:%S", "%m/%d/%Y %H:%M:%S")
_WEEK_S: Final = 7 * 24 * 3600.0
_EARLIEST: Final = datetime(1970, 1, 1, tzinfo=UTC)


def _start(text: object, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """(start_utc, start_local) from startTime."""
    if not isinstance(text, str) or not text.strip():
        raise jx.EntryError("it has no startTime")
    moment: datetime | None = None
    for fmt in _START_FORMATS:
        try:
            moment = datetime.strptime(text.strip(), fmt)
            break
        except ValueError:
            continue
    try:
        moment = moment or datetime.fromisoformat(text.strip())
        if moment.tzinfo is not None or "/" in text:  # Takeout's MM/DD/YY form is UTC
            start_utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
            local = start_utc.astimezone(zone).replace(tzinfo=None)
        else:
            local, start_utc = moment, moment.replace(tzinfo=zone).astimezone(UTC)
    except (ValueError, OverflowError):
        raise jx.EntryError(f"the startTime {text[:40]!r} cannot be read") from None
    if start_utc < _EARLIEST:
        raise jx.EntryError(f"the startTime {text[:40]!r} is before 1970")
    return start_utc, local


def _log_id(log: dict[str, Any]) -> str:
    value = log.get("logId")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None or isinstance(value, bool) else str(value).strip()
    if not re.fullmatch(r"\d{1,30}", text):
        raise jx.EntryError(
            f"the logId {text[:40]!r} is not a Fitbit log id" if text else "it has no logId"
        )
    return text


def _distance(log: dict[str, Any], options: ImportOptions) -> float | None:
    distance = jx.number(log, "distance")
    if distance is None:
        return None
    unit = log.get("distanceUnit")
    if unit is None or unit == "":
        metres = distance * _OPTION_UNITS[options.distance_unit]
    elif isinstance(unit, str) and unit.strip().casefold() in _UNITS:
        metres = distance * _UNITS[unit.strip().casefold()]
    else:
        raise jx.EntryError(f"the distanceUnit {str(unit)[:40]!r} is not one boneload knows")
    jx.check_range(metres, "a distance", 0, 1_000_000, "m")
    return metres


def _activity(log: object, zone: ZoneInfo, options: ImportOptions) -> dict[str, object]:
    if not isinstance(log, dict):
        raise jx.EntryError("it is not an exercise log (a JSON object)")
    source_id = _log_id(log)
    name = log.get("activityName")
    if not isinstance(name, str) or not name.strip():
        raise jx.EntryError("it has no activityName")
    name = name.strip()
    sport = _SPORTS.get(name.casefold()) or sport_family(name)
    start_utc, start_local = _start(log.get("startTime"), zone)
    elapsed_ms = jx.first_number(log, "duration", "activeDuration")
    if elapsed_ms is None:
        raise jx.EntryError("it has no duration")
    elapsed = elapsed_ms / 1000
    jx.check_range(elapsed, "a duration", 1, _WEEK_S, "s")
    active = jx.number(log, "activeDuration")
    moving = None if active is None else active / 1000
    jx.check_range(moving, "an active duration", 0, _WEEK_S, "s")
    distance = _distance(log, options)
    steps = jx.number(log, "steps") if sport in wc.FOOT_SPORTS else None
    return {
        "activity_id": stable_id(ID_PREFIX, source_id),
        "source": FORMAT,
        "source_id": source_id,
        "sport": sport,
        "sport_type": name,
        "name": name,
        "start_utc": start_utc,
        "start_local": start_local,
        "timezone": options.timezone,
        "elapsed_s": elapsed,
        "moving_s": moving,
        "distance_m": distance,
        "avg_hr": jx.number(log, "averageHeartRate") or None,
        "avg_cadence_spm": steps / ((moving or elapsed) / 60) if steps else None,
        "steps": steps or None,
        "calories": jx.number(log, "calories"),
    }


def load_logs(filename: str, data: bytes) -> list[Any]:
    """The JSON array of one exercise-N.json. BadFile when it is not one."""
    payload = jx.load_json(filename, data)
    if not isinstance(payload, list):
        raise BadFile(filename, "not a Fitbit exercise file: expected a JSON array of logs")
    return payload


def _files(filename: str, data: bytes) -> Iterator[tuple[str, bytes | BadFile]]:
    if not is_zip(data):
        return iter([(filename, data)])
    archive = SafeZip(filename, data)
    if not any(MEMBER.search(m.name) for m in archive.members()):
        raise BadFile(
            filename,
            "this zip holds no Fitbit exercise-N.json (Takeout/Fitbit/Physical Activity/), "
            "so it is not a Fitbit Takeout export",
        )

    def order(name: str) -> tuple[str, int]:
        found = MEMBER.search(name)
        return name.rsplit("/", 1)[0], int(found[1]) if found else 0

    return jx.archive_files(archive, lambda n: MEMBER.search(n) is not None, order)


def read(filename: str, data: bytes, options: ImportOptions) -> ReadResult:
    """A Takeout zip or one exercise-N.json as canonical rows (one per exercise log)."""
    zone = wc.zone(filename, options)
    alone = not is_zip(data)
    collected = jx.collect(
        _files(filename, data),
        load_logs,
        lambda log: _activity(log, zone, options),
        noun="log",
        alone=alone,
    )
    if not collected.files:
        raise BadFile(filename, "; ".join(str(p) for p in collected.problems[:3]))
    if alone and not collected.rows and not collected.problems:
        raise BadFile(filename, "the file holds no exercise logs")
    collected.rows, left_out = _not_workouts(collected.rows)
    collected.warnings += left_out
    return jx.to_result(FORMAT, filename, collected, options)


ACCIDENTAL_S: Final = 60.0
LONG_S: Final = 3600.0
SHORT_M: Final = 1000.0


def _not_workouts(rows: list[Row]) -> tuple[list[Row], list[str]]:
    """The rows without accidental starts and implausible sessions, and a warning for each kind
    (see the module docstring)."""
    kept: list[Row] = []
    accidental: list[str] = []
    implausible: list[str] = []
    for row in rows:
        v = row.values
        elapsed, distance = float(v["elapsed_s"]), v.get("distance_m")  # type: ignore[arg-type]
        when = f"{v['start_local']:%Y-%m-%d %H:%M}"
        if elapsed < ACCIDENTAL_S and not distance:
            accidental.append(when)
        elif (
            v["sport"] in wc.FOOT_SPORTS
            and elapsed >= LONG_S
            and isinstance(distance, float)
            and distance < SHORT_M
        ):
            implausible.append(
                f"{v['sport_type']} {when} ({elapsed / 3600:.1f} h, {distance:.0f} m)"
            )
        else:
            kept.append(row)
    warnings = []
    if accidental:
        warnings.append(
            f"{len(accidental)} accidental starts (under a minute, no distance) were not "
            f"imported: {_listed(accidental)}"
        )
    if implausible:
        warnings.append(
            f"{len(implausible)} sessions of an hour or more covering under 1 km were not "
            f"imported (a tracker left in exercise mode?): {_listed(implausible)}. If one was a "
            "real session, log it by hand."
        )
    return kept, warnings


def _listed(items: list[str], most: int = 10) -> str:
    more = f" and {len(items) - most} more" if len(items) > most else ""
    return ", ".join(items[:most]) + more


def sniff(filename: str, head: bytes) -> bool:
    """A zip with a Fitbit exercise-N.json or Fitbit folder, or a JSON array of exercise logs."""
    del filename  # decided by content only
    if is_zip(head):
        return any(MEMBER.search(n) or "fitbit/" in n.lower() for n in head_names(head))
    if looks_binary(head):
        return False
    text = head_text(head, len(head)).lstrip("\ufeff \t\r\n")
    return text.startswith("[") and '"logId"' in text and '"activityName"' in text


READER = FileReader(
    name=FORMAT, label="Fitbit Google Takeout (zip or exercise-N.json)", sniff=sniff, read=read
)
