"""FIT activity files (Garmin, COROS, Wahoo, Strava's activities/*.fit.gz) via fitdecode.

One canonical row per session message (a multisport file has several; most have one).
Mapping, session field first, then a figure derived from the session's records:
- sport from session sport/sub_sport (the sub-sport decides only when the sport is generic,
  e.g. training/strength_training); else the sport message, a lap, or records' activity_type.
  sport_type: "running", or "running (trail)" with a sub-sport.
- start_utc: start_time (FIT times are UTC); elapsed_s: total_elapsed_time; moving_s:
  total_timer_time (the watch's timer, pauses excluded); distance_m: total_distance;
  elevation_gain_m: total_ascent; avg_hr/max_hr; calories: total_calories.
- avg_cadence_spm, foot sports only: FIT stores strides per minute (one foot), as
  avg_running_cadence for runs and avg_cadence for walks, plus avg_fractional_cadence (1/128):
  steps/min = 2 x (cadence + fraction). Records: mean of non-zero cadence + fractional_cadence, x2.
- steps, foot sports only: 2 x total_strides (total_cycles for sports without the stride
  sub-field, e.g. hiking). Not estimated from cadence when the watch did not count.
- avg_contact_ms: avg_stance_time, else mean of non-zero record stance_time.
- source_id: "<file_id serial_number>-<time_created epoch s>" (plus "-<n>" per session in a
  multisport file), else content_id(start_utc, sport, round(elapsed_s)).
- name: the workout message's wkt_name, else the sport message's name. rpe: session
  workout_rpe / 10 (Borg CR10 x 10, FIT SDK 21.94+). laps: session num_laps, else the lap
  messages of a one-session file.
- start_local: the activity message's local_timestamp - timestamp is the offset the watch was
  in, so a run abroad lands on its own local day (with a warning); else options.timezone.
Records without a session (a watch that died, some phone apps): start = first record,
elapsed = last - first, distance = largest record distance, HR as the sample mean and maximum.

Damaged files are refused with BadFile, never read halfway: a checksum (CRC) mismatch, a file
cut short, a message using an undefined local type ("local message 11 not defined"). A flipped
bit can turn 5 km into 5,000 km without any other sign, and the watch or Strava still holds a
good copy. A CRC of 0 (writers that skip it) is accepted. Bytes after a complete FIT file are
ignored with a warning.
"""

from __future__ import annotations

import io
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from connectors.errors import BadFile
from connectors.files import budget
from connectors.files import watch_common as wc
from connectors.files.base import FileReader, ImportOptions, ReadResult, RowProblem
from connectors.schema import sport_family

if TYPE_CHECKING:  # imported in decode(): its import costs the server ~16 MB at its peak
    import fitdecode  # (issue 12), and the Import page's list of formats needs none of it

FORMAT = "fit"
_RECORD_FIELDS = (
    "timestamp", "heart_rate", "cadence", "fractional_cadence", "distance", "enhanced_altitude",
    "altitude", "enhanced_speed", "speed", "stance_time", "activity_type", "position_lat",
    "position_long",
)  # fmt: skip
_DEGREES_PER_SEMICIRCLE = 180 / 2**31
_KEPT = frozenset({"file_id", "session", "sport", "lap", "record", "activity", "workout"})
_MAX_OFFSET_S = 14 * 3600  # UTC-12 .. UTC+14: anything else is not a time zone


@dataclass
class FitContent:
    """The messages of a FIT file that a summary needs; records hold only _RECORD_FIELDS."""

    file_id: dict[str, Any] = field(default_factory=dict)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    sport: dict[str, Any] = field(default_factory=dict)
    laps: list[dict[str, Any]] = field(default_factory=list)
    activity: dict[str, Any] = field(default_factory=dict)
    workout: dict[str, Any] = field(default_factory=dict)
    records: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _record_sport: list[Any] = field(default_factory=list)

    def record_sport(self) -> Any:
        """The first record's activity_type, looked up once (not once per session)."""
        if not self._record_sport:
            found = (r["activity_type"] for r in self.records if "activity_type" in r)
            self._record_sport.append(next(found, None))
        return self._record_sport[0]


def is_fit(head: bytes) -> bool:
    """A FIT header: size byte 12 or 14, then ".FIT" at bytes 8-12."""
    return len(head) >= 12 and head[0] in (12, 14) and head[8:12] == b".FIT"


