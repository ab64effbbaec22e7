"""Polar AccessLink v3 exercise JSON -> the canonical activity frame. Pure: no HTTP, no clock.

Field by field (AccessLink v3 "Exercise", kebab-case keys):
- id (a hashed string id) -> source_id; activity_id = stable_id("polar", id).
- start-time is the local wall clock without a zone ("2025-03-01T07:12:05" or with ".000");
  start-time-utc-offset is minutes east of UTC; the zone follows connectors.apis.offsets.
- duration ISO 8601 ("PT2H44M45S") -> elapsed_s; Polar gives no moving time.
- distance m; heart-rate {average, maximum} bpm; calories kcal.
- detailed-sport-info ("TRAIL_RUNNING") else sport ("RUNNING") -> sport_type; the family from
  a small map of Polar's names, then connectors.schema.sport_family.
Polar exercises carry no title, so name stays empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from connectors.apis.http import json_number
from connectors.apis.offsets import from_offset
from connectors.results import ReadResult, Row, RowProblem, finish
from connectors.schema import sport_family, stable_id

SOURCE = "polar_api"
ID_PREFIX = "polar"
_ISO_DURATION = re.compile(
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
LABEL = "Polar exercises"
POLAR_SPORTS: Mapping[str, str] = {
    "RUNNING": "run",
    "JOGGING": "run",
    "ORIENTEERING": "run",
    "TRAIL_RUNNING": "run",
    "TREADMILL_RUNNING": "run",
    "WALKING": "walk",
    "NORDIC_WALKING": "walk",
    "HIKING": "hike",
    "TREKKING": "hike",
    "MOUNTAINEERING": "hike",
    "CYCLING": "ride",
    "ROAD_BIKING": "ride",
    "MOUNTAIN_BIKING": "ride",
    "INDOOR_CYCLING": "ride",
    "SPINNING": "ride",
    "SWIMMING": "swim",
    "STRENGTH_TRAINING": "strength",
    "CIRCUIT_TRAINING": "strength",
    "CORE": "strength",
    "FUNCTIONAL_TRAINING": "strength",
    "AEROBICS": "impact",
    "STEP_WORKOUT": "impact",
    "BODY_AND_MIND": "balance",
    "CROSS_TRAINER": "other",
}


def iso_duration(text: str) -> float:
    """Seconds in an ISO 8601 duration ("PT2H44M45S", "PT45M3.5S", "P1DT2H")."""
    match = _ISO_DURATION.match(text.strip().upper())
    if not match or text.strip().upper() in ("P", "PT"):
        raise ValueError(f"duration {text!r} is not ISO 8601 (like PT1H2M3S)")
    d, h, m, s = (float(match[k] or 0) for k in ("d", "h", "m", "s"))
    return d * 86400 + h * 3600 + m * 60 + s


def polar_sport(name: str) -> str:
    key = name.strip().upper().replace("-", "_").replace(" ", "_")
    return POLAR_SPORTS.get(key) or sport_family(name)


def exercise_row(item: Mapping[str, Any], fallback_zone: str) -> dict[str, object]:
    """One canonical row (results.finish checks its ranges); ValueError naming what is missing."""
    if item.get("id") in (None, ""):
        raise ValueError("it has no id")
    source_id = str(item["id"])
    start_text = item.get("start-time")
    if not start_text:
        raise ValueError(f"exercise {source_id} has no start-time")
    wall = datetime.fromisoformat(str(start_text))
    if wall.tzinfo is not None:  # not documented, but an explicit zone wins
        offset: timedelta | None = wall.utcoffset()
    else:
        minutes = json_number(item.get("start-time-utc-offset"))
        offset = None if minutes is None else timedelta(minutes=minutes)
    start_utc, start_local, zone = from_offset(wall, offset, fallback_zone)
    if not item.get("duration"):
        raise ValueError(f"exercise {source_id} has no duration")
    elapsed = iso_duration(str(item["duration"]))
    if elapsed <= 0:
        raise ValueError(f"exercise {source_id} lasts {item['duration']}")
    detailed = item.get("detailed-sport-info")
    sport_type = str(detailed or item.get("sport") or "OTHER")
    sport = polar_sport(sport_type)
    if sport == "other" and item.get("sport"):
        sport = polar_sport(str(item["sport"]))
    heart = item.get("heart-rate")
    heart = heart if isinstance(heart, Mapping) else {}
    row: dict[str, object] = {
        "activity_id": stable_id(ID_PREFIX, source_id),
        "source": SOURCE,
        "source_id": source_id,
        "sport": sport,
        "sport_type": sport_type,
        "name": None,
        "start_utc": start_utc,
        "start_local": start_local,
        "timezone": zone,
        "elapsed_s": elapsed,
        "distance_m": json_number(item.get("distance")),
        "avg_hr": json_number(heart.get("average")) or None,
        "max_hr": json_number(heart.get("maximum")) or None,
        "calories": json_number(item.get("calories")),
    }
    return row


def exercises_result(items: Iterable[Mapping[str, Any]], fallback_zone: str) -> ReadResult:
    """The list from GET /v3/exercises -> ReadResult; unreadable exercises become RowProblems
    numbered by their 1-based position in the list."""
    rows: list[Row] = []
    problems: list[RowProblem] = []
    for position, item in enumerate(items, start=1):
        try:
            row = exercise_row(item, fallback_zone)
        except (ValueError, TypeError) as exc:
            problems.append(RowProblem(LABEL, position, str(exc)))
            continue
        rows.append(Row(row, f"exercise {row['source_id']}", position))
    return finish(SOURCE, LABEL, rows, problems=problems)
