"""An imported FIT run opened on the Activities page in a real browser on a 390 px phone, light
and dark: heart rate, pace, cadence and route charts drawn without map tiles or any request
for them, the laps table, no chart control or legend over a title, no serious axe-core
violation."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from connectors.files.base import ImportOptions
from connectors.importing import import_paths
from connectors.store import Store
from tests.browser.helpers import App, exceptions, settle, shot
from tests.browser.test_accessibility import BOXES, _check_boxes, serious_violations

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
STREAMLIT_ICONS = "https://fonts.gstatic.com/s/i/short-term/release/materialsymbols"
FIT_RUN = ROOT / ".." / "shared" / "samples" / "fit" / "fitdecode_activity-small-fenix2-run.fit"


@pytest.fixture(scope="module")
def imported(app: App) -> App:
    if not FIT_RUN.exists():
        pytest.skip(f"sample {FIT_RUN} is absent")
    store = Store(f"sqlite:///{app.db_path}")
    try:
        now = datetime.now(UTC).replace(tzinfo=None)
        import_paths(store, [FIT_RUN], ImportOptions(timezone="Europe/Oslo"), now, "local")
    finally:
        store.close()
    return app


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_fit_runs_detail_on_a_phone(browser: Any, imported: App, scheme: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, color_scheme=scheme
    )
    page = context.new_page()
    offsite: list[str] = []
    page.on(
        "request",
        lambda r: offsite.append(r.url) if not r.url.startswith(imported.url) else None,
    )
    try:
        page.goto(f"{imported.url}/activities")
        settle(page)
        closer = page.get_by_test_id("stSidebarHeader").get_by_role("button")
        if closer.is_visible():  # an open sidebar makes the page behind it inert
            closer.click()
            page.wait_for_timeout(500)
        expect(page.get_by_text("Over time", exact=True)).to_be_visible()
        plots = page.locator(".js-plotly-plot")
        expect(plots).to_have_count(4)
        titles = [plots.nth(i).locator(".gtitle").text_content() for i in range(4)]
        assert titles == ["Heart rate", "Pace", "Cadence", "Route"]
        for i in range(4):
            plot = plots.nth(i)
            plot.scroll_into_view_if_needed()
            plot.tap()  # a touch is a hover on a phone
            _check_boxes("activity detail", i, plot.evaluate(BOXES))
        expect(page.get_by_text("Laps", exact=True)).to_be_visible()
        assert exceptions(page) == []
        # no map tiles or map scripts from elsewhere (Streamlit fetches its icons from Google)
        assert [u for u in offsite if not u.startswith(STREAMLIT_ICONS)] == []
        shot(page, f"activity-detail-phone-{scheme}")
        found = serious_violations(page)
        assert not found, "\n".join(found)
    finally:
        context.close()
