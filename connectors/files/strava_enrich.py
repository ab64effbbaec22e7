"""Filling a Strava export's activities.csv rows from their own activity files.

A row's "Filename" (activities/1234567.fit.gz, .gpx, .tcx.gz, ...; the number is the upload
id, not the activity id) names a file in the export, relative to the folder holding
activities.csv. It is read with the FIT, GPX or TCX reader its content calls for, and fills the
row's empty values among ENRICHED: cadence (steps per minute), steps, ground contact time, heart
rate (average and maximum) and elevation gain. Values the CSV has are kept: Strava computed them
from the same file. A file with several sessions gives the one starting nearest the row. A file
read also gives the row what it recorded over time (connectors.streams), as the row's own
(source, source_id), for the first MAX_PER_UPLOAD rows.

Members are read one at a time and let go after use (a real export holds 3,000+ files); rows
whose ENRICHED values are all present are not read at all. Each member is decoded once: rows
naming the same file (or a hostile export whose every row names one gzip bomb) reuse what the
first read gave, its rows or its error. A file that is missing or cannot be read costs only
that row's extras: a warning naming it, not a RowProblem.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Final

import polars as pl

from connectors.errors import BadFile, BoneloadError
from connectors.files import fit, gpx, tcx
from connectors.files.archive import SafeZip
from connectors.files.base import ImportOptions, ReadResult
from connectors.files.budget import OverBudget
from connectors.schema import ACTIVITY_SCHEMA
from connectors.streams import MAX_PER_UPLOAD, Streams

ENRICHED: Final = (
    "avg_cadence_spm",
    "steps",
    "avg_contact_ms",
    "avg_hr",
    "max_hr",
    "elevation_gain_m",
)
_READERS: Final = (fit.READER, gpx.READER, tcx.READER)
_SNIFF_BYTES: Final = 65536


def file_read(label: str, data: bytes, options: ImportOptions) -> ReadResult:
    """The activities of one FIT, GPX or TCX file, and their streams. Raises BadFile (or
    UnsafeFile) when it is not a readable one."""
    head = data[:_SNIFF_BYTES]
    reader = next((r for r in _READERS if r.sniff(label, head)), None)
    if reader is None:
        raise BadFile(label, "not a FIT, GPX or TCX file")
    return reader.read(label, data, options)


def file_frame(label: str, data: bytes, options: ImportOptions) -> pl.DataFrame:
    """The activities of one FIT, GPX or TCX file (see file_read)."""
    return file_read(label, data, options).frame


def _nearest(frame: pl.DataFrame, start: datetime) -> dict[str, object]:
    return frame.sort((pl.col("start_utc") - start).abs()).row(0, named=True)


def nearest_values(frame: pl.DataFrame, start: datetime) -> dict[str, object]:
    """The ENRICHED values of the activity in `frame` starting nearest `start`."""
    nearest = _nearest(frame, start)
    return {column: nearest[column] for column in ENRICHED}


def _streams_of(found: ReadResult, nearest: dict[str, object], source: str,
                source_id: str) -> list[Streams]:  # fmt: skip
    """The streams of the file's activity `nearest`, as the row's (source, source_id)."""
    key = (nearest["source"], nearest["source_id"])
    return [
        replace(s, source=source, source_id=source_id)
        for s in found.streams
        if (s.source, s.source_id) == key
    ][:1]


def file_values(
    label: str, data: bytes, start: datetime, options: ImportOptions
) -> dict[str, object]:
    """The ENRICHED values of one activity file (its session nearest `start`)."""
    return nearest_values(file_frame(label, data, options), start)


def _member(names: Mapping[str, str], root: str, upload: str) -> tuple[str | None, str]:
    """(member name or None, the path looked for) for a row's Filename."""
    path = posixpath.normpath(posixpath.join(root, upload.strip().replace("\\", "/")))
    return names.get(path.lower()), path


def enrich(
    result: ReadResult,
    archive: SafeZip,
    csv_member: str,
    uploads: Mapping[str, str],
    options: ImportOptions,
) -> ReadResult:
    """`result` (read from `csv_member` of `archive`) with empty ENRICHED values filled.

    uploads: Activity ID (source_id) -> the row's Filename.
    """
    frame = result.frame
    if frame.is_empty() or not uploads:
        return result
    names = {m.name.lower(): m.name for m in archive.members()}
    root = posixpath.dirname(csv_member)
    incomplete = frame.filter(pl.any_horizontal(pl.col(c).is_null() for c in ENRICHED))
    warnings = list(result.warnings)
    extras: list[dict[str, object]] = []
    streams: list[Streams] = []
    read: dict[str, ReadResult | BoneloadError] = {}  # member -> its activities or error
    for activity_id, source, source_id, start in incomplete.select(
        "activity_id", "source", "source_id", "start_utc"
    ).iter_rows():
        upload = uploads.get(source_id)
        if not upload:
            continue  # a manual activity: no file
        member, path = _member(names, root, upload)
        keep = f"activity {source_id} keeps the values of activities.csv only"
        if member is None:
            warnings.append(f"{archive.filename}/{path}: not in the archive; {keep}")
            continue
        if member not in read:
            label = f"{archive.filename}/{member}"
            try:
                read[member] = file_read(label, archive.read(member), options)
            except OverBudget:
                raise  # the upload as a whole is over its budget: reading stops
            except BoneloadError as exc:
                read[member] = exc
        found = read[member]
        if isinstance(found, BoneloadError):
            warnings.append(f"{found}; {keep}")
            continue
        nearest = _nearest(found.frame, start)
        extras.append({"activity_id": activity_id, **{c: nearest[c] for c in ENRICHED}})
        if len(streams) < MAX_PER_UPLOAD:
            streams += _streams_of(found, nearest, source, source_id)
    if not extras:
        return replace(result, warnings=warnings)
    schema = {"activity_id": pl.String, **{c: ACTIVITY_SCHEMA[c] for c in ENRICHED}}
    found = pl.DataFrame(extras, schema=schema)
    filled = frame.join(found, on="activity_id", how="left", suffix="_file", maintain_order="left")
    filled = filled.with_columns(pl.coalesce(c, f"{c}_file").alias(c) for c in ENRICHED)
    return replace(result, frame=filled.select(frame.columns), warnings=warnings, streams=streams)
