"""A person uploads their Strava activities.csv, then a broken file, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from connectors.store import Store
from tests.browser.helpers import App, exceptions, recent_strava_csv, settle, shot

pytestmark = pytest.mark.browser


def _upload(page: Any, name: str, data: bytes, mime: str = "text/csv") -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )
    expect(page.get_by_text(name).first).to_be_visible()
    page.get_by_role("button", name="Import", exact=True).click()
    settle(page)


def _stored(app: App) -> int:
    store = Store(f"sqlite:///{app.db_path}")
    try:
        return store.count(owner="local")
    finally:
        store.close()


def test_upload_replaces_demo_with_own_weeks(page: Any, app: App) -> None:
    page.goto(app.url)
    settle(page)
    expect(page.get_by_text("Demo data: a made-up athlete")).to_be_visible()

    page.goto(f"{app.url}/import_data")
    settle(page)
    _upload(page, "activities.csv", recent_strava_csv(runs=6))
    expect(page.get_by_text("Stored 6 activities")).to_be_visible()
    assert exceptions(page) == []
    shot(page, "upload-strava-result")
    assert _stored(app) == 6

    page.get_by_test_id("stSidebarNav").get_by_text("Overview", exact=True).click()
    settle(page)
    expect(page.get_by_text("Demo data: a made-up athlete")).to_have_count(0)
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    assert exceptions(page) == []
    shot(page, "upload-strava-overview")

    page.get_by_test_id("stSidebarNav").get_by_text("Shoes", exact=True).click()
    settle(page)
    expect(
        page.get_by_text("Test Shoe With A Rather Long Name For Layout").first
    ).to_be_attached()  # drawn in the data grid (canvas)
    shot(page, "upload-strava-shoes")


def test_reimport_adds_nothing(page: Any, app: App) -> None:
    page.goto(f"{app.url}/import_data")
    settle(page)
    before = _stored(app)
    _upload(page, "activities.csv", recent_strava_csv(runs=6))
    expect(page.get_by_text("0 new, 0 merged, 0 updated, 6 already there").first).to_be_visible()
    assert _stored(app) == before


def test_broken_file_is_refused_and_nothing_changes(page: Any, app: App) -> None:
    before = _stored(app)
    page.goto(f"{app.url}/import_data")
    settle(page)
    _upload(page, "activities.csv", b"\x00\x01\x02PK\x00garbage" * 200)
    expect(page.get_by_text("binary file").first).to_be_visible()
    assert exceptions(page) == []
    shot(page, "upload-broken")
    assert _stored(app) == before

    page.get_by_test_id("stSidebarNav").get_by_text("Overview", exact=True).click()
    settle(page)
    expect(page.get_by_text("Demo data: a made-up athlete")).to_have_count(0)
    assert exceptions(page) == []
