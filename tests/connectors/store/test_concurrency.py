"""Two imports at once give the serial result, on SQLite and PostgreSQL; a lock held too long
is retried, then refused with a clear message; NUL in text does not fail a file on PostgreSQL.

Issue 11, case 6: on PostgreSQL two overlapping imports counted workouts twice, and the same
file imported twice at once failed one with a raw activities_pkey error.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from connectors.store import Store
from connectors.store import store as store_module
from connectors.store.locking import StoreBusy, owner_key
from tests.factories import daily_runs, make_result

ANN, BOB = "ann@example.org", "bob@example.org"
STRAVA = daily_runs(60, source="strava_export")
WATCH = daily_runs(60, source="fit", start=STRAVA[30]["start_utc"])  # 30 days in common


def _side_by_side(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold each import at the point where it has read the store and decides new/merged/
    skipped, until the other import reaches the same point (or 3 s pass). Without a lock per
    owner both decide from the same store; with one, the second cannot get there first."""
    barrier = threading.Barrier(2, timeout=3)
    real = store_module.classify

    def classify_together(*args: object, **kwargs: object):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(store_module, "classify", classify_together)


def _at_once(*jobs: Callable[[], object]) -> list[object]:
    results: list[object] = [None] * len(jobs)

    def run(index: int) -> None:
        try:
            results[index] = jobs[index]()
        except Exception as exc:  # the test asserts on it
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_two_overlapping_imports_at_once_give_the_serial_result(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = Store("sqlite://")
    serial.ingest(make_result(STRAVA), "strava.csv", ANN)
    serial.ingest(make_result(WATCH), "watch.zip", ANN)
    expected = serial.count(ANN)
    assert expected == 90

    _side_by_side(monkeypatch)
    store = Store(store_url)
    try:
        first, second = _at_once(
            lambda: store.ingest(make_result(STRAVA), "strava.csv", ANN),
            lambda: store.ingest(make_result(WATCH), "watch.zip", ANN),
        )
        assert not isinstance(first, Exception) and not isinstance(second, Exception)
        assert store.count(ANN) == expected
        assert sorted([first.new, second.new]) == [30, 60]
        assert (first.merged + second.merged) == 30
    finally:
        store.close()


def test_the_same_file_twice_at_once_is_new_once_and_skipped_once(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _side_by_side(monkeypatch)
    store = Store(store_url)
    try:
        results = _at_once(
            lambda: store.ingest(make_result(STRAVA), "strava.csv", ANN),
            lambda: store.ingest(make_result(STRAVA), "strava.csv", ANN),
        )
        assert [type(r).__name__ for r in results] == ["ImportSummary", "ImportSummary"]
        assert sorted((r.new, r.skipped) for r in results) == [(0, 60), (60, 0)]
        assert store.count(ANN) == 60
    finally:
        store.close()


class Held:
    """Another connection holding the write lock (SQLite) or an owner's advisory lock."""

    def __init__(self, url: str, owner: str) -> None:
        parsed = sa.make_url(url)
        self._raw: sqlite3.Connection | None = None
        self._conn: sa.Connection | None = None
        if parsed.get_backend_name() == "sqlite":
            self._raw = sqlite3.connect(parsed.database, isolation_level=None)
            self._raw.execute("BEGIN IMMEDIATE")
        else:
            self._engine = sa.create_engine(url, poolclass=sa.NullPool)
            self._conn = self._engine.connect()
            self._conn.begin()
            self._conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": owner_key(owner)})

    def release(self, *_: object) -> None:
        if self._raw is not None:
            self._raw.execute("ROLLBACK")
            self._raw.close()
            self._raw = None
        if self._conn is not None:
            self._conn.rollback()
            self._conn.close()
            self._engine.dispose()
            self._conn = None


def test_a_lock_released_while_waiting_is_retried_and_the_import_succeeds(store_url: str) -> None:
    Store(store_url).close()  # the schema exists before anyone holds a lock
    held = Held(store_url, ANN)
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        held.release()

    store = Store(store_url, lock_timeout_s=0.3, attempts=3, sleep=sleep)
    try:
        summary = store.ingest(make_result(STRAVA[:3]), "a.csv", ANN)
        assert (summary.new, len(sleeps), store.count(ANN)) == (3, 1, 3)
    finally:
        held.release()
        store.close()


def test_a_lock_held_through_every_try_is_a_clear_message_and_changes_nothing(
    store_url: str,
) -> None:
    Store(store_url).close()
    held = Held(store_url, ANN)
    store = Store(store_url, lock_timeout_s=0.3, attempts=2, sleep=lambda s: None)
    try:
        with pytest.raises(StoreBusy) as caught:
            store.ingest(make_result(STRAVA[:3]), "a.csv", ANN)
        assert str(caught.value) == (
            "the store is busy: another import or sync kept it locked through 2 tries of 0.3 s "
            "each; nothing was changed. Try again when it has finished."
        )
        with pytest.raises(StoreBusy):
            store.undo_import(1, ANN)
        held.release()
        assert (store.count(ANN), store.imports(ANN)) == (0, [])
    finally:
        held.release()
        store.close()


@pytest.mark.postgres
def test_on_postgres_one_owners_import_never_waits_for_another_owner(
    fresh_postgres_url: str,
) -> None:
    Store(fresh_postgres_url).close()
    held = Held(fresh_postgres_url, BOB)
    store = Store(fresh_postgres_url, lock_timeout_s=0.3, attempts=1)
    try:
        assert store.ingest(make_result(STRAVA[:5]), "ann.csv", ANN).new == 5
        with pytest.raises(StoreBusy, match="the store is busy"):
            store.ingest(make_result(STRAVA[:5]), "bob.csv", BOB)
    finally:
        held.release()
        store.close()


def test_nul_in_text_is_removed_not_refused(store_url: str) -> None:
    row = dict(STRAVA[0], name="Morning\x00Run", gear="Brooks\x00", note="a\x00b")
    store = Store(store_url)
    try:
        summary = store.ingest(make_result([row], warnings=["odd\x00"]), "a\x00.csv", ANN)
        assert (summary.new, summary.file_name) == (1, "a.csv")
        stored = store.activities(ANN).row(0, named=True)
        assert (stored["name"], stored["gear"], stored["note"]) == ("MorningRun", "Brooks", "ab")
        [logged] = store.imports(ANN)
        assert (logged["file_name"], logged["warnings"]) == ("a.csv", ["odd"])
        refused = store.record_refusal("x\x00.bin", "x\x00.bin: unknown", ANN)
        assert refused.file_name == "x.bin"
    finally:
        store.close()
