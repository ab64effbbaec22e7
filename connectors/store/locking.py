"""One writer per owner at a time, and a clear message when the store stays busy.

PostgreSQL: every import (and undo) of an owner takes `pg_advisory_xact_lock` on a 64-bit hash of
the owner first, so two overlapping imports run one after the other and give the serial result
(no workout counted twice, no duplicate-key error); the lock ends with the transaction. SQLite:
the first statement takes the database's write lock, which serialises writers the same way.
Waiting is bounded (SQLite's busy timeout, PostgreSQL's lock_timeout); a transaction that times
out is rolled back whole and tried again a few times, then refused with StoreBusy.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from connectors.errors import StoreError

if TYPE_CHECKING:
    import sqlalchemy as sa

    from connectors.store.dbapi import Runner

T = TypeVar("T")
ATTEMPTS = 3
LOCK_TIMEOUT_S = 20.0
# SQLSTATEs of waits that gave up: lock_not_available, deadlock_detected, serialization_failure
BUSY_SQLSTATES = frozenset({"55P03", "40P01", "40001"})


class StoreBusy(StoreError):
    """Another import or sync held the store longer than we wait; nothing was changed."""


def is_busy(error: BaseException) -> bool:
    """A lock wait that timed out (SQLite "database is locked", PostgreSQL lock_timeout...)."""
    if getattr(error, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    text = str(error).lower()
    return "database is locked" in text or "database table is locked" in text


def owner_key(owner: str) -> int:
    """A stable signed 64-bit key for pg_advisory_xact_lock (the same in every process)."""
    digest = hashlib.blake2b(f"boneload-owner:{owner}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_owner(conn: sa.Connection, owner: str) -> None:
    """Take this owner's write lock for the rest of the transaction (call it first)."""
    from connectors.store.dbapi import AlchemyRunner

    lock(AlchemyRunner(conn), owner)


def lock(db: Runner, owner: str) -> None:
    """lock_owner for a connectors.store.dbapi.Runner."""
    if db.dialect == "postgresql":
        db.rows("SELECT pg_advisory_xact_lock(?)", (owner_key(owner),))
    elif db.dialect == "sqlite":
        # A write that changes nothing takes SQLite's write lock now, before any read, so the
        # reads that decide new/merged/skipped see every earlier import.
        db.run("UPDATE schema_version SET version = version WHERE 0 = 1")


def with_retries(
    action: Callable[[], T],
    attempts: int = ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
    waited_s: float = LOCK_TIMEOUT_S,
) -> T:
    """Run `action` (one whole transaction), again after a lock timeout, up to `attempts`."""
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except StoreError as exc:
            cause = exc.__cause__ or exc
            if not (isinstance(exc, StoreBusy) or is_busy(cause)):
                raise
            if attempt == attempts:
                raise StoreBusy(
                    f"the store is busy: another import or sync kept it locked through "
                    f"{attempts} tries of {waited_s:g} s each; nothing was changed. Try again "
                    "when it has finished."
                ) from exc
            sleep(min(2.0 * attempt, 5.0))
    raise AssertionError("unreachable")
