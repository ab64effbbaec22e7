"""Unit and period persist across pages and visits, as the owner's settings (issue 13)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from connectors.store import Store, share_links
from tests.factories import make_activity, make_result

ROOT = Path(__file__).resolve().parents[3]
TODAY = datetime.now(UTC).date()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    url = f"sqlite:///{tmp_path / 'remember.sqlite'}"
    monkeypatch.setenv("BONELOAD_DB", url)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("BONELOAD_DEMO", raising=False)
    opened = Store(url)
    start = datetime.combine(TODAY - timedelta(days=400), datetime.min.time(), UTC)
    runs = [
        make_activity(source_id=str(i), start_utc=start + timedelta(days=3 * i, hours=7))
        for i in range(130)
    ]
    opened.ingest(make_result(runs), "runs.csv", "local")
    yield opened
    opened.close()


def _go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _period(at: AppTest) -> str:
    return next(s for s in at.selectbox if s.label == "Period").value


def test_period_and_unit_follow_the_person_to_other_pages_and_the_next_visit(
    store: Store,
) -> None:
    at = _go(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), "weekly_load")
    assert _period(at) == "Last 12 weeks"
    next(s for s in at.selectbox if s.label == "Period").select("Last year").run()
    at.segmented_control(key="unit").set_value("mi").run()
    assert store.load_settings("local")["period"] == "Last year"
    assert store.load_settings("local")["distance_unit"] == "mi"

    at = _go(at, "rest_days")
    assert _period(at) == "Last year"
    at = _go(at, "shoes")
    assert at.segmented_control(key="unit").value == "mi"

    visit = _go(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), "bone_loading")
    assert _period(visit) == "Last year"
    assert visit.segmented_control(key="unit").value == "mi"


def test_a_custom_range_is_not_stored(store: Store) -> None:
    at = _go(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), "weekly_load")
    next(s for s in at.selectbox if s.label == "Period").select("Custom").run()
    assert not at.exception
    assert "period" not in store.load_settings("local")


def test_a_share_link_viewer_never_writes_settings(store: Store) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    token, _ = share_links.create(
        store, "local", "Physio", now + timedelta(days=3), ["weekly_load", "shoes"], now
    )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["share"] = token
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    next(s for s in at.selectbox if s.label == "Period").select("Everything").run()
    at.segmented_control(key="unit").set_value("mi").run()
    assert not at.exception, [e.value for e in at.exception]
    assert _period(at) == "Everything"  # the choice holds for the visit
    assert store.load_settings("local") == {}
    at = _go(at, "shoes")
    assert at.segmented_control(key="unit").value == "mi"
    assert store.load_settings("local") == {}
