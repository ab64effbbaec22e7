"""Charts kept one click away (common.on_request, issue 12): off on a first visit, drawn when
switched on, still on after visiting other pages and coming back in the same visit, off again
in a new visit, and never written to the owner's settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from connectors.store import Store

ROOT = Path(__file__).resolve().parents[3]
# page -> (toggle key, titles of the charts it adds)
ON_REQUEST = {
    "weekly_load": (
        "load_ratios",
        {"Acute:chronic workload ratio (contested)", "Monotony and strain"},
    ),
    "bone_loading": (
        "bone_score_charts",
        {"Weekly bone-loading score (speculative)", "Rest between two runs (speculative)"},
    ),
    "progression": ("pace_at_hr", {"Pace at about"}),
}


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'on_request.sqlite'}"
    monkeypatch.setenv("BONELOAD_DB", url)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("BONELOAD_DEMO", raising=False)  # the demo athlete
    return url


def _go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def _has(titles: list[str], wanted: set[str]) -> bool:
    return all(any(t.startswith(w) for t in titles) for w in wanted)


@pytest.mark.parametrize("page", ON_REQUEST)
def test_a_chart_on_request_is_off_then_kept_for_the_visit(db_url: str, page: str) -> None:
    key, wanted = ON_REQUEST[page]
    at = _go(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), page)
    toggle = at.toggle(key=key)
    assert toggle.value is False and toggle.help  # says what it shows
    assert not any(_has(_titles(at), {w}) for w in wanted)
    before = len(_titles(at))

    toggle.set_value(True).run()
    assert not at.exception
    assert _has(_titles(at), wanted)
    assert len(_titles(at)) == before + len(wanted)

    _go(at, "shoes")  # the toggle is not on this page: Streamlit drops its widget state
    _go(at, page)
    assert at.toggle(key=key).value is True
    assert _has(_titles(at), wanted)

    at.toggle(key=key).set_value(False).run()
    _go(at, "overview")
    _go(at, page)
    assert at.toggle(key=key).value is False
    assert len(_titles(at)) == before

    store = Store(db_url)
    try:
        assert store.load_settings("local") == {}  # a choice for the visit, not a setting
    finally:
        store.close()
    fresh = _go(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), page)
    assert fresh.toggle(key=key).value is False
