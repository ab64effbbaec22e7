"""Hostile uploads that cost time or memory, built on the fly (nothing big is kept in git).

Used by tests/hostile/test_budget.py (small versions, checked by counting work, never timing)
and bench/hostile_bench.py (the sizes issue 11 measured, timed in a child process). Each
builder returns the upload's bytes; `scale` shrinks a case for the tests.
"""

from __future__ import annotations

import io
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures" / "watch"))
from make_fit import FitWriter

T0 = datetime(2024, 3, 2, 7, 30, tzinfo=UTC)
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)


# A FIT file header (14 bytes, ".FIT", a data size of 2 GB) so the bomb passes the FIT sniff.
FIT_HEAD = struct.pack("<BBHI4sH", 14, 0x20, 2132, 2**31, b".FIT", 0)


def gzip_bomb(megabytes: int = 257, head: bytes = FIT_HEAD) -> bytes:
    """`head`, then `megabytes` MB of zeros, as gzip (~1 KB per MB), written in chunks."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = bytes(1024 * 1024)
    start = packer.compress(head)
    body = b"".join(packer.compress(chunk) for _ in range(megabytes))
    return start + body + packer.flush()


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), data, method)
    return out.getvalue()


def strava_export_one_bomb(rows: int = 200, megabytes: int = 257) -> bytes:
    """A Strava export whose every row names the same gzip bomb as its activity file."""
    head = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Filename\n"
    lines = [
        f'{9400000000 + i},"Mar 1, 2024, 7:{i % 60:02d}:{i // 60:02d} AM",Run {i},Run,1800,'
        "activities/1.fit.gz\n"
        for i in range(rows)
    ]
    csv = (head + "".join(lines)).encode()
    return zipped({"activities.csv": csv, "activities/1.fit.gz": gzip_bomb(megabytes)})


def zip_of_gzip_bombs(members: int = 100, megabytes: int = 257) -> bytes:
    """A batch zip of `members` gzip bombs (one bomb, many names)."""
    bomb = gzip_bomb(megabytes)
    return zipped({f"run{i}.fit.gz": bomb for i in range(members)})


def fit_many_sessions(sessions: int = 20_000) -> bytes:
    """One FIT file holding `sessions` one-minute sessions, a record in each."""
    fit = FitWriter().message("file_id", type="activity", manufacturer=1, serial_number=7,
                              time_created=T0)  # fmt: skip
    start = int((T0 - FIT_EPOCH).total_seconds())
    for i in range(sessions):
        at = start + 120 * i
        for second in (10, 20, 30, 40, 50):
            fit.message("record", timestamp=at + second, heart_rate=120 + i % 40, distance=1.0)
        fit.message("session", timestamp=at + 60, start_time=at, sport="running",
                    sub_sport="generic", total_elapsed_time=60)  # fmt: skip
    return fit.bytes()


def zip_many_tiny(members: int = 100_000) -> bytes:
    """A stored zip of `members` files of a few bytes each."""
    return zipped({f"d/{i:06d}.gpx": b"<gpx/>" for i in range(members)}, zipfile.ZIP_STORED)


def dense_member(megabytes: int = 966) -> bytes:
    """A zip whose one CSV member unpacks to `megabytes` MB at about 140:1, declared honestly:
    under the 200:1 bomb ratio, so only a budget on what the upload may hold stops it."""
    row = b"Running,2024-03-01 07:00:00,x,5.0,00:30:00,150\n"
    noise = random.Random(11)
    parts, size = [], 0
    while size < 1024 * 1024:  # a little noise in every 20 rows keeps the ratio near 140:1
        part = row * 20 + str(noise.randint(0, 999)).encode() + b"\n"
        parts.append(part)
        size += len(part)
    block = b"".join(parts)[: 1024 * 1024]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        info = zipfile.ZipInfo("Activities.csv", (2025, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            member.write(b"Activity Type,Date,Title,Distance,Time,Avg HR\n")
            for _ in range(megabytes):
                member.write(block)
    return out.getvalue()


def junk_rows(rows: int = 1_000_000) -> bytes:
    """A Strava activities.csv whose every row is unreadable (no valid date)."""
    head = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time\n"
    return (head + "".join(f"{i},not a date,x,Run,60\n" for i in range(rows))).encode()


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    build: Callable[[], bytes]
    what: str


CASES = [
    Case("strava-export-200-rows-one-bomb", "export.zip", strava_export_one_bomb,
         "Strava export, 200 rows naming one 257 MB gzip bomb"),
    Case("zip-of-100-gzip-bombs", "batch.zip", zip_of_gzip_bombs,
         "zip of 100 gzip bombs of 257 MB each"),
    Case("fit-20000-sessions", "many.fit", fit_many_sessions, "FIT file with 20,000 sessions"),
    Case("zip-100000-tiny-members", "tiny.zip", zip_many_tiny, "zip of 100,000 tiny members"),
    Case("zip-member-138-to-1", "dense.zip", dense_member,
         "zip member unpacking to 966 MB at ~140:1"),
    Case("csv-1000000-junk-rows", "activities.csv", junk_rows,
         "Strava activities.csv of 1,000,000 unreadable rows"),
]  # fmt: skip
