"""The theme switch people have: Streamlit's own main menu (top right), which boneload keeps
visible (toolbarMode = "viewer"). Dark chosen there stays on across pages and on a reload of
the address the visit began at (Streamlit keeps it in localStorage under that address), and
the charts follow the switch at once (dashboard/charts/live_theme.py)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import exceptions, settle, shot

pytestmark = pytest.mark.browser

DARK_BACKGROUND = "rgb(14, 21, 19)"  # .streamlit/config.toml [theme.dark] backgroundColor
DARK_TEXT = "rgb(230, 236, 234)"  # [theme.dark] textColor
APP_BACKGROUND = "() => getComputedStyle(document.querySelector('[data-testid=stApp]'))"
CHART_TEXT = (
    "() => [...document.querySelectorAll('.stPlotlyChart svg text')]"
    ".filter(t => t.textContent.trim() && !t.closest('.hoverlayer'))"
    ".map(t => getComputedStyle(t).fill)"
)


BARS_TEXT = (  # the Overview's HTML bars (dashboard/charts/html_bars.py)
    "() => [...document.querySelectorAll('.bl-bars .bl-x span, .bl-bars .bl-title')]"
    ".map(t => getComputedStyle(t).color)"
)


def _bars_text(page: Any) -> set[str]:
    page.wait_for_selector(".bl-bars .bl-x span")
    return set(page.evaluate(BARS_TEXT))


def _background(page: Any) -> str:
    return page.evaluate(APP_BACKGROUND + ".backgroundColor")


def _chart_text(page: Any) -> set[str]:
    page.wait_for_selector(".stPlotlyChart svg text")
    return set(page.evaluate(CHART_TEXT))


def test_dark_from_the_menu_stays_across_pages_and_reloads(browser: Any, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, color_scheme="light")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/settings")
        settle(page)
        expect(page.get_by_text("choose System, Light or Dark")).to_be_visible()
        page.goto(f"{app_url}/")
        settle(page)
        assert _background(page) != DARK_BACKGROUND
        light_text = _bars_text(page)
        page.get_by_test_id("stMainMenu").click()
        page.get_by_test_id("stMainMenuItem-theme-Dark").click()
        page.keyboard.press("Escape")
        expect(page.get_by_test_id("stApp")).to_have_css("background-color", DARK_BACKGROUND)
        # the chart already drawn follows at once: its text is the dark theme's text colour
        assert _bars_text(page) == {DARK_TEXT} != light_text
        for name in ("Rest days", "Weekly load"):
            page.get_by_test_id("stSidebarNav").get_by_text(name, exact=True).click()
            settle(page)
            assert _background(page) == DARK_BACKGROUND, name
            assert _chart_text(page) == {DARK_TEXT}, name
        shot(page, "theme-dark-after-navigating")
        page.goto(f"{app_url}/")  # a new visit at the same address
        settle(page)
        assert _background(page) == DARK_BACKGROUND
        page.reload()
        settle(page)
        assert _background(page) == DARK_BACKGROUND
        assert _bars_text(page) == {DARK_TEXT}
        assert exceptions(page) == []
    finally:
        context.close()
