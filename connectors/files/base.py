"""The one interface every file reader implements.

A reader takes the file's name and bytes plus the athlete's options and returns a ReadResult:
the rows it could read as a canonical frame, and a RowProblem for each row it could not.
A reader raises BadFile when the file as a whole is not what it claims to be.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import polars as pl

from connectors.schema import empty_frame

DistanceUnit = Literal["km", "mi"]


@dataclass(frozen=True)
class ImportOptions:
    """What a file does not say about itself, supplied by settings or the command line.

    timezone: IANA zone of the athlete, used to turn UTC into local days (Strava) or local
      wall clock into UTC (Garmin).
    distance_unit: the unit a Garmin CSV's "Distance" column is in (the file does not say).
    column_map: canonical column -> the file's column, for the generic CSV reader.
    """

    timezone: str = "UTC"
    distance_unit: DistanceUnit = "km"
    column_map: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RowProblem:
    """A row or element that could not be read; `row` is 1-based counting the header as row 1."""

    file: str
    row: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" if self.row is not None else self.file
        return f"{where}: {self.reason}"


@dataclass
class ReadResult:
    """What a reader produced: canonical rows, per-row problems and warnings, the format name."""

    format: str
    frame: pl.DataFrame = field(default_factory=empty_frame)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


Progress = Callable[[float, str], None]
"""Called with a fraction done (0..1) and what is being read."""


@dataclass(frozen=True)
class FileReader:
    """One file format. Each reader module exposes one of these as READER.

    name: short id stored with every row and import ("strava_export").
    label: what a person calls the format ("Strava export activities.csv").
    sniff(filename, head): True when the first bytes look like this format. Decide by content;
      use the name only as a tie-breaker.
    read(filename, data, options): the whole file; raises BadFile when it is not this format.
    read_path(path, options, progress): optional streaming variant for files too big to hold in
      memory (Apple Health's multi-GB export); the command line uses it when present.
    """

    name: str
    label: str
    sniff: Callable[[str, bytes], bool]
    read: Callable[[str, bytes, ImportOptions], ReadResult]
    read_path: Callable[[Path, ImportOptions, Progress | None], ReadResult] | None = None
