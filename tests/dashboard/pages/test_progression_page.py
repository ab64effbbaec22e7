"""The Progression page on issue 9's personas (AppTest, a real SQLite store): the plan week with
every session spelled out, planned against done, adherence; the walking phase; and the whole plan
always shown, with or without a plan start. The page reads the real clock (UTC here); personas
are laid out from today backwards, so this holds on any weekday."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from connectors.store import LOCAL_OWNER, Store
from tests import personas
from tests.dashboard.pages.page_helpers import short_tables

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'progression.sqlite'}"
    monkeypatch.setenv("BONELOAD_DB", url)
    monkeypatch.setenv("BONELOAD_DEMO", "0")
    monkeypatch.setenv("TZ", "UTC")
    return url


def progression_page(url: str, builder: Callable[..., personas.Persona]) -> AppTest:
    store = Store(url)
    try:
        personas.store_persona(store, builder(datetime.now(UTC).date()), LOCAL_OWNER)
    finally:
        store.close()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("dashboard/pages/progression.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _plan_table(at: AppTest) -> pl.DataFrame:
    """The whole plan, a plain HTML table (render.short_table), as a frame of its cells."""
    return pl.DataFrame(next(t for t in short_tables(at) if "description" in t))


def test_couch_to_5k_week_six_shows_sessions_done_and_adherence(db_url: str) -> None:
    # the persona: from Friday week 6 is this week (3 of 3); Monday to Thursday it was last
    # week and this week is week 7, nothing done yet
    at = progression_page(db_url, personas.couch_to_5k_week6)
    text = " ".join(m.value for m in at.markdown)
    captions = " ".join(c.value for c in at.caption)
    if datetime.now(UTC).weekday() >= 4:
        assert "Week 6 of the walk-to-run plan: 3 of 3 sessions done" in text
        assert (
            "- **Session 2:** 5 min brisk walk, then 10 min run, 3 min walk, 10 min run (done "
            in text
        )
        assert "suggested" not in text
        assert "15 of 15 sessions done (100%), 0 weeks repeated" in captions
    else:
        assert "Week 7 of the walk-to-run plan: 0 of 3 sessions done" in text
        assert "- **Session 1:** 5 min brisk walk, then 25 min run without walking (" in text
        assert "(done " not in text
        assert "18 of 18 sessions done (100%), 0 weeks repeated" in captions
    # the whole plan stays visible once a plan start is set
    whole = _plan_table(at)
    assert whole.shape[0] == 27
    assert "5 min run, 3 min walk, 8 min run, 3 min walk, 5 min run" in whole["description"][15]


def test_walker_sees_the_walking_phase_on_track(db_url: str) -> None:
    at = progression_page(db_url, personas.walker_week2)
    text = " ".join(m.value for m in at.markdown)
    assert "Week 2 of the walking phase:" in text and "on track" in text
    assert "- **Session 1:** a 15-20 min walk at a comfortable pace (done " in text
    assert "Before week 1, the walking phase" in " ".join(c.value for c in at.caption)
    assert _plan_table(at).shape[0] == 27
