"""The explicit list of file readers, and format detection by content.

Order matters: the first reader whose `sniff` accepts the bytes reads them. The generic CSV
reader is never sniffed; it is used when the user supplies a column map.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

from connectors.errors import BadFile
from connectors.files.archive import is_zip

if TYPE_CHECKING:
    from connectors.files.base import FileReader

# Detection order, by module under connectors/files: each is imported when detection reaches it,
# so a Strava activities.csv loads the Strava reader only, not FIT, XML or GPX libraries
# (bench/import_bench.py). FILE_READERS and ALL_READERS load them all when first asked for.
_DETECTION: Final = (
    "strava_export", "garmin_export", "fitbit_takeout", "apple_health", "garmin_csv", "fit",
    "gpx", "tcx", "batch",
)  # fmt: skip


def _reader(module: str) -> FileReader:
    return importlib.import_module(f"connectors.files.{module}").READER


def _in_order() -> Iterator[FileReader]:
    for module in _DETECTION:
        yield _reader(module)


def __getattr__(name: str) -> Any:
    if name == "FILE_READERS":
        return tuple(_in_order())
    if name == "ALL_READERS":
        return {r.name: r for r in (*_in_order(), _reader("generic_csv"))}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


SNIFF_BYTES = 65536
UNRECOGNISED = "not a format boneload recognises"  # the Import page offers the mapping form


def formats_read() -> list[str]:
    """What a person calls each format boneload reads, in detection order."""
    return [reader.label for reader in __getattr__("ALL_READERS").values()]


def detect(filename: str, data: bytes) -> FileReader:
    """The reader for these bytes, decided by content. Raises BadFile naming what was seen."""
    head = data[:SNIFF_BYTES]
    if not data.strip():
        raise BadFile(filename, "the file is empty")
    for reader in _in_order():
        if reader.sniff(filename, head):
            return reader
    if is_zip(head):
        raise BadFile(filename, "a zip archive boneload cannot open")
    raise BadFile(
        filename,
        f"{UNRECOGNISED} (Strava export or activities.csv, Garmin Connect "
        "Activities.csv or account export, Apple Health export, Fitbit Takeout, FIT, GPX, TCX, "
        "or a zip of these). For another CSV, map its columns on the Import page or with --map.",
    )
