"""GPX tracks (Strava's activities/*.gpx, Garmin, Runkeeper, handheld GPS) via gpxpy.

One activity per file, whatever its number of tracks: a watch or app writes one workout per
file, and a GPS that splits a walk into 8 tracks at every pause (cerknicko-jezero.gpx) still
recorded one outing. Waypoints and routes are plans, not recordings, and are not read.

Mapping:
- sport from the first track's <type>: Strava writes a number in older exports, text
  ("running") in newer ones. The number table used here covers the four types the product
  cares about: 1 = Ride, 4 = Hike, 9 = Run, 10 = Walk (sport_type is then that name); other
  numbers -> "other" with sport_type "Strava type <n>", kept so a later table can remap them.
  No <type> -> "other", sport_type "unknown". name: first track's <name>, else metadata name.
- start_utc: earliest usable point time; elapsed_s: latest minus earliest (pauses and gaps
  between tracks included). Times without an offset are UTC, as the GPX schema says. Times
  before 1990 or after 2099 (some writers use 1901 for "unknown") are ignored with a warning;
  with fewer than two usable times the file is refused: "the GPX has no usable timestamps".
- moving_s: gpxpy's estimate (time between points moving faster than 1 km/h).
- distance_m: gpxpy length_2d, summed within segments. 2-D, as Strava and Garmin report it:
  3-D adds GPS elevation noise (one 30 m segment of cerknicko-jezero.gpx becomes 48 m).
- elevation_gain_m: gpxpy's uphill rule (3-point smoothing) per segment, altimeter jumps
  skipped (see watch_common.elevation_gain); None when no point has an elevation.
- avg_hr/max_hr: mean and maximum of gpxtpx:TrackPointExtension <hr> (any namespace prefix).
- avg_cadence_spm, foot sports only: mean of non-zero <cad> x 2 (Garmin and Strava write the
  FIT value, strides per minute).
- source_id: content_id(start_utc ISO, sport, round(elapsed_s)): GPX carries no id.
"""

from __future__ import annotations

from typing import Final

import gpxpy
import gpxpy.gpx

from connectors.errors import BadFile
from connectors.files import safe_xml
from connectors.files import watch_common as wc
from connectors.files.base import FileReader, ImportOptions, ReadResult
from connectors.schema import sport_family

FORMAT = "gpx"
STRAVA_TYPE_NUMBERS: Final = {"1": "Ride", "4": "Hike", "9": "Run", "10": "Walk"}


def is_gpx(head: bytes) -> bool:
    """XML text whose root element is <gpx>."""
    return safe_xml.root_is(head, "gpx")


def sport_of(type_text: str | None) -> tuple[str, str]:
    """(family, sport_type) for a track's <type>."""
    text = (type_text or "").strip()
    if not text:
        return "other", "unknown"
    if text.isascii() and text.isdigit():
        name = STRAVA_TYPE_NUMBERS.get(str(int(text)))
        return (sport_family(name), name) if name else ("other", f"Strava type {text}")
    return sport_family(text), text


def _extension_values(point: gpxpy.gpx.GPXTrackPoint, name: str) -> list[float]:
    """Numbers in extension elements called `name` (hr, cad) under any namespace."""
    values = []
    for extension in point.extensions:
        for element in extension.iter():
            if safe_xml.local(str(element.tag)) == name:
                try:
                    number = wc.finite(float((element.text or "").strip()))
                except ValueError:
                    continue
                if number:
                    values.append(number)
    return values


def _gain(doc: gpxpy.gpx.GPX) -> float | None:
    """Metres climbed, summed over segments (see watch_common.elevation_gain)."""
    gains = [
        wc.elevation_gain([p.elevation for p in seg.points], [p.time for p in seg.points])
        for track in doc.tracks
        for seg in track.segments
    ]
    present = [g for g in gains if g is not None]
    return sum(present) if present else None


