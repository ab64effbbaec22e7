"""Oura API v2 workout JSON -> the canonical activity frame. Pure: no HTTP, no clock.

Field by field (Oura API v2, "PublicWorkout" of GET /v2/usercollection/workout):
- id -> source_id; activity_id = stable_id("oura", id).
- start_datetime / end_datetime are local timestamps with their offset
  ("2025-03-01T07:12:05+01:00"): start_utc and the wall clock come from them, the zone follows
  connectors.apis.offsets; elapsed_s = end - start (Oura gives no moving time).
- activity ("running", "walking", "cycling", "strengthTraining" ...) -> sport_type, and the
  family from a small map, then connectors.schema.sport_family.
- distance m (null when the ring did not measure one); calories kcal; label -> name.
- intensity (easy, moderate, hard) and source (manual, autodetected, confirmed,
  workout_heart_rate) have no canonical column and are left out: intensity is not an RPE.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from connectors.apis.http import json_number
from connectors.apis.offsets import from_aware
from connectors.results import ReadResult, Row, RowProblem, finish
from connectors.schema import sport_family, stable_id

SOURCE = "oura_api"
ID_PREFIX = "oura"
OURA_SPORTS: Mapping[str, str] = {
    "running": "run",
    "walking": "walk",
    "hiking": "hike",
    "cycling": "ride",
    "swimming": "swim",
    "strengthtraining": "strength",
    "weightlifting": "strength",
    "crosstraining": "strength",
    "hiit": "strength",
    "coreexercise": "strength",
    "jumpingrope": "impact",
    "stairexercise": "impact",
    "dancing": "impact",
    "yoga": "balance",
}


def oura_sport(activity: str) -> str:
    key = activity.strip().lower().replace("_", "").replace(" ", "")
    return OURA_SPORTS.get(key) or sport_family(activity)


def _instant(text: object, what: str, source_id: str) -> datetime:
    if not text:
        raise ValueError(f"workout {source_id} has no {what}")
    return datetime.fromisoformat(str(text).replace("Z", "+00:00"))


def workout_row(item: Mapping[str, Any], fallback_zone: str) -> dict[str, object]:
    """One canonical row; ValueError naming what is missing."""
    if item.get("id") in (None, ""):
        raise ValueError("it has no id")
    source_id = str(item["id"])
    start = _instant(item.get("start_datetime"), "start_datetime", source_id)
    end = _instant(item.get("end_datetime"), "end_datetime", source_id)
    start_utc, start_local, zone = from_aware(start, fallback_zone)
    end_utc = from_aware(end, fallback_zone)[0]
    elapsed = (end_utc - start_utc).total_seconds()
    if elapsed <= 0:
        raise ValueError(f"workout {source_id} ends before it starts")
    activity = str(item.get("activity") or "workout")
    label = item.get("label")
    return {
        "activity_id": stable_id(ID_PREFIX, source_id),
        "source": SOURCE,
        "source_id": source_id,
        "sport": oura_sport(activity),
        "sport_type": activity,
        "name": str(label) if label else None,
        "start_utc": start_utc,
        "start_local": start_local,
        "timezone": zone,
        "elapsed_s": elapsed,
        "distance_m": json_number(item.get("distance")),
        "calories": json_number(item.get("calories")),
    }


def workouts_result(
    items: Iterable[Mapping[str, Any]], fallback_zone: str, label: str
) -> ReadResult:
    """A page of workouts -> ReadResult; unreadable ones become RowProblems numbered by their
    1-based position on the page."""
    rows: list[Row] = []
    problems: list[RowProblem] = []
    for position, item in enumerate(items, start=1):
        try:
            row = workout_row(item, fallback_zone)
        except (ValueError, TypeError) as exc:
            problems.append(RowProblem(label, position, str(exc)))
            continue
        rows.append(Row(row, f"workout {row['source_id']}", position))
    return finish(SOURCE, label, rows, problems=problems)
