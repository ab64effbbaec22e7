"""A batch: a zip of activity files that is no known export, or a .gz holding one file.

Each member is read by the reader its content calls for (connectors.registry.detect: FIT, GPX,
TCX, a Strava or Garmin CSV, a Fitbit exercise file, ...), members one at a time, and the rows
are combined into one result. A member that cannot be read becomes a RowProblem naming
"archive.zip/member" with the reason; the others are kept. Folders, hidden files (".DS_Store")
and __MACOSX/ are passed over. An activity found in two members is read once.

Nesting: an archive (zip or .gz) inside the batch is opened, one level; an archive inside that
is refused. The level is counted across readers in a context variable, so a zip holding itself
(a "zip quine") or exports nested in exports cannot recurse: the readers that open archives
found inside archives (this one, the Garmin export's uploads) go through `read_members`. A .gz
around one file is unwrapped with the bomb-safe gunzip, at most twice in a row; zips are
SafeZip at every level.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final

import polars as pl

from connectors.errors import BadFile
from connectors.files.archive import SafeZip, is_zip
from connectors.files.base import FileReader, ImportOptions, ReadResult, RowProblem
from connectors.files.budget import OverBudget
from connectors.files.gzip_safe import gunzip, is_gzip
from connectors.streams import MAX_PER_UPLOAD

FORMAT = "batch"
MAX_NESTED: Final = 1  # archives inside the file that are opened
MAX_FAILED: Final = 100  # unreadable members before the rest are passed over
MAX_STREAMS: Final = MAX_PER_UPLOAD  # activities whose streams are kept (connectors.streams)
_LEVEL: ContextVar[int] = ContextVar("boneload_archive_level", default=0)


@contextmanager
def _nested() -> Iterator[None]:
    """Run a read one archive level deeper (callers check the level before entering)."""
    token = _LEVEL.set(_LEVEL.get() + 1)
    try:
        yield
    finally:
        _LEVEL.reset(token)


def _too_deep(label: str) -> BadFile:
    return BadFile(
        label,
        "an archive inside an archive inside the upload: nested deeper than one level, not "
        "opened (unpack it and import the files inside)",
    )


def _hidden(name: str) -> bool:
    parts = name.split("/")
    return name.endswith("/") or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts)


def _read_member(label: str, data: bytes, options: ImportOptions) -> ReadResult:
    """One member, with the reader its content calls for, one archive level deeper."""
    from connectors import registry  # the registry lists this reader, so it is imported late

    archive = is_zip(data[:4]) or is_gzip(data[:2])
    if archive and _LEVEL.get() >= MAX_NESTED:
        raise _too_deep(label)
    reader = registry.detect(label, data)
    with _nested():
        return reader.read(label, data, options)


def read_members(
    archive: SafeZip, options: ImportOptions, wanted: Callable[[str], bool] | None = None
) -> ReadResult:
    """Every (wanted) member of an open archive, combined; failures become RowProblems."""
    out = ReadResult(format=FORMAT)
    frames: list[pl.DataFrame] = []
    members = [m for m in archive.members() if not _hidden(m.name)]
    failed = left_out = 0
    for position, member in enumerate(members):
        if wanted is not None and not wanted(member.name):
            continue
        if failed >= MAX_FAILED:
            rest = len(members) - position
            reason = (f"{failed} files could not be read, so the other {rest:,} were not "
                      "tried: is this an archive of activity files?")  # fmt: skip
            out.problems.append(RowProblem(archive.filename, None, reason))
            break
        label = f"{archive.filename}/{member.name}"
        try:
            part = _read_member(label, archive.read(member.name), options)
        except OverBudget:
            raise  # the upload as a whole is over its budget: reading stops
        except BadFile as exc:
            failed += 1
            out.problems.append(RowProblem(exc.file, exc.row, exc.reason))
            continue
        if not part.frame.is_empty():
            frames.append(part.frame)
        out.problems.extend(part.problems)
        room = MAX_STREAMS - len(out.streams)  # never below 0
        out.streams.extend(part.streams[:room])
        left_out += max(len(part.streams) - room, 0)
        out.warnings.extend(w for w in part.warnings if not w.startswith("No time zone"))
    if left_out:
        out.warnings.append(
            f"heart rate, pace and route kept for the first {MAX_STREAMS:,} activities only "
            f"({left_out:,} more have their totals alone)"
        )
    if frames:
        combined = pl.concat(frames)
        out.frame = combined.unique("activity_id", keep="first", maintain_order=True)
        if repeats := combined.height - out.frame.height:
            what = "activity appears" if repeats == 1 else "activities appear"
            out.warnings.append(f"{repeats} {what} in more than one file; read once")
    return out


def read(filename: str, data: bytes, options: ImportOptions) -> ReadResult:
    """A zip of activity files, or a .gz of one file, read member by member."""
    from connectors import registry  # see _read_member

    if is_gzip(data):
        if _LEVEL.get() >= MAX_NESTED + 1:
            raise _too_deep(filename)
        content = gunzip(filename, data)
        if not content.strip():
            raise BadFile(filename, "the compressed file is empty")
        reader = registry.detect(filename, content)
        with _nested():
            return reader.read(filename, content, options)
    if not is_zip(data):
        raise BadFile(filename, "not a zip or gzip archive")
    archive = SafeZip(filename, data)
    names = [m.name for m in archive.members() if not _hidden(m.name)]
    if not names:
        raise BadFile(filename, "the archive holds no files")
    result = read_members(archive, options)
    if not result.frame.is_empty() and options.timezone == "UTC":
        result.warnings.append(
            "No time zone was set: local days are UTC days, so evening activities may show on "
            "the next day. Set your time zone and import again."
        )
    return result


def sniff(filename: str, head: bytes) -> bool:
    """Any zip or gzip: this reader comes last, after every format that claims its archives."""
    del filename  # decided by content only
    return is_zip(head) or is_gzip(head)


READER = FileReader(
    name=FORMAT, label="Batch of activity files (zip or .gz)", sniff=sniff, read=read
)
