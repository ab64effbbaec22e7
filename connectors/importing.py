"""One import path for the Import page and `boneload import`: bytes in, store updated."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from connectors import registry
from connectors.errors import BadFile, BoneloadError, StoreError
from connectors.files.base import ImportOptions
from connectors.results import ReadResult
from connectors.store.summary import ImportSummary

if TYPE_CHECKING:  # `boneload import` into SQLite runs without SQLAlchemy (a LiteStore)
    from typing import TypeAlias

    from connectors.store.lite import LiteStore
    from connectors.store.store import Store

    AnyStore: TypeAlias = Store | LiteStore

MAX_FILE_BYTES = 6 * 1024**3
STREAM_ABOVE_BYTES = 256 * 1024**2
Progress = Callable[[float, str], None]


def read_file(filename: str, data: bytes, options: ImportOptions, now: datetime) -> ReadResult:
    """Detect the format by content (or use the column map) and read it.

    Rows dated before 1970 or more than a day after `now` become problems (results.finish).
    """
    options = replace(options, now=now)
    if options.column_map:
        from connectors.files import generic_csv  # only for a column map: not loaded otherwise

        return generic_csv.READER.read(filename, data, options)
    return registry.detect(filename, data).read(filename, data, options)


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


# Files that come with an export but hold nothing boneload reads: skipped with a note, never
# refused (an unzipped Apple Health folder holds export_cda.xml next to export.xml).
COMPANIONS: Final = {
    "export_cda.xml": "Apple Health's clinical-records copy of the export; the workouts are "
    "read from export.xml next to it",
}


def companion(filename: str) -> ImportSummary | None:
    """The summary of a file skipped on purpose (see COMPANIONS), None for any other file."""
    reason = COMPANIONS.get(Path(filename).name.lower())
    if reason is None:
        return None
    return ImportSummary(None, filename, None, warnings=[f"skipped: {reason}"], status="skipped")


def ingest(store: AnyStore, result: ReadResult, filename: str, owner: str) -> ImportSummary:
    """Store the rows (Store.ingest), then what the files recorded over time, attached to the
    activities those rows became (connectors/store/streams.py). Streams that cannot be stored
    cost a warning, never the import."""
    summary = store.ingest(result, filename, owner)
    if result.streams and summary.status != "failed":
        from connectors.store import streams as stored_streams
        from connectors.store.lite import LiteStore

        full = store.full_store() if isinstance(store, LiteStore) else store
        try:
            stored_streams.save(full, result.streams, owner)
        except StoreError as exc:
            summary.warnings.append(f"heart rate, pace and route over time were not kept: {exc}")
    return summary


def import_bytes(
    store: AnyStore,
    filename: str,
    data: bytes,
    options: ImportOptions,
    now: datetime,
    owner: str,
) -> ImportSummary:
    """Read one file and store it; a refused file is logged and touches nothing."""
    if (skipped := companion(filename)) is not None:
        return skipped
    if len(data) > MAX_FILE_BYTES:
        return store.record_refusal(filename, f"{filename}: larger than 6 GB; refused", owner)
    try:
        result = read_file(filename, data, options, now)
    except BoneloadError as exc:
        return store.record_refusal(filename, str(exc), owner)
    return ingest(store, result, filename, owner)


def _import_path(
    store: AnyStore,
    path: Path,
    options: ImportOptions,
    now: datetime,
    owner: str,
    progress: Progress | None,
) -> ImportSummary:
    """A file too big for memory streams through its reader's read_path; others are read whole."""
    if (skipped := companion(path.name)) is not None:
        return skipped
    if not options.column_map and path.stat().st_size > STREAM_ABOVE_BYTES:
        with path.open("rb") as handle:
            head = handle.read(registry.SNIFF_BYTES)
        try:
            reader = registry.detect(path.name, head)
        except BoneloadError as exc:
            return store.record_refusal(path.name, str(exc), owner)
        if reader.read_path is not None:
            try:
                result = reader.read_path(path, replace(options, now=now), progress)
            except BoneloadError as exc:
                return store.record_refusal(path.name, str(exc), owner)
            return ingest(store, result, path.name, owner)
    return import_bytes(store, path.name, path.read_bytes(), options, now, owner)


def import_paths(
    store: AnyStore,
    paths: Iterable[Path],
    options: ImportOptions,
    now: datetime,
    owner: str,
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
