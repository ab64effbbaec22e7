"""Garmin Training Center TCX files (Garmin Connect, Strava's activities/*.tcx.gz, MapMyRide).

Parsed with defusedxml (entity tricks refused), whether pretty-printed or on one line.
One canonical row per <Activity> (a file normally holds one).

Mapping:
- sport: the Activity's Sport attribute ("Running", "Biking", "Other"): sport_type keeps it.
- start_utc: <Id>, else the first lap's StartTime, else the first trackpoint time (UTC "Z",
  offsets, or microseconds such as 2022-11-12T15:58:25.849800+00:00). elapsed_s: from the start
  to the later of the last trackpoint and the end of the last lap (StartTime + TotalTimeSeconds).
- moving_s: laps' TotalTimeSeconds summed (the device timer, pauses excluded).
- distance_m: laps' DistanceMeters summed, else the largest trackpoint DistanceMeters.
- elevation_gain_m: trackpoint AltitudeMeters, smoothed and summed as gpxpy does for GPX,
  altimeter jumps skipped (the ski sample calibrates from 1258 m to 2259 m in its first
  seconds; see watch_common.elevation_gain).
- avg_hr: laps' AverageHeartRateBpm weighted by TotalTimeSeconds when every timed lap has one,
  else the mean of trackpoint HeartRateBpm; max_hr: largest lap or trackpoint maximum.
- avg_cadence_spm, foot sports only: ns3:RunCadence is per leg (strides/min), so x2; from the
  laps' ns3:AvgRunCadence weighted by time when every timed lap has it, else the mean of
  non-zero trackpoint RunCadence. <Cadence> is pedal rpm and is not used.
- calories: laps' Calories summed. steps: not read (TCX has no step count everyone agrees on).
- MaximumSpeed is not read (MapMyRide writes 138 m/s for a bike ride).
- source_id: content_id(start_utc ISO, sport, round(elapsed_s)).
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

from connectors.errors import BadFile
from connectors.files import safe_xml
from connectors.files import watch_common as wc
from connectors.files.base import FileReader, ImportOptions, ReadResult, RowProblem
from connectors.schema import sport_family

FORMAT = "tcx"


def is_tcx(head: bytes) -> bool:
    """XML text whose root element is <TrainingCenterDatabase>."""
    return safe_xml.root_is(head, "TrainingCenterDatabase")


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if safe_xml.local(child.tag) == name]


def _find(element: ET.Element, *path: str) -> ET.Element | None:
    """The first element down `path` of local names (namespaces ignored)."""
    current: ET.Element | None = element
    for name in path:
        if current is None:
            return None
        current = next(iter(_children(current, name)), None)
    return current


def _number(element: ET.Element, *path: str) -> float | None:
    found = _find(element, *path)
    if found is None or not (found.text or "").strip():
        return None
    try:
        return wc.finite(float(found.text.strip()))
    except ValueError:
        return None


def _time(text: str | None) -> datetime | None:
    """A plausible UTC time, or None. Short texts (every real one) go through a small cache:
    the summary reads each point's time, then the streams read it again."""
    if text is not None and len(text) <= 40:
        return _cached_time(text)
    return _parse_time(text)


@functools.lru_cache(maxsize=16_384)  # at most ~2 MB: keys are 40 characters at most
def _cached_time(text: str) -> datetime | None:
    return _parse_time(text)


