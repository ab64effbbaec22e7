"""After a write, every page shows the new figures: in the same session, and in the owner's
other sessions (issue 11, case 9: caches keyed on row counts, and writes that bypassed
dashboard/data.py, left pages showing stale figures)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from connectors.store import Store
from tests.factories import make_activity, make_result

ROOT = Path(__file__).resolve().parents[3]
TODAY = datetime.now(UTC).date()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    monkeypatch.setenv("BONELOAD_DB", url)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("BONELOAD_DEMO", raising=False)
    opened = Store(url)
    yield opened
    opened.close()


def _runs(gear: str | None) -> list[dict]:
    """20 runs of 10 km every other day up to yesterday (200 km, 124 miles)."""
    start = datetime.combine(TODAY - timedelta(days=40), datetime.min.time(), UTC)
    return [
        make_activity(
            source_id=str(i),
            start_utc=start + timedelta(days=2 * i, hours=7),
            distance_m=10_000.0,
            gear=gear,
        )
        for i in range(20)
    ]


def _open(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shoe_warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if " km (" in w.value]


def _assign(at: AppTest, gear: str, start: date) -> None:
    next(t for t in at.text_input if t.label == "Shoe name").set_value(gear)
    next(d for d in at.date_input if d.label == "From").set_value(start)
    next(d for d in at.date_input if d.label == "To").set_value(TODAY)
    next(b for b in at.button if b.label == "Assign").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_replacing_a_shoe_assignment_shows_on_the_overview_of_the_same_session(
    store: Store,
) -> None:
    store.ingest(make_result(_runs(None)), "runs.csv", "local")
    store.save_settings({"shoe_warn_miles": 100.0}, "local")
    at = _open("shoes")
    _assign(at, "Shoe A", TODAY - timedelta(days=45))
    at = _go(at, "overview")
    assert [w.split(":")[0] for w in _shoe_warnings(at)] == ["Shoe A has 200 km (124 mi)"]

    at = _go(at, "shoes")
    next(b for b in at.button if b.label == "Remove").click()
    at.run()
    _assign(at, "Shoe B", TODAY - timedelta(days=45))  # as many assignments as before
    at = _go(at, "overview")
    assert [w.split(":")[0] for w in _shoe_warnings(at)] == ["Shoe B has 200 km (124 mi)"]


def test_a_settings_write_in_one_session_shows_in_the_owners_other_session(
    store: Store,
) -> None:
    store.ingest(make_result(_runs("Brooks")), "runs.csv", "local")
    watching = _open("overview")
    assert _shoe_warnings(watching) == []  # 124 miles, under the 300-mile default

    editing = _open("settings")
    next(n for n in editing.number_input if n.label.startswith("Shoe check at")).set_value(100.0)
    next(b for b in editing.button if b.label == "Save settings").click()
    editing.run()
    assert [s.value for s in editing.success] == ["Saved."]

    watching.run()
    assert [w.split(":")[0] for w in _shoe_warnings(watching)] == ["Brooks has 200 km (124 mi)"]
