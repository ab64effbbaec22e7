"""The store's stamp (connectors/store/stamp.py) moves with every write an owner's pages show,
and only with that owner's: the dashboard's shared caches rely on it to see other processes'
writes (tests/dashboard/pages/test_shared_caches.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from connectors.store import Store, edits
from connectors.store.stamp import stamp
from tests.factories import daily_runs, make_result

START = datetime(2026, 3, 2, 7, tzinfo=UTC)


def test_every_kind_of_write_moves_the_stamp_and_only_its_owners(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'stamp.sqlite'}")
    seen = [stamp(store.engine, "ann")]

    def moved() -> bool:
        now = stamp(store.engine, "ann")
        changed = now != seen[-1]
        seen.append(now)
        return changed

    first = store.ingest(make_result(daily_runs(3, start=START)), "a.csv", "ann")
    assert moved()
    bob = store.ingest(make_result(daily_runs(2, source="b", start=START)), "b.csv", "bob")
    assert not moved() and bob.new == 2  # another owner's import
    activity_id = store.activities("ann")["activity_id"][0]
    edits.update_activity(store, activity_id, {"name": "Hill reps"}, "ann")
    assert moved()
    edits.delete_activity(store, activity_id, "ann")
    assert moved()
    store.assign_shoe("Trail", date(2026, 3, 1), date(2026, 3, 31), "ann")
    assert moved()
    later = make_result(daily_runs(2, source="c", start=START + timedelta(days=10)))
    second = store.ingest(later, "c.csv", "ann")
    assert moved()
    store.undo_import(second.import_id, "ann")
    assert moved()
    assert not moved()  # reading changes nothing
    assert first.import_id is not None
    store.close()
