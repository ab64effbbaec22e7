"""One budget per upload: what reading it may cost, however its archives nest.

An upload of N bytes may unpack to at most `max(FLOOR_BYTES, BYTES_PER_BYTE x N)` bytes in
all (every zip member and gzip stream at every level counts), open at most MAX_MEMBERS archive
members, give at most MAX_ROWS CSV rows and MAX_SESSIONS watch sessions, and take at most
`BASE_SECONDS + SECONDS_PER_MB x N/MB` seconds of this thread's CPU. A real export unpacks to
2-25 times its size (FIT ~3x, GPX/TCX ~10x, Apple Health's export.xml ~20x), so the limits
are far above any real file and far below what a bomb asks for. Going over raises UnsafeFile
naming the file being read when it happened.

The budget lives in a context variable: `upload(...)` opens it around one upload (the readers'
guard in base.py does, when none is open), and every reader charges it through `charge_*`
without passing it around. Reading without an open budget charges nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Final

from connectors.errors import UnsafeFile


class OverBudget(UnsafeFile):
    """The upload as a whole went over its budget: reading stops, not just this member."""


FLOOR_BYTES: Final = 64 * 1024**2
BYTES_PER_BYTE: Final = 40
MAX_BYTES: Final = 16 * 1024**3
HELD_PER_BYTE: Final = 16  # a member read whole into memory (not streamed)
MAX_MEMBERS: Final = 50_000
MAX_ROWS: Final = 1_000_000
MAX_SESSIONS: Final = 100_000
BASE_SECONDS: Final = 60.0
SECONDS_PER_MB: Final = 2.0


@dataclass
class Budget:
    """What one upload of `size` bytes may cost, and what it has cost so far."""

    filename: str
    size: int
    started: float = field(default_factory=time.thread_time)
    unpacked: int = 0
    members: int = 0
    rows: int = 0
    sessions: int = 0

    @property
    def max_bytes(self) -> int:
        return min(MAX_BYTES, max(FLOOR_BYTES, BYTES_PER_BYTE * self.size))

    @property
    def max_held(self) -> int:
        """The most one member may unpack to when it is read whole into memory."""
        return min(self.max_bytes, max(FLOOR_BYTES, HELD_PER_BYTE * self.size))

    @property
    def max_seconds(self) -> float:
        return BASE_SECONDS + SECONDS_PER_MB * self.size / 1024**2

    def _refuse(self, where: str, what: str) -> OverBudget:
        return OverBudget(where, f"refused: {what} (the limit for an upload of "
                          f"{self.size:,} bytes; no real export comes near it)")  # fmt: skip

    def _clock(self, where: str) -> None:
        if time.thread_time() - self.started > self.max_seconds:
            raise self._refuse(where, f"reading it took more than {self.max_seconds:.0f} s")

    def bytes(self, where: str, count: int) -> None:
        self.unpacked += count
        if self.unpacked > self.max_bytes:
            raise self._refuse(
                where, f"the upload unpacks to more than {self.max_bytes:,} bytes (a zip bomb?)"
            )
        self._clock(where)

    def member(self, where: str, count: int = 1) -> None:
        self.members += count
        if self.members > MAX_MEMBERS:
            raise self._refuse(where, f"more than {MAX_MEMBERS:,} files in its archives")
        self._clock(where)

    def row(self, where: str, count: int = 1) -> None:
        self.rows += count
        if self.rows > MAX_ROWS:
            raise self._refuse(where, f"more than {MAX_ROWS:,} rows")
        self._clock(where)

    def session(self, where: str, count: int = 1) -> None:
        self.sessions += count
        if self.sessions > MAX_SESSIONS:
            raise self._refuse(where, f"more than {MAX_SESSIONS:,} workout sessions")
        self._clock(where)


_CURRENT: ContextVar[Budget | None] = ContextVar("boneload_upload_budget", default=None)


def current() -> Budget | None:
    return _CURRENT.get()


@contextmanager
def upload(filename: str, size: int) -> Iterator[Budget]:
    """Open a budget for one upload of `size` bytes; nested calls share the outer one."""
    outer = _CURRENT.get()
    if outer is not None:
        yield outer
        return
    budget = Budget(filename, size)
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)


def charge_bytes(where: str, count: int) -> None:
    if (budget := _CURRENT.get()) is not None:
        budget.bytes(where, count)


def charge_members(where: str, count: int = 1) -> None:
    if (budget := _CURRENT.get()) is not None:
        budget.member(where, count)


def charge_rows(where: str, count: int = 1) -> None:
    if (budget := _CURRENT.get()) is not None:
        budget.row(where, count)


def charge_sessions(where: str, count: int = 1) -> None:
    if (budget := _CURRENT.get()) is not None:
        budget.session(where, count)


def held_limit(default: int) -> int:
    """The most a member read whole into memory may unpack to, under the open budget."""
    budget = _CURRENT.get()
    return default if budget is None else min(default, budget.max_held)
