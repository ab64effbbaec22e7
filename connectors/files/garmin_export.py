"""The Garmin account export ("Export Your Data" zip) or its summarizedActivities JSON.

Summaries: DI_CONNECT/DI-Connect-Fitness/<user>_<n>_summarizedActivities.json =
[{"summarizedActivitiesExport": [...]}] (large accounts get several numbered files). Mapping:
- source_id = activityId; activity_id = stable_id("garmin", activityId).
- sport_type = activityType (a typeKey such as "running", "treadmill_running", "lap_swimming",
  "strength_training"; some exports nest it as {"typeKey": ...}); sport from it.
- start_utc = beginTimestamp (else startTimeGmt), epoch milliseconds UTC. startTimeLocal is the
  local wall clock encoded as if it were UTC epoch milliseconds: start_local is that wall clock,
  so the activity lands on the day the athlete saw. The file names no zone (only Garmin's own
  numeric timeZoneId), and the schema wants an IANA name, so timezone = options.timezone; a
  warning counts activities whose local offset differs from that zone's (recorded travelling).
- elapsed_s = elapsedDuration, else duration (ms); moving_s = movingDuration, else duration.
- distance_m = distance / 100 and elevation_gain_m = elevationGain / 100 (centimetres).
- avg_hr = avgHr, max_hr = maxHr; avg_contact_ms = avgGroundContactTime (ms).
- Foot sports only: avg_cadence_spm = avgDoubleCadence (both feet: a 49-minute run with 7,316
  steps shows 148.6), else averageRunningCadenceInStepsPerMinute (the Connect API's name),
  else 2 x avgRunCadence (one foot, as FIT); steps = steps.
- calories: the export writes Garmin's internal energy figure, 4.184 x the kcal Connect shows
  (the 10 km run above reports 2543.3 = 608 kcal): divided by 4.184.
- A multisport parent whose legs are listed too is not read again (its legs are).

Originals: DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip (and more parts) hold
the uploaded FIT (or GPX/TCX) files. They are read by connectors.files.batch.read_members (each
with the reader its content calls for) and returned in the same frame; the store's matcher
merges each with its summary (same sport, start and duration), which fills what the summary
lacks. Nesting stops there: a zip inside those zips is not opened. Every level is a SafeZip.

A summary without id or start, or with an impossible duration or distance, becomes a RowProblem
naming the JSON file and the activity's position (1-based); an original that cannot be read
becomes a RowProblem naming it. The rest is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

import polars as pl

from connectors.errors import BadFile
from connectors.files import batch
from connectors.files import json_export as jx
from connectors.files import watch_common as wc
from connectors.files.archive import SafeZip, head_names, is_zip
from connectors.files.base import FileReader, ImportOptions, ReadResult
from connectors.files.text import head_text, looks_binary
from connectors.schema import sport_family, stable_id

FORMAT = "garmin_export"
ID_PREFIX = "garmin"
SUMMARY_SUFFIX: Final = "summarizedactivities.json"
UPLOADS: Final = "/di-connect-uploaded-files/"
KCAL_FACTOR: Final = 4.184
_WEEK_S: Final = 7 * 24 * 3600.0
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST: Final = datetime(2100, 1, 1, tzinfo=UTC)


def _type_key(raw: dict[str, Any]) -> str:
    value = raw.get("activityType")
    if isinstance(value, dict):
        value = value.get("typeKey")
    if not isinstance(value, str) or not value.strip():
        raise jx.EntryError("it has no activityType")
    return value.strip()


def _instant(ms: float, key: str) -> datetime:
    try:
        moment = _EPOCH + timedelta(milliseconds=ms)
    except OverflowError:
        raise jx.EntryError(f"{key} {ms:g} is not a time") from None
    if moment < _EPOCH:
        raise jx.EntryError(f"it starts before 1970 ({key} {ms:g})")
    if moment >= _LATEST:
        raise jx.EntryError(f"{key} {ms:g} is after 2099, not a real time")
    return moment


def _source_id(raw: dict[str, Any]) -> str:
    ident = raw.get("activityId")
    if isinstance(ident, float) and ident.is_integer():
        ident = int(ident)
    if isinstance(ident, bool) or not isinstance(ident, int | str) or not str(ident).isdigit():
        raise jx.EntryError("it has no activityId")
    return str(ident)


def _activity(raw: object, zone: ZoneInfo, options: ImportOptions) -> dict[str, object]:
    if not isinstance(raw, dict):
        raise jx.EntryError("it is not an activity summary (a JSON object)")
    source_id, type_key = _source_id(raw), _type_key(raw)
    sport = sport_family(type_key)
    begin = jx.first_number(raw, "beginTimestamp", "startTimeGmt")
    if begin is None:
        raise jx.EntryError("it has no beginTimestamp")
    start_utc = _instant(begin, "beginTimestamp")
    local_ms = jx.number(raw, "startTimeLocal")
    if local_ms is not None:
        start_local = _instant(local_ms, "startTimeLocal").replace(tzinfo=None)
    else:
        start_local = start_utc.astimezone(zone).replace(tzinfo=None)
    elapsed_ms = jx.first_number(raw, "elapsedDuration", "duration")
    if elapsed_ms is None:
        raise jx.EntryError("it has no duration")
    elapsed = elapsed_ms / 1000
    jx.check_range(elapsed, "a duration", 1, _WEEK_S, "s")
    moving_ms = jx.first_number(raw, "movingDuration", "duration")
    moving = None if moving_ms is None else moving_ms / 1000
    jx.check_range(moving, "a moving time", 0, _WEEK_S, "s")
    distance_cm = jx.number(raw, "distance")
    distance = None if distance_cm is None else distance_cm / 100
    jx.check_range(distance, "a distance", 0, 1_000_000, "m")
    foot = sport in wc.FOOT_SPORTS
    cadence = jx.first_number(raw, "avgDoubleCadence", "averageRunningCadenceInStepsPerMinute")
    if cadence is None and (per_leg := jx.number(raw, "avgRunCadence")) is not None:
        cadence = 2 * per_leg
    gain_cm, calories = jx.number(raw, "elevationGain"), jx.number(raw, "calories")
    name = raw.get("name")
    return {
        "activity_id": stable_id(ID_PREFIX, source_id),
        "source": FORMAT,
        "source_id": source_id,
        "sport": sport,
        "sport_type": type_key,
        "name": name.strip() if isinstance(name, str) else None,
        "start_utc": start_utc,
        "start_local": start_local,
        "timezone": options.timezone,
        "elapsed_s": elapsed,
        "moving_s": moving,
        "distance_m": distance,
        "elevation_gain_m": None if gain_cm is None else gain_cm / 100,
        "avg_hr": jx.number(raw, "avgHr") or None,
        "max_hr": jx.number(raw, "maxHr") or None,
        "avg_cadence_spm": cadence if foot and cadence else None,
        "steps": jx.number(raw, "steps") or None if foot else None,
        "avg_contact_ms": jx.number(raw, "avgGroundContactTime") or None,
        "calories": None if calories is None else calories / KCAL_FACTOR,
    }


def load_summaries(filename: str, data: bytes) -> list[Any]:
    """The activities of one summarizedActivities JSON file, multisport parents whose legs are
    listed too replaced by None. BadFile when it is not such a file."""
    payload = jx.load_json(filename, data)
    chunks = payload if isinstance(payload, list) else [payload]
    found = [c.get("summarizedActivitiesExport") for c in chunks if isinstance(c, dict)]
    if not found or not all(isinstance(f, list) for f in found):
        raise BadFile(
            filename,
            'not a Garmin summarizedActivities file: expected [{"summarizedActivitiesExport": '
            "[...]}]",
        )
    summaries = [activity for chunk in found for activity in chunk]
    ids = {str(s.get("activityId")) for s in summaries if isinstance(s, dict)}

    def parent(s: object) -> bool:
        legs = s.get("childIds") if isinstance(s, dict) else None
        return isinstance(legs, list) and bool(legs) and all(str(c) in ids for c in legs)

    return [None if parent(s) else s for s in summaries]


def _travelled(row: Mapping[str, object], zone: ZoneInfo) -> bool:
    """True when the watch's local offset differs from the athlete's zone at that instant."""
    start_utc, start_local = row["start_utc"], row["start_local"]
    assert isinstance(start_utc, datetime) and isinstance(start_local, datetime)
    watch = start_local - start_utc.replace(tzinfo=None)
    zone_offset = start_utc.astimezone(zone).utcoffset() or timedelta()
    return abs(watch - zone_offset) > timedelta(minutes=1)


def read(filename: str, data: bytes, options: ImportOptions) -> ReadResult:
    """A Garmin export zip or one summarizedActivities JSON file as canonical rows."""
    zone = wc.zone(filename, options)
    archive = SafeZip(filename, data) if is_zip(data) else None
    if archive is None:
        files = iter([(filename, data)])
    elif any(m.name.lower().endswith(SUMMARY_SUFFIX) for m in archive.members()):
        files = jx.archive_files(archive, lambda n: n.lower().endswith(SUMMARY_SUFFIX))
    else:
        raise BadFile(
            filename,
            "this zip has no DI_CONNECT/DI-Connect-Fitness/..._summarizedActivities.json, so it "
            "is not a Garmin account export",
        )

    def convert(raw: object) -> dict[str, object] | None:
        return None if raw is None else _activity(raw, zone, options)

    collected = jx.collect(files, load_summaries, convert, "activity", archive is None)
    if not collected.files:
        raise BadFile(filename, "; ".join(str(p) for p in collected.problems[:3]))
    if travelled := sum(_travelled(row.values, zone) for row in collected.rows):
        collected.warnings.append(
            f"{travelled} {'activity was' if travelled == 1 else 'activities were'} recorded "
            f"in another time zone than {options.timezone}; their local times are kept as the "
            "watch showed them"
        )
    result = jx.to_result(FORMAT, filename, collected, options)
    if archive is not None:
        found = batch.read_members(archive, options, lambda n: UPLOADS in f"/{n.lower()}")
        result.frame = pl.concat([result.frame, found.frame]).unique(
            "activity_id", keep="first", maintain_order=True
        )
        result.problems += found.problems
        result.warnings += found.warnings
        result.streams += found.streams  # the FIT files' samples and laps
    return result


def sniff(filename: str, head: bytes) -> bool:
    """A zip with DI_CONNECT/ or a summarizedActivities member, or that JSON itself."""
    del filename  # decided by content only
    if is_zip(head):
        return any(
            n.startswith("DI_CONNECT/") or n.lower().endswith(SUMMARY_SUFFIX)
            for n in head_names(head)
        )
    if looks_binary(head):
        return False
    text = head_text(head, len(head)).lstrip("\ufeff \t\r\n")
    return text.startswith(("[", "{")) and '"summarizedActivitiesExport"' in text


READER = FileReader(
    name=FORMAT,
    label="Garmin account export (zip or summarizedActivities.json)",
    sniff=sniff,
    read=read,
)