def parse(filename: str, data: bytes) -> tuple[gpxpy.gpx.GPX, str | None]:
    """The GPX document, checked for entity tricks before gpxpy sees it, and the first track's
    <type> (read here: gpxpy drops it from GPX 1.0 files, where Strava-like writers put it too).
    """
    root = safe_xml.parse(filename, data)
    if safe_xml.local(root.tag) != "gpx":
        raise BadFile(filename, f"not a GPX file: the document is <{safe_xml.local(root.tag)}>")
    types = (
        (child.text or "").strip()
        for track in root
        if safe_xml.local(track.tag) == "trk"
        for child in track
        if safe_xml.local(child.tag) == "type"
    )
    track_type = next((t for t in types if t), None)
    try:
        return gpxpy.parse(safe_xml.xml_text(filename, data)), track_type
    except BadFile:
        raise
    except Exception as exc:  # gpxpy raises GPXException, ValueError, ... on bad values
        raise BadFile(filename, f"the GPX cannot be read ({exc})") from exc


def summarize(
    filename: str, doc: gpxpy.gpx.GPX, track_type: str | None = None
) -> tuple[wc.Activity, list[str]]:
    """The one activity in the file, and warnings about ignored times."""
    points = [p for track in doc.tracks for seg in track.segments for p in seg.points]
    if not points:
        raise BadFile(
            filename, "the GPX has no track points (waypoints or a route are a plan, not a workout)"
        )
    warnings: list[str] = []
    bogus = sum(1 for p in points if p.time is not None and not wc.plausible(p.time))
    for point in points:  # gpxpy's moving time then skips them
        point.time = wc.to_utc(point.time) if wc.plausible(point.time) else None
    times = sorted(p.time for p in points if p.time is not None)
    if len(times) < 2 or times[-1] <= times[0]:
        raise BadFile(
            filename,
            "the GPX has no usable timestamps (track points: "
            f"{len(points)}; times before 1990 or after 2099: {bogus}; "
            f"without a readable time: {sum(1 for p in points if p.time is None) - bogus})",
        )
    if bogus:
        warnings.append(f"{filename}: ignored {bogus} point time(s) before 1990 or after 2099")
    family, sport_type = sport_of(track_type)
    name = next((t.name for t in doc.tracks if t.name), None) or doc.name
    moving = doc.get_moving_data()
    hr = [v for p in points for v in _extension_values(p, "hr")[:1]]
    cadence = [v for p in points for v in _extension_values(p, "cad")[:1]]
    activity = wc.Activity(
        sport=family,
        sport_type=sport_type,
        name=name,
        start_utc=times[0],
        elapsed_s=(times[-1] - times[0]).total_seconds(),
        moving_s=moving.moving_time if moving else None,
        distance_m=wc.finite(doc.length_2d()),
        elevation_gain_m=_gain(doc),
        avg_hr=wc.mean(hr),
        max_hr=wc.maximum(hr),
        avg_cadence_spm=2 * wc.mean(cadence) if family in wc.FOOT_SPORTS and cadence else None,
    )
    return activity, warnings


def recorded(doc: gpxpy.gpx.GPX, foot: bool) -> wc.Recorded:
    """Track points as samples (hr, cad x2 on foot, elevation, position); distance summed
    within segments as length_2d does (a gap between tracks is no distance covered), speed
    from distance over time (connectors.streams). GPX has no laps."""
    samples: list[dict[str, object]] = []
    distance = 0.0
    for track in doc.tracks:
        for seg in track.segments:
            for prev, p in zip([None, *seg.points], seg.points, strict=False):
                distance += wc.finite(p.distance_2d(prev)) or 0.0 if prev is not None else 0.0
                cadence = _extension_values(p, "cad")[:1] if foot else []
                samples.append({
                    "time": p.time,
                    "hr_bpm": next(iter(_extension_values(p, "hr")), None),
                    "cadence_spm": 2 * cadence[0] if cadence else None,
                    "altitude_m": p.elevation,
                    "lat": p.latitude,
                    "lon": p.longitude,
                    "distance_m": distance,
                })  # fmt: skip
    return wc.Recorded(samples, [])


def read(filename: str, data: bytes, options: ImportOptions) -> ReadResult:
    """A GPX file, plain or gzip-compressed, as one canonical row."""
    wc.zone(filename, options)
    doc, track_type = parse(filename, wc.unwrap(filename, data))
    activity, warnings = summarize(filename, doc, track_type)
    track = recorded(doc, activity.sport in wc.FOOT_SPORTS)
    return wc.result(filename, FORMAT, [activity], options, warnings=warnings, recorded=[track])


READER = FileReader(
    name=FORMAT, label="GPX track (.gpx, .gpx.gz)", sniff=wc.gz_sniff(is_gpx), read=read
)