def _values(message: fitdecode.FitDataMessage) -> dict[str, Any]:
    """Field name -> decoded value; developer fields (which may reuse names) are left out."""
    values: dict[str, Any] = {}
    for data in message.fields:
        if data.field_def is not None and data.field_def.is_dev:
            continue
        if data.value is not None and data.name not in values:
            values[data.name] = data.value
    return values


def decode(filename: str, data: bytes) -> FitContent:
    """The file's file_id, sessions, sport, laps and records. BadFile when it is damaged."""
    import fitdecode

    content = FitContent()
    complete = 0
    try:
        reader = fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.READONLY,  # compared below, so CRC 0 can pass
            error_handling=fitdecode.ErrorHandling.IGNORE,  # unknown fields are not damage
        )
        with reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitHeader) and frame.crc_matched is False:
                    raise BadFile(filename, "the FIT header's checksum does not match: damaged")
                if isinstance(frame, fitdecode.FitCRC):
                    if not frame.matched and frame.crc != 0:
                        raise BadFile(
                            filename,
                            "the FIT file's checksum does not match: the file is damaged "
                            "(a bad copy or a flipped bit). Export it again from the watch or app.",
                        )
                    complete += 1
                elif isinstance(frame, fitdecode.FitDataMessage) and frame.name in _KEPT:
                    _keep(content, frame.name, _values(frame))
    except BadFile:
        raise
    except fitdecode.FitHeaderError as exc:
        if not complete:
            raise BadFile(filename, f"not a readable FIT file ({exc})") from exc
        content.warnings.append(f"{filename}: ignored bytes after the end of the FIT data")
    except fitdecode.FitEOFError as exc:
        raise BadFile(filename, "the FIT file is cut short (an incomplete copy?)") from exc
    except fitdecode.FitParseError as exc:
        raise BadFile(filename, f"the FIT file is malformed: {exc}") from exc
    except Exception as exc:  # fitdecode meets hostile bytes with any exception type
        raise BadFile(filename, f"the FIT file cannot be decoded ({type(exc).__name__})") from exc
    return content


def _keep(content: FitContent, name: str, values: dict[str, Any]) -> None:
    if name == "file_id":
        content.file_id = content.file_id or values
    elif name == "session":
        content.sessions.append(values)
    elif name == "sport":
        content.sport = content.sport or values
    elif name == "lap":
        content.laps.append(values)
    elif name in ("activity", "workout"):
        setattr(content, name, getattr(content, name) or values)
    elif isinstance(values.get("timestamp"), datetime):  # ints are "seconds since power-on"
        content.records.append({k: values[k] for k in _RECORD_FIELDS if k in values})


def _num(values: dict[str, Any], *names: str) -> float | None:
    for name in names:
        number = wc.finite(values.get(name))
        if number is not None:
            return number
    return None


def _sport(session: dict[str, Any], content: FitContent) -> tuple[str, str]:
    """(family, FIT sport type) from the session, else the sport message, a lap, or records."""
    sources = [session, content.sport, *content.laps[:1]]
    sport = next((s["sport"] for s in sources if s.get("sport") is not None), None)
    sub = next((s["sub_sport"] for s in sources if s.get("sub_sport") is not None), None)
    if sport is None:
        sport = content.record_sport()
    sport_text = "generic" if sport is None else str(sport)
    family = sport_family(sport_text)
    if family == "other" and sub is not None:
        family = sport_family(str(sub))
    label = sport_text if sub in (None, "generic") else f"{sport_text} ({sub})"
    return family, label


