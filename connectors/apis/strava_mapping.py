"""Strava's SummaryActivity JSON -> the canonical activity frame. Pure: no HTTP, no clock.

Field by field (developers.strava.com, SummaryActivity):
- id -> source_id as a string (ids can exceed Int64); activity_id = stable_id("strava", id), the
  same as the Strava export importer, so one activity seen both ways is one row.
- sport_type (newer, "TrailRun") or type ("Run") -> sport_type and the sport family.
- start_date is UTC. start_date_local ends in "Z" but is the athlete's wall clock: the "Z" is
  dropped and the value kept naive. timezone "(GMT-08:00) America/Los_Angeles" -> the IANA name
  after the bracket; when it is not a known zone, the athlete's zone setting is used.
- distance (m), moving_time and elapsed_time (s), total_elevation_gain (m), average_heartrate,
  max_heartrate (bpm), calories (kcal, detailed activities only).
- average_cadence: Strava gives foot sports per leg (strides/min), so run, walk and hike are
  doubled to steps/min when below 120 (the rule of the export importer); rides keep rpm.
- gear_id -> the gear's name from GET /athlete (shoes and bikes), else the id itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.apis.http import json_number
from connectors.results import ReadResult, Row, RowProblem, finish
from connectors.schema import sport_family, stable_id

SOURCE = "strava_api"
ID_PREFIX = "strava"
_FOOT = ("run", "walk", "hike")


def iana_zone(strava_timezone: str | None, fallback: str) -> str:
    """ "(GMT-08:00) America/Los_Angeles" -> "America/Los_Angeles"; `fallback` when unknown."""
    if strava_timezone:
        name = strava_timezone.rsplit(")", 1)[-1].strip()
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return fallback
        else:
            return name
    return fallback


def parse_instant(text: str) -> datetime:
    """An ISO 8601 timestamp with Z or an offset -> aware UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no zone")
    return value.astimezone(UTC)


def parse_wall_clock(text: str) -> datetime:
    """start_date_local: the athlete's wall clock written with a misleading "Z"; naive."""
    return datetime.fromisoformat(text.rstrip("Zz")).replace(tzinfo=None)


def gear_names(athlete: Mapping[str, Any]) -> dict[str, str]:
    """gear id -> name from GET /athlete's `shoes` and `bikes` lists."""
    names: dict[str, str] = {}
    for key in ("shoes", "bikes"):
        for item in athlete.get(key) or []:
            if isinstance(item, Mapping) and item.get("id") is not None:
                names[str(item["id"])] = str(item.get("name") or item["id"])
    return names


def activity_row(
    item: Mapping[str, Any], gear: Mapping[str, str], fallback_zone: str
) -> dict[str, object]:
    """One canonical row (results.finish checks its ranges); ValueError naming what is missing."""
    if item.get("id") is None:
        raise ValueError("it has no id")
    source_id = str(item["id"])
    if not item.get("start_date"):
        raise ValueError(f"activity {source_id} has no start_date")
    start_utc = parse_instant(str(item["start_date"]))
    zone = iana_zone(item.get("timezone"), fallback_zone)
    local_text = item.get("start_date_local")
    start_local = (
        parse_wall_clock(str(local_text))
        if local_text
        else start_utc.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    )
    elapsed = json_number(item.get("elapsed_time"))
    if elapsed is None or elapsed <= 0:
        raise ValueError(f"activity {source_id} has no elapsed_time")
    sport_type = str(item.get("sport_type") or item.get("type") or "Workout")
    sport = sport_family(sport_type)
    if sport == "other" and item.get("type"):
        sport = sport_family(str(item["type"]))
    cadence = json_number(item.get("average_cadence"))
    if sport in _FOOT and cadence is not None and cadence < 120:
        cadence *= 2
    gear_id = item.get("gear_id")
    row: dict[str, object] = {
        "activity_id": stable_id(ID_PREFIX, source_id),
        "source": SOURCE,
        "source_id": source_id,
        "sport": sport,
        "sport_type": sport_type,
        "name": item.get("name"),
        "start_utc": start_utc,
        "start_local": start_local,
        "timezone": zone,
        "elapsed_s": elapsed,
        "moving_s": json_number(item.get("moving_time")),
        "distance_m": json_number(item.get("distance")),
        "elevation_gain_m": json_number(item.get("total_elevation_gain")),
        "avg_hr": json_number(item.get("average_heartrate")) or None,
        "max_hr": json_number(item.get("max_heartrate")) or None,
        "avg_cadence_spm": cadence,
        "gear": gear.get(str(gear_id), str(gear_id)) if gear_id else None,
        "calories": json_number(item.get("calories")),
    }
    return row


def activities_frame(
    items: Iterable[Mapping[str, Any]], gear: Mapping[str, str], fallback_zone: str, label: str
) -> ReadResult:
    """A page of SummaryActivity objects -> ReadResult (rows that fail become RowProblems,
    numbered by their 1-based position on the page)."""
    rows: list[Row] = []
    problems: list[RowProblem] = []
    for position, item in enumerate(items, start=1):
        try:
            row = activity_row(item, gear, fallback_zone)
        except (ValueError, TypeError) as exc:
            problems.append(RowProblem(label, position, str(exc)))
            continue
        rows.append(Row(row, f"activity {row['source_id']}", position))
    return finish(SOURCE, label, rows, problems=problems)