def _parse_time(text: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return wc.to_utc(moment) if wc.plausible(moment) else None


def _weighted(pairs: list[tuple[float | None, float]]) -> float | None:
    """Time-weighted mean of (value, seconds) when every lap with time has a value."""
    timed = [(v, s) for v, s in pairs if s > 0]
    total = sum(s for _, s in timed)
    if not timed or total <= 0 or any(v is None for v, _ in timed):
        return None
    return sum(v * s for v, s in timed if v is not None) / total


def _per_lap(laps: list[ET.Element], seconds: list[float], *path: str) -> float | None:
    """Lap values at `path`, time-weighted, when every timed lap has one (else None)."""
    return _weighted([(_number(lap, *path), s) for lap, s in zip(laps, seconds, strict=True)])


def _activity(element: ET.Element) -> wc.Activity:
    """One <Activity>. Raises ValueError with a reason when it has no usable times."""
    sport_type = (element.get("Sport") or "").strip() or "Other"
    family = sport_family(sport_type)
    laps = _children(element, "Lap")
    points = [tp for lap in laps for track in _children(lap, "Track") for tp in track]
    point_times = [t for t in (_time(_text(tp, "Time")) for tp in points) if t]
    lap_starts = [_time(lap.get("StartTime")) for lap in laps]
    lap_seconds = [_number(lap, "TotalTimeSeconds") or 0.0 for lap in laps]
    start = _time(_text(element, "Id")) or next((t for t in lap_starts if t), None)
    start = start or (min(point_times) if point_times else None)
    if start is None:
        shown = (_text(element, "Id") or "").strip()[:40]
        said = f" (its <Id> {shown!r} is no time between 1990 and 2099)" if shown else ""
        raise ValueError(f"it has no usable start time{said}")
    lap_ends = [s + timedelta(seconds=d) for s, d in zip(lap_starts, lap_seconds, strict=True) if s]
    ends = point_times + lap_ends
    elapsed = (max(ends) - start).total_seconds() if ends else 0.0
    if elapsed <= 0:
        elapsed = sum(lap_seconds)
    if elapsed <= 0:
        raise ValueError("it has no duration (no lap times and no trackpoint times)")
    hr_points = [_number(tp, "HeartRateBpm", "Value") for tp in points]
    lap_hr = _per_lap(laps, lap_seconds, "AverageHeartRateBpm", "Value")
    lap_cadence = _per_lap(laps, lap_seconds, "Extensions", "LX", "AvgRunCadence")
    cadence = lap_cadence or wc.mean(
        c for c in (_number(tp, "Extensions", "TPX", "RunCadence") for tp in points) if c
    )
    lap_distances = [d for d in (_number(lap, "DistanceMeters") for lap in laps) if d is not None]
    calories = [c for c in (_number(lap, "Calories") for lap in laps) if c is not None]
    return wc.Activity(
        sport=family,
        sport_type=sport_type,
        start_utc=start,
        elapsed_s=elapsed,
        moving_s=sum(lap_seconds) or None,
        distance_m=sum(lap_distances)
        if lap_distances
        else wc.maximum(_number(tp, "DistanceMeters") for tp in points),
        elevation_gain_m=wc.elevation_gain(
            [_number(tp, "AltitudeMeters") for tp in points],
            [_time(_text(tp, "Time")) for tp in points],
        ),
        avg_hr=lap_hr if lap_hr is not None else wc.mean(h for h in hr_points if h),
        max_hr=wc.maximum(
            [*(_number(lap, "MaximumHeartRateBpm", "Value") for lap in laps), *hr_points]
        ),
        avg_cadence_spm=2 * cadence if family in wc.FOOT_SPORTS and cadence else None,
        calories=sum(calories) if calories else None,
    )


def _leaves(point: ET.Element) -> dict[str, str | None]:
    """A trackpoint's leaf texts in one walk, by local names: "Time", "Position/LatitudeDegrees",
    "Extensions/Speed" (whatever the extension's own element); the first of each."""
    found: dict[str, str | None] = {}
    for child in point:
        name = safe_xml.local(child.tag)
        if not len(child):
            found.setdefault(name, child.text)
            continue
        for sub in child.iter():
            if sub is not child and not len(sub):
                found.setdefault(f"{name}/{safe_xml.local(sub.tag)}", sub.text)
    return found


def _float(text: str | None) -> float | None:
    """The number in `text`, unchecked (connectors.streams.build checks every value)."""
    try:
        return float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _recorded(element: ET.Element, foot: bool) -> wc.Recorded:
    """Trackpoints as samples (RunCadence x2 on foot; <Cadence> is pedal rpm, not read) and
    laps (StartTime, TotalTimeSeconds, DistanceMeters, AverageHeartRateBpm)."""
    laps = _children(element, "Lap")
    samples = []
    for lap in laps:
        for track in _children(lap, "Track"):
            for tp in track:
                leaf = _leaves(tp)
                cadence = _float(leaf.get("Extensions/RunCadence")) if foot else None
                samples.append({
                    "time": _time(leaf.get("Time")),
                    "hr_bpm": _float(leaf.get("HeartRateBpm/Value")),
                    "speed_m_s": _float(leaf.get("Extensions/Speed")),
                    "cadence_spm": 2 * cadence if cadence else None,
                    "altitude_m": _float(leaf.get("AltitudeMeters")),
                    "lat": _float(leaf.get("Position/LatitudeDegrees")),
                    "lon": _float(leaf.get("Position/LongitudeDegrees")),
                    "distance_m": _float(leaf.get("DistanceMeters")),
                })  # fmt: skip
    return wc.Recorded(
        samples,
        [
            {
                "start": _time(lap.get("StartTime")),
                "duration_s": _number(lap, "TotalTimeSeconds"),
                "distance_m": _number(lap, "DistanceMeters"),
                "avg_hr_bpm": _number(lap, "AverageHeartRateBpm", "Value"),
            }
            for lap in laps
        ],
    )


def _text(element: ET.Element, name: str) -> str | None:
    found = _find(element, name)
    return None if found is None else found.text


def read(filename: str, data: bytes, options: ImportOptions) -> ReadResult:
    """A TCX file, plain or gzip-compressed, as canonical rows (one per Activity)."""
    wc.zone(filename, options)
    root = safe_xml.parse(filename, wc.unwrap(filename, data))
    if safe_xml.local(root.tag) != "TrainingCenterDatabase":
        raise BadFile(filename, f"not a TCX file: the document is <{safe_xml.local(root.tag)}>")
    elements = [a for group in _children(root, "Activities") for a in _children(group, "Activity")]
    if not elements:
        raise BadFile(filename, "the TCX file has no <Activity> (a course or workout plan?)")
    activities, recorded, problems = [], [], []
    for number, element in enumerate(elements, start=1):
        try:
            activities.append(_activity(element))
        except ValueError as exc:
            problems.append(RowProblem(filename, None, f"activity {number} skipped: {exc}"))
            continue
        recorded.append(_recorded(element, activities[-1].sport in wc.FOOT_SPORTS))
    if not activities:
        raise BadFile(filename, "; ".join(p.reason for p in problems))
    return wc.result(filename, FORMAT, activities, options, problems, recorded=recorded)


READER = FileReader(
    name=FORMAT, label="TCX activity (.tcx, .tcx.gz)", sniff=wc.gz_sniff(is_tcx), read=read
)