class _Windows:
    """The records of each session's time window, found by bisection in the records sorted
    once by time: linear in records plus sessions x log(records), where a scan per session
    made a file of 20,000 sessions quadratic (minutes of CPU for 1.5 MB)."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = sorted(records, key=lambda r: r["timestamp"])
        self.times = [r["timestamp"] for r in self.records]

    def of(self, session: dict[str, Any]) -> list[dict[str, Any]]:
        start, elapsed = session.get("start_time"), _num(session, "total_elapsed_time")
        if not isinstance(start, datetime) or elapsed is None:
            return []  # no window: one session of several cannot claim every record
        try:
            end = start + timedelta(seconds=elapsed + 1)
        except OverflowError:
            return []
        return self.records[bisect_left(self.times, start) : bisect_right(self.times, end)]


def _cadence(values: dict[str, Any], names: tuple[str, str], fraction: str) -> float | None:
    whole = _num(values, *names)
    return None if whole is None else whole + (_num(values, fraction) or 0.0)


def _activity(
    session: dict[str, Any], index: int, content: FitContent, records: list[dict[str, Any]]
) -> wc.Activity | None:
    multi = records is not content.records
    family, label = _sport(session, content)
    times = [r["timestamp"] for r in records if wc.plausible(r["timestamp"])]
    start = session.get("start_time")
    if not wc.plausible(start):
        start = times[0] if times else content.file_id.get("time_created")
    if not isinstance(start, datetime) or not wc.plausible(start):
        return None
    elapsed = _num(session, "total_elapsed_time")
    if elapsed is None and isinstance(session.get("timestamp"), datetime):
        elapsed = (session["timestamp"] - start).total_seconds()
    if elapsed is None and times:
        elapsed = (times[-1] - start).total_seconds()
    if elapsed is None or elapsed <= 0:
        return None
    foot = family in wc.FOOT_SPORTS
    cadence = _cadence(session, ("avg_running_cadence", "avg_cadence"), "avg_fractional_cadence")
    if cadence is None:
        per_record = [_cadence(r, ("cadence", "cadence"), "fractional_cadence") for r in records]
        cadence = wc.mean(c for c in per_record if c)
    strides = _num(session, "total_strides", "total_cycles")
    serial, created = content.file_id.get("serial_number"), content.file_id.get("time_created")
    source_id = None
    if serial is not None and isinstance(created, datetime):
        source_id = f"{serial}-{int(created.timestamp())}" + (f"-{index}" if multi else "")
    return wc.Activity(
        sport=family,
        sport_type=label,
        start_utc=start,
        elapsed_s=elapsed,
        source_id=source_id,
        name=_name(content),
        rpe=_rpe(session),
        laps=_laps(session, content, multi),
        local_offset_s=_offset(content.activity),
        moving_s=_num(session, "total_timer_time"),
        distance_m=_or(
            _num(session, "total_distance"),
            wc.maximum(wc.finite(r.get("distance")) for r in records),
        ),
        elevation_gain_m=_or(
            _num(session, "total_ascent"),
            wc.elevation_gain(
                [_num(r, "enhanced_altitude", "altitude") for r in records],
                [r["timestamp"] for r in records],
            ),
        ),
        avg_hr=_or(
            _num(session, "avg_heart_rate"), wc.mean(_num(r, "heart_rate") for r in records)
        ),
        max_hr=_or(
            _num(session, "max_heart_rate"), wc.maximum(_num(r, "heart_rate") for r in records)
        ),
        avg_cadence_spm=2 * cadence if foot and cadence else None,
        steps=round(2 * strides) if foot and strides is not None else None,
        avg_contact_ms=_or(
            _num(session, "avg_stance_time"),
            wc.mean(s for s in (_num(r, "stance_time") for r in records) if s),
        ),
        calories=_num(session, "total_calories"),
    )


def recorded(records: list[dict[str, Any]], laps: list[dict[str, Any]], foot: bool) -> wc.Recorded:
    """The session's records as samples (positions from semicircles to degrees; cadence
    2 x (cadence + fraction) on foot, as for the summary) and, in a one-session file, its lap
    messages (start_time, total_timer_time else total_elapsed_time, total_distance,
    avg_heart_rate)."""
    samples = []  # raw values: connectors.streams.build checks every one
    for r in records:
        get = r.get
        cadence = get("cadence") if foot else None
        if isinstance(cadence, int | float) and cadence:
            cadence = 2 * (cadence + (_num(r, "fractional_cadence") or 0.0))
        lat, lon = get("position_lat"), get("position_long")
        speed, altitude = get("enhanced_speed"), get("enhanced_altitude")
        samples.append({
            "time": r["timestamp"],
            "hr_bpm": get("heart_rate"),
            "speed_m_s": get("speed") if speed is None else speed,
            "cadence_spm": cadence or None,
            "altitude_m": get("altitude") if altitude is None else altitude,
            "lat": lat * _DEGREES_PER_SEMICIRCLE if isinstance(lat, int) else None,
            "lon": lon * _DEGREES_PER_SEMICIRCLE if isinstance(lon, int) else None,
            "distance_m": get("distance"),
        })  # fmt: skip
    laps = [
        {
            "start": lap.get("start_time"),
            "duration_s": _num(lap, "total_timer_time", "total_elapsed_time"),
            "distance_m": _num(lap, "total_distance"),
            "avg_hr_bpm": _num(lap, "avg_heart_rate"),
        }
        for lap in laps
    ]
    return wc.Recorded(samples, laps)


def _name(content: FitContent) -> str | None:
    """The workout's name (workout wkt_name), else the sport message's name."""
    for values, key in ((content.workout, "wkt_name"), (content.sport, "name")):
        text = values.get(key)
        if isinstance(text, str) and text.strip():
            return text.strip()
    return None


def _rpe(session: dict[str, Any]) -> float | None:
    """workout_rpe: Borg CR10 x 10 (FIT SDK 21.94+, the watch's "perceived effort" prompt)."""
    raw = _num(session, "workout_rpe")
    return raw / 10 if raw is not None and 0 <= raw <= 100 else None


def _laps(session: dict[str, Any], content: FitContent, multi: bool) -> int | None:
    counted = _num(session, "num_laps")
    if counted is not None and counted >= 1:
        return round(counted)
    return len(content.laps) if content.laps and not multi else None


def _offset(activity: dict[str, Any]) -> float | None:
    """activity.local_timestamp - activity.timestamp in seconds: the watch's UTC offset."""
    local, moment = activity.get("local_timestamp"), activity.get("timestamp")
    if isinstance(local, int) and isinstance(moment, datetime):  # raw seconds since 1989-12-31
        local = datetime(1989, 12, 31, tzinfo=moment.tzinfo) + timedelta(seconds=local)
    if not isinstance(local, datetime) or not isinstance(moment, datetime):
        return None
    offset = (local.replace(tzinfo=None) - moment.replace(tzinfo=None)).total_seconds()
    offset = round(offset / 900) * 900  # zones are whole quarter hours; the two may differ by 1 s
    return float(offset) if abs(offset) <= _MAX_OFFSET_S else None


def _or(value: float | None, fallback: float | None) -> float | None:
    return value if value is not None else fallback


def summarize(
    filename: str, content: FitContent
) -> tuple[list[wc.Activity], list[RowProblem], list[wc.Recorded]]:
    """One Activity per session (one from the records when there is no session), with what
    each recorded over time."""
    kind = content.file_id.get("type")
    if kind is not None and kind != "activity":
        raise BadFile(filename, f"this FIT file is a {kind!r} file, not a recorded activity")
    sessions = content.sessions or [{}]
    budget.charge_sessions(filename, len(sessions))
    windows = _Windows(content.records) if len(sessions) > 1 else None
    activities, problems, tracks = [], [], []
    for index, session in enumerate(sessions):
        records = windows.of(session) if windows is not None else content.records
        activity = _activity(session, index, content, records)
        if activity is None:
            reason = f"session {index + 1} has no usable start time or duration; skipped"
            problems.append(RowProblem(filename, None, reason))
        else:
            activities.append(activity)
            laps = content.laps if windows is None else []  # one session of several: unknown
            tracks.append(recorded(records, laps, activity.sport in wc.FOOT_SPORTS))
    if not activities and content.sessions:
        raise BadFile(filename, "; ".join(p.reason for p in problems[:3]))
    if not activities:
        raise BadFile(filename, "the FIT file holds no activity (no session and no timed records)")
    return activities, problems, tracks


def read(filename: str, data: bytes, options: ImportOptions) -> ReadResult:
    """A FIT file, plain or gzip-compressed, as canonical rows (one per session)."""
    wc.zone(filename, options)  # a wrong setting is reported before any decoding work
    content = decode(filename, wc.unwrap(filename, data))
    activities, problems, tracks = summarize(filename, content)
    return wc.result(
        filename, FORMAT, activities, options, problems, content.warnings, recorded=tracks
    )


READER = FileReader(
    name=FORMAT, label="FIT activity file (.fit, .fit.gz)", sniff=wc.gz_sniff(is_fit), read=read
)
