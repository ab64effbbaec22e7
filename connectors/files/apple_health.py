"""Apple Health export: export.zip (apple_health_export/export.xml) or a bare export.xml.

The file is 0.5-5 GB of <Record> elements with a few thousand <Workout> among them. It is fed
to the parser in 1 MB chunks and no element tree is ever built: the parser's callbacks keep only
the workout being read (its attributes, statistics and metadata), so memory stays flat however
many records stream past. A zip member is streamed from the archive (from disk for read_path).

Safety: the parser is defusedxml's (the pure-Python ElementTree parser with entity declarations
and external references refused). Apple's own file has an internal DTD (<!ATTLIST ...>), which
is allowed; any <!ENTITY> (billion laughs, external entities) raises UnsafeFile before anything
is expanded. Only its tree-building callbacks are replaced (`_Parser._start/_end`), which is
what makes ~90 MB/s possible instead of ~55 (bench/files_bench.py).

Mapping of a <Workout> (old attribute form and iOS 16+ <WorkoutStatistics> children; a
statistic missing at the workout level is taken from its <WorkoutActivity> children):
- sport: workoutActivityType via apple_health_workout.sport; sport_type: "Running", "Yoga", ...
- start_utc: startDate ("2025-09-16 16:14:50 +0100"); elapsed_s: endDate - startDate (pauses
  included), else duration; moving_s: duration x durationUnit (min, s, hr).
- start_local / timezone: the HKTimeZone metadata when it is a known IANA zone, else
  options.timezone when set (not "UTC"), else the offset written in startDate.
- distance_m: totalDistance x unit, else the Distance* statistic's sum (km, mi, m, yd).
- avg_hr / max_hr: HeartRate average / maximum; calories: totalEnergyBurned, else
  ActiveEnergyBurned sum (kcal; kJ converted); elevation_gain_m: HKElevationAscended ("6575 cm").
- steps (foot sports): StepCount sum; avg_cadence_spm = steps / (moving_s / 60), the mean
  cadence over the active time; avg_contact_ms: RunningGroundContactTime average.
- source_id: content_id(start_utc ISO, workoutActivityType, round(elapsed_s)).
A workout without a readable start, or lasting under 1 s or over a week, becomes a RowProblem
naming it ("Workout #12 (line 3456)"); the others are kept.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

import defusedxml
import defusedxml.ElementTree as DET

from connectors.errors import BadFile, UnsafeFile
from connectors.files import safe_xml
from connectors.files import watch_common as wc
from connectors.files.apple_health_workout import RawWorkout, Rows, to_result
from connectors.files.archive import SafeZip, head_names, is_zip
from connectors.files.base import FileReader, ImportOptions, Progress, ReadResult

FORMAT: Final = "apple_health"
MEMBER: Final = "export.xml"
CHUNK: Final = 1024 * 1024
PROGRESS_EVERY: Final = 50 * 1024**2
MAX_KEPT: Final = 10_000  # statistics and metadata kept per workout (Apple writes ~50)
MAX_WORKOUTS: Final = 100_000  # a workout a day for 270 years
_APPLE_FILES: Final = frozenset({MEMBER, "export_cda.xml"})
_APPLE_FOLDERS: Final = frozenset({"apple_health_export", "workout-routes", "electrocardiograms"})


class _NoTree:
    """The parser needs a target with start/end; callbacks are handled in _Parser itself."""

    def start(self, tag: str, attrib: dict[str, str]) -> None: ...

    def end(self, tag: str) -> None: ...

    def close(self) -> None: ...


class _Parser(DET.DefusedXMLParser):  # type: ignore[misc]
    """defusedxml's parser with its tree building replaced by workout collection."""

    def __init__(self, filename: str, rows: Rows) -> None:
        super().__init__(target=_NoTree(), forbid_dtd=False, forbid_entities=True)
        # Text between elements is of no use; with no handler expat skips it in C. An "&name;"
        # then fails as an undefined entity (declarations are refused: nothing could expand).
        self.parser.DefaultHandlerExpand = None
        self.filename = filename
        self.depth = 0
        self.rows = rows
        self.current: RawWorkout | None = None
        self.activity: dict[str, dict[str, str]] | None = None
        self.count = 0

    # Called by expat for every element: keep the Record path as short as possible.
    def _start(self, tag: str, attrs: list[str]) -> None:
        self.depth += 1
        if self.depth == 2:
            if tag == "Workout":
                self._open_workout(attrs)
        elif self.depth > 2:
            if self.current is not None:
                self._child(tag, attrs)
        elif tag != "HealthData":
            raise BadFile(
                self.filename,
                f"not an Apple Health export (the document is <{tag}>, not <HealthData>)",
            )

    def _open_workout(self, attrs: list[str]) -> None:
        self.count += 1
        if self.count > MAX_WORKOUTS:
            raise UnsafeFile(self.filename, f"refused: more than {MAX_WORKOUTS:,} workouts")
        self.current = RawWorkout(self.count, self.parser.CurrentLineNumber, _pairs(attrs))

    def _end(self, tag: str) -> None:
        self.depth -= 1
        if self.depth == 1 and self.current is not None:
            self.rows.add(self.current)
            self.current = None
        elif self.depth == 2:
            self.activity = None

    def _child(self, tag: str, attrs: list[str]) -> None:
        workout = self.current
        assert workout is not None
        if workout.kept >= MAX_KEPT:
            return
        if self.depth == 3 and tag == "WorkoutStatistics":
            values = _pairs(attrs)
            workout.stats.setdefault(values.get("type", ""), values)
        elif self.depth == 3 and tag == "MetadataEntry":
            values = _pairs(attrs)
            workout.metadata.setdefault(values.get("key", ""), values.get("value", ""))
        elif self.depth == 3 and tag == "WorkoutActivity":
            self.activity = {"": _pairs(attrs)}
            workout.activities.append(self.activity)
        elif self.depth == 4 and self.activity is not None and tag == "WorkoutStatistics":
            values = _pairs(attrs)
            self.activity.setdefault(values.get("type", ""), values)
        else:
            return
        workout.kept += 1


