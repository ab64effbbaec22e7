"""axe-core on every page, on a desktop and a phone, light and dark: no serious or critical
violation. axe-core's JavaScript comes bundled in the axe-playwright-python wheel (nothing is
downloaded at test time)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from dashboard.navigation import OWNER_DATA_PAGES, VIEW_PAGES
from tests.browser.helpers import exceptions, settle, shot

pytestmark = pytest.mark.browser

PAGES = [spec.key for spec in (*VIEW_PAGES, *OWNER_DATA_PAGES)]
VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
SERIOUS = {"serious", "critical"}
AXE = Axe()


def page_url(app_url: str, key: str) -> str:
    """Overview is the default page: Streamlit serves it at the root, not at /overview."""
    return f"{app_url}/" if key == "overview" else f"{app_url}/{key}"


@pytest.fixture(scope="module", params=[(v, s) for v in VIEWPORTS for s in ("light", "dark")])
def tab(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, str]]:
    """One browser tab per viewport and colour scheme, reused across the pages."""
    viewport, scheme = request.param
    width, height = VIEWPORTS[viewport]
    phone = viewport == "phone"
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme=scheme,
        is_mobile=phone,
        has_touch=phone,
    )
    yield context.new_page(), f"{viewport}-{scheme}"
    context.close()


# Streamlit's own sidebar navigation puts each section's <div> straight inside its <ul>
# (list/listitem): markup boneload does not write and cannot change. Those two rules are
# checked everywhere else on the page.
STREAMLIT_NAV = '[data-testid="stSidebarNavItems"]'
LIST_RULES = ["list", "listitem"]


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations in the page, one line per failing node."""
    everything = AXE.run(page, options={"rules": {rule: {"enabled": False} for rule in LIST_RULES}})
    lists = AXE.run(page, context={"exclude": [[STREAMLIT_NAV]]}, options={"runOnly": LIST_RULES})
    found = []
    for rule in everything.response["violations"] + lists.response["violations"]:
        if rule["impact"] in SERIOUS:
            for node in rule["nodes"]:
                summary = node["failureSummary"].replace("\n", " ")[:400]
                found.append(f"{rule['id']} ({rule['impact']}): {node['target']} {summary}")
    return found


@pytest.mark.parametrize("key", PAGES)
def test_page_has_no_serious_axe_violation(tab: tuple[Any, str], app_url: str, key: str) -> None:
    page, name = tab
    page.goto(page_url(app_url, key))
    settle(page)
    assert exceptions(page) == []
    shot(page, f"axe-{name}-{key}")
    found = serious_violations(page)
    assert not found, "\n".join(found)


CHART_PAGES = ["overview", "weekly_load", "rest_days", "progression", "bone_loading"]
BOXES = """plot => {
    const box = sel => {
        const e = plot.querySelector(sel);
        if (!e) return null;
        const r = e.getBoundingClientRect();
        return r.width && r.height ? [r.left, r.top, r.right, r.bottom] : null;
    };
    const bar = plot.querySelector('.modebar-container');
    const shown = bar && getComputedStyle(bar).display !== 'none'
        && bar.getBoundingClientRect().height > 0;
    const boxes = sel => [...plot.querySelectorAll(sel)].map(e => e.getBoundingClientRect())
        .filter(r => r.width && r.height).map(r => [r.left, r.top, r.right, r.bottom]);
    return {title: box('.gtitle'), legend: box('.legend'), buttons: box('.rangeselector'),
            modebar: Boolean(shown), svg: box('.main-svg'),
            axis_titles: boxes('.infolayer [class*="title"]:not(.gtitle)'),
            notes: boxes('.annotation'), ticks: boxes('.xtick text, [class*="ytick"] text')};
}"""


def _overlap(a: list[float] | None, b: list[float] | None) -> bool:
    return bool(a and b) and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def phone_charts_are_clear(browser: Any, app_url: str, ranges: bool = False) -> None:
    """On a 390 px phone, on every chart page: no toolbar, no legend or range button over a
    title, axis titles inside the chart, panel titles and labels clear of ticks and buttons,
    the charts a page draws on request switched on; with `ranges`, some chart on each page
    but Overview (12 weeks) has range buttons."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        for key in CHART_PAGES:
            page.goto(page_url(app_url, key))
            settle(page)
            closer = page.get_by_test_id("stSidebarHeader").get_by_role("button")
            if closer.is_visible():  # an open sidebar makes the page behind it inert
                closer.click()
                page.wait_for_timeout(500)
            if page.locator(".bl-bars").count():  # HTML bars (dashboard/charts/html_bars.py)
                _check_html_bars(page)
            if key == "overview":  # no Plotly
                continue
            switches = page.get_by_test_id("stMain").get_by_test_id("stCheckbox")
            switches = switches.filter(has_text="Show ")
            if key in ("weekly_load", "bone_loading"):
                assert switches.count() == 1, key
            for i in range(switches.count()):  # charts on request (common.on_request): all on
                drawn = page.locator(".js-plotly-plot").count()
                switches.nth(i).get_by_text("Show ", exact=False).click()
                settle(page)
                expect(page.locator(".js-plotly-plot")).not_to_have_count(drawn)
            plots = page.locator(".js-plotly-plot")
            assert plots.count() > 0, key
            if ranges and key != "overview":
                assert page.locator(".rangeselector").count() > 0, key
            for i in range(plots.count()):
                plot = plots.nth(i)
                if plot.evaluate("p => Boolean(p.closest('[inert]'))"):
                    continue  # in a closed expander
                plot.scroll_into_view_if_needed()
                plot.tap()  # a touch is a hover on a phone: it showed Plotly's toolbar
                _check_boxes(key, i, plot.evaluate(BOXES))
    finally:
        context.close()


HTML_BARS = """() => {
    const boxes = sel => [...document.querySelectorAll(sel)].map(e => e.getBoundingClientRect())
        .map(r => [r.left, r.top, r.right, r.bottom]);
    return {figure: boxes('.bl-bars')[0], labels: boxes('.bl-bars .bl-x span'),
            bars: boxes('.bl-bars .bl-col'), width: document.documentElement.clientWidth};
}"""


def _check_html_bars(page: Any) -> None:
    """A page's HTML bars on a phone: inside the screen, week labels apart, one per bar."""
    page.locator(".bl-bars").first.scroll_into_view_if_needed()
    found = page.evaluate(HTML_BARS)
    assert found["figure"][0] >= 0 and found["figure"][2] <= found["width"], found["figure"]
    labels = found["labels"]
    assert len(labels) == len(found["bars"]) >= 12
    assert not any(_overlap(a, b) for a, b in pairwise(labels)), labels


def _check_boxes(key: str, i: int, boxes: dict[str, Any]) -> None:
    assert not boxes["modebar"], (key, i)
    assert not _overlap(boxes["title"], boxes["legend"]), (key, i, boxes)
    assert not _overlap(boxes["title"], boxes["buttons"]), (key, i, boxes)
    left, _, right, _ = boxes["svg"]
    for axis_title in boxes["axis_titles"]:  # never cut off at the sides
        assert left - 1 <= axis_title[0] and axis_title[2] <= right + 1, (key, i, axis_title)
    for note in boxes["notes"]:  # panel titles and labels clear of ticks and buttons
        assert not _overlap(note, boxes["buttons"]), (key, i, note)
        assert not any(_overlap(note, tick) for tick in boxes["ticks"]), (key, i, note)


def test_on_a_phone_no_chart_control_or_legend_covers_a_title(browser: Any, app_url: str) -> None:
    phone_charts_are_clear(browser, app_url)
