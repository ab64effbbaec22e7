"""The one interface every file reader implements.

ReadResult and RowProblem live in connectors/results.py (the store and the APIs use them too)
and are re-exported here.

A reader takes the file's name and bytes plus the athlete's options and returns a ReadResult:
the rows it could read as a canonical frame, and a RowProblem for each row it could not.
A reader raises BadFile when the file as a whole is not what it claims to be.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from connectors.errors import BadFile, BoneloadError
from connectors.files import budget
from connectors.results import ReadResult, RowProblem

_LOG = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])

DistanceUnit = Literal["km", "mi"]


@dataclass(frozen=True)
class ImportOptions:
    """What a file does not say about itself, supplied by settings or the command line.

    timezone: IANA zone of the athlete, used to turn UTC into local days (Strava) or local
      wall clock into UTC (Garmin).
    distance_unit: the unit a Garmin CSV's "Distance" column is in (the file does not say).
    column_map: canonical column -> the file's column, for the generic CSV reader.
    now: the instant dates after which are impossible (results.finish); the clock when None.
    """

    timezone: str = "UTC"
    distance_unit: DistanceUnit = "km"
    column_map: Mapping[str, str] = field(default_factory=dict)
    now: datetime | None = None


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

    Both are guarded (see `guarded`): whatever a parser raises on hostile bytes (an
    OverflowError from a year-9999 date, a KeyError deep in a library) leaves the reader as
    BadFile naming the file, so no exception but a BoneloadError escapes any reader.
    """

    name: str
    label: str
    sniff: Callable[[str, bytes], bool]
    read: Callable[[str, bytes, ImportOptions], ReadResult]
    read_path: Callable[[Path, ImportOptions, Progress | None], ReadResult] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "sniff", _never_raises(self.sniff))
        object.__setattr__(self, "read", guarded(self.read, self.label))
        if self.read_path is not None:
            object.__setattr__(self, "read_path", guarded(self.read_path, self.label))


def guarded(function: F, label: str) -> F:
    """`function(name_or_path, ...)` with every exception that is not a BoneloadError turned
    into BadFile for that file (the traceback goes to the log, not to the person)."""
    if getattr(function, "_boneload_guarded", False):
        return function

    @functools.wraps(function)
    def run(source: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            with budget.upload(str(getattr(source, "name", source)), _size(source, args)):
                return function(source, *args, **kwargs)
        except BoneloadError:
            raise
        except MemoryError as exc:
            raise BadFile(str(source), "refused: reading it would need more memory than any "
                          "real activity file") from exc  # fmt: skip
        except Exception as exc:  # a bug or a hostile value; the person gets a reason
            name = getattr(source, "name", None) or str(source)
            _LOG.warning("the %s reader failed on %s", label, name, exc_info=True)
            raise BadFile(name, _reason(exc, label)) from exc

    run._boneload_guarded = True  # type: ignore[attr-defined]
    return run  # type: ignore[return-value]


def _size(source: Any, args: tuple[Any, ...]) -> int:
    """The upload's size in bytes: the data passed, or the file at the path."""
    if args and isinstance(args[0], bytes | bytearray | memoryview):
        return len(args[0])
    try:
        return Path(source).stat().st_size
    except (OSError, TypeError, ValueError):
        return 0


def _never_raises(sniff: Callable[[str, bytes], bool]) -> Callable[[str, bytes], bool]:
    """A sniff that answers False instead of raising on bytes it chokes on."""
    if getattr(sniff, "_boneload_guarded", False):
        return sniff

    @functools.wraps(sniff)
    def run(filename: str, head: bytes) -> bool:
        try:
            return bool(sniff(filename, head))
        except Exception:  # a sniff that cannot tell says no; detection goes on
            _LOG.warning("a sniff failed on %s", filename, exc_info=True)
            return False

    run._boneload_guarded = True  # type: ignore[attr-defined]
    return run


def _reason(exc: Exception, label: str) -> str:
    """A short reason for an unexpected failure: the error's own words (never a path)."""
    if isinstance(exc, OverflowError):
        return "a date or number in it is out of range (a year like 1 or 9999?); not read"
    text = "" if isinstance(exc, OSError) else str(exc).strip()
    detail = text.splitlines()[0][:160] if text else ""
    what = type(exc).__name__ + (f": {detail}" if detail else "")
    return f"the {label} reader could not read it ({what}); nothing from it was imported"


__all__ = ["DistanceUnit", "FileReader", "ImportOptions", "Progress", "ReadResult", "RowProblem"]
