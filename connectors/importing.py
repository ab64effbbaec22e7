"""One import path for the Import page and `boneload import`: bytes in, store updated."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from connectors import registry
from connectors.errors import BadFile, BoneloadError
from connectors.files import generic_csv
from connectors.files.base import ImportOptions, ReadResult, RowProblem
from connectors.store import LOCAL_OWNER, ImportSummary, Store

MAX_FILE_BYTES = 6 * 1024**3
STREAM_ABOVE_BYTES = 256 * 1024**2
EARLIEST = datetime(1970, 1, 1)
Progress = Callable[[float, str], None]


def read_file(filename: str, data: bytes, options: ImportOptions, now: datetime) -> ReadResult:
    """Detect the format by content (or use the column map) and read it.

    Rows dated before 1970 or more than a day after `now` (UTC, naive) become problems.
    """
    if options.column_map:
        result = generic_csv.READER.read(filename, data, options)
    else:
        result = registry.detect(filename, data).read(filename, data, options)
    return _drop_impossible_dates(filename, result, now)


def _drop_impossible_dates(filename: str, result: ReadResult, now: datetime) -> ReadResult:
    frame = result.frame
    if frame.is_empty():
        return result
    if now.tzinfo is not None:
        now = now.astimezone(UTC).replace(tzinfo=None)
    naive = pl.col("start_utc").dt.replace_time_zone(None)
    bad = (naive < EARLIEST) | (naive > now + timedelta(days=1))
    refused = frame.filter(bad)
    if refused.is_empty():
        return result
    problems = [
        RowProblem(
            filename,
            None,
            f"{name or 'an activity'} dated {start:%Y-%m-%d} is "
            "impossible (before 1970 or in the future); skipped",
        )
        for name, start in refused.select("name", "start_utc").iter_rows()
    ]
    return replace(result, frame=frame.filter(~bad), problems=[*result.problems, *problems])


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and files inside folders named (recursively, sorted, hidden ones skipped)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(p.startswith(".") for p in child.relative_to(path).parts)
                if child.is_file() and not hidden:
                    yield child
        else:
            yield path


def import_bytes(
    store: Store,
    filename: str,
    data: bytes,
    options: ImportOptions,
    now: datetime,
    owner: str = LOCAL_OWNER,
) -> ImportSummary:
    """Read one file and store it; a refused file is logged and touches nothing."""
    if len(data) > MAX_FILE_BYTES:
        return store.record_refusal(filename, f"{filename}: larger than 6 GB; refused", owner)
    try:
        result = read_file(filename, data, options, now)
    except BoneloadError as exc:
        return store.record_refusal(filename, str(exc), owner)
    return store.ingest(result, filename, owner)


def _import_path(
    store: Store,
    path: Path,
    options: ImportOptions,
    now: datetime,
    owner: str,
    progress: Progress | None,
) -> ImportSummary:
    """A file too big for memory streams through its reader's read_path; others are read whole."""
    if not options.column_map and path.stat().st_size > STREAM_ABOVE_BYTES:
        with path.open("rb") as handle:
            head = handle.read(registry.SNIFF_BYTES)
        try:
            reader = registry.detect(path.name, head)
        except BoneloadError as exc:
            return store.record_refusal(path.name, str(exc), owner)
        if reader.read_path is not None:
            try:
                result = reader.read_path(path, options, progress)
            except BoneloadError as exc:
                return store.record_refusal(path.name, str(exc), owner)
            return store.ingest(_drop_impossible_dates(path.name, result, now), path.name, owner)
    return import_bytes(store, path.name, path.read_bytes(), options, now, owner)


def import_paths(
    store: Store,
    paths: Iterable[Path],
    options: ImportOptions,
    now: datetime,
    owner: str = LOCAL_OWNER,
    progress: Progress | None = None,
) -> list[ImportSummary]:
    files = list(expand_paths(paths))
    summaries = []
    for index, path in enumerate(files):
        if progress:
            progress(index / max(len(files), 1), f"Reading {path.name}")
        try:
            summaries.append(_import_path(store, path, options, now, owner, progress))
        except OSError as exc:
            reason = str(BadFile(str(path), exc.strerror or str(exc)))
            summaries.append(store.record_refusal(str(path), reason, owner))
    if progress:
        progress(1.0, "Done")
    return summaries
