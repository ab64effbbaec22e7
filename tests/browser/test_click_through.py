"""A person opens boneload on demo data and clicks every page, on a desktop and on a phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import NAV, exceptions, settle, shot

pytestmark = pytest.mark.browser


def test_demo_data_is_labelled_on_first_open(page: Any, app_url: str) -> None:
    page.goto(app_url)
    settle(page)
    expect(page.get_by_text("Demo data: a made-up athlete")).to_be_visible()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    assert exceptions(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_renders_at_desktop_width(browser: Any, app_url: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(app_url)
        settle(page)
        for title in NAV:
            page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
            settle(page)
            expect(page.get_by_role("heading", name=title).first).to_be_visible()
            assert exceptions(page) == [], title
            shot(page, f"desktop-{scheme}-{title}")
    finally:
        context.close()


def test_every_page_renders_on_a_phone(browser: Any, app_url: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        page.goto(app_url)
        settle(page)
        for title in NAV:
            opener = page.get_by_test_id("stExpandSidebarButton")
            if opener.is_visible():
                opener.click()
            page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
            settle(page)
            closer = page.get_by_test_id("stSidebarHeader").get_by_role("button")
            if closer.is_visible():
                closer.click()
                expect(page.get_by_test_id("stExpandSidebarButton")).to_be_visible()
                page.wait_for_timeout(500)
            expect(page.get_by_role("heading", name=title).first).to_be_visible()
            assert exceptions(page) == [], title
            shot(page, f"phone-{title}")
    finally:
        context.close()


def test_switching_to_miles_relabels_the_charts(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/weekly_load")
    settle(page)
    page.get_by_test_id("stMain").get_by_role("radio", name="mi", exact=True).click()
    settle(page)
    expect(page.get_by_text("Weekly distance (mi)").first).to_be_visible()
    assert exceptions(page) == []
