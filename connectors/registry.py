"""The explicit list of file readers, and format detection by content.

Order matters: the first reader whose `sniff` accepts the bytes reads them. The generic CSV
reader is never sniffed; it is used when the user supplies a column map.
"""

from __future__ import annotations

from connectors.errors import BadFile
from connectors.files import (
    apple_health,
    batch,
    fit,
    fitbit_takeout,
    garmin_csv,
    garmin_export,
    generic_csv,
    gpx,
    strava_export,
    tcx,
)
from connectors.files.archive import is_zip
from connectors.files.base import FileReader

FILE_READERS: tuple[FileReader, ...] = (
    strava_export.READER,
    garmin_export.READER,
    fitbit_takeout.READER,
    apple_health.READER,
    garmin_csv.READER,
    fit.READER,
    gpx.READER,
    tcx.READER,
    batch.READER,
)

ALL_READERS: dict[str, FileReader] = {r.name: r for r in (*FILE_READERS, generic_csv.READER)}


SNIFF_BYTES = 65536
UNRECOGNISED = "not a format boneload recognises"  # the Import page offers the mapping form


def formats_read() -> list[str]:
    """What a person calls each format boneload reads, in detection order."""
    return [reader.label for reader in ALL_READERS.values()]


def detect(filename: str, data: bytes) -> FileReader:
    """The reader for these bytes, decided by content. Raises BadFile naming what was seen."""
    head = data[:SNIFF_BYTES]
    if not data.strip():
        raise BadFile(filename, "the file is empty")
    for reader in FILE_READERS:
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