def _pairs(attrs: list[str]) -> dict[str, str]:
    return dict(zip(attrs[::2], attrs[1::2], strict=False))


def parse(
    filename: str,
    chunks: Iterable[bytes],
    total: int,
    options: ImportOptions,
    progress: Progress | None = None,
) -> ReadResult:
    """The workouts in the XML fed as `chunks` (`total` bytes, for progress) as canonical rows.

    UnsafeFile for entity declarations and external references, BadFile for XML that is not
    well-formed (a cut-short export), not an Apple Health export, or without a usable workout.
    """
    rows = Rows(filename, options)
    parser = _Parser(filename, rows)
    done, next_report = 0, PROGRESS_EVERY
    try:
        for chunk in chunks:
            parser.feed(chunk)
            done += len(chunk)
            if progress is not None and done >= next_report:
                next_report += PROGRESS_EVERY
                progress(min(done / max(total, 1), 1.0), _progress_text(parser))
        parser.close()
    except defusedxml.EntitiesForbidden as exc:
        raise UnsafeFile(
            filename,
            f"refused: the XML declares an entity ({exc.name!r}); entities are how 'billion "
            "laughs' and file-stealing (external entity) attacks work, and no Apple Health "
            "export declares one",
        ) from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise UnsafeFile(
            filename, f"refused: the XML refers to an outside resource ({exc.sysid!r})"
        ) from exc
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeFile(filename, f"refused: unsafe XML ({exc})") from exc
    except DET.ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        where = f" at line {line}, column {column}" if line else ""
        raise BadFile(
            filename,
            f"the export is damaged or cut short{where} ({_reason(exc)}); export it again "
            "from the Health app (profile picture > Export All Health Data)",
        ) from exc
    except (ValueError, LookupError) as exc:  # e.g. an unknown declared encoding
        raise BadFile(filename, f"the XML cannot be read ({exc})") from exc
    if progress is not None:
        progress(1.0, _progress_text(parser))
    if not parser.count:
        raise BadFile(filename, "the Apple Health export holds no workouts")
    return to_result(FORMAT, rows)


def _progress_text(parser: _Parser) -> str:
    return f"Reading {MEMBER}: {parser.count:,} workouts"


def _reason(exc: Exception) -> str:
    return str(exc).split(":", 1)[0]


def _bytes_chunks(data: bytes) -> Iterator[bytes]:
    view = memoryview(data)
    for start in range(0, len(view), CHUNK):
        yield bytes(view[start : start + CHUNK])


def _file_chunks(handle: io.BufferedIOBase) -> Iterator[bytes]:
    while chunk := handle.read(CHUNK):
        yield chunk


def _member(archive: SafeZip) -> tuple[str, int]:
    name = archive.find(MEMBER)
    if name is None:
        raise BadFile(
            archive.filename,
            "a zip archive without export.xml: not an Apple Health export (export.zip holds "
            "apple_health_export/export.xml)",
        )
    size = next(m.size for m in archive.members() if m.name == name)
    return name, size


def read(filename: str, data: bytes, options: ImportOptions) -> ReadResult:
    """An export.zip or export.xml held in memory, as canonical rows (one per workout)."""
    wc.zone(filename, options)
    if is_zip(data):
        archive = SafeZip(filename, data)
        name, size = _member(archive)
        inner = f"{filename}/{name}"
        return parse(inner, archive.stream(name, chunk_size=CHUNK), size, options)
    if not data or data.isspace():  # isspace, unlike strip, does not copy a 3 GB export
        raise BadFile(filename, "the file is empty")
    return parse(filename, _bytes_chunks(data), len(data), options)


def read_path(path: Path, options: ImportOptions, progress: Progress | None = None) -> ReadResult:
    """The same from a file on disk, streamed: a 5 GB export never sits in memory."""
    filename = path.name
    wc.zone(filename, options)
    try:
        with path.open("rb") as handle:
            if is_zip(handle.read(4)):
                handle.seek(0)
                archive = SafeZip(filename, handle)
                name, size = _member(archive)
                chunks = archive.stream(name, chunk_size=CHUNK)
                return parse(f"{filename}/{name}", chunks, size, options, progress)
            handle.seek(0)
            size = path.stat().st_size
            if not size:
                raise BadFile(filename, "the file is empty")
            return parse(filename, _file_chunks(handle), size, options, progress)
    except OSError as exc:
        raise BadFile(filename, f"cannot be read ({exc.strerror or exc})") from exc


def sniff(filename: str, head: bytes) -> bool:
    """XML whose root element is <HealthData>, or a zip whose first member names show an Apple
    export: export.xml or export_cda.xml, or Apple's folder names (the English
    apple_health_export/, and workout-routes/ or electrocardiograms/ inside a localised one).
    """
    del filename  # decided by content only
    if is_zip(head):
        return any(_apple_name(name) for name in head_names(head))
    return safe_xml.root_is(head, "HealthData")


def _apple_name(name: str) -> bool:
    parts = name.lower().split("/")
    return parts[-1] in _APPLE_FILES or any(part in _APPLE_FOLDERS for part in parts[:-1])


READER = FileReader(
    name=FORMAT,
    label="Apple Health export (export.zip, export.xml)",
    sniff=sniff,
    read=read,
    read_path=read_path,
)
