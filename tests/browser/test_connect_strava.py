"""A person connects Strava through a fake authorization page on localhost, syncs, and sees
their activities. Nothing leaves 127.0.0.1."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.browser.helpers import exceptions, settle, shot, start_server, stop_server
from tests.connectors.apis.fake_strava import CLIENT_ID, CLIENT_SECRET, FakeClock, FakeStrava

pytestmark = pytest.mark.browser


def _authorize_page(fake: FakeStrava) -> Any:
    def handler(request: Request) -> Response:
        args = request.args
        assert args["client_id"] == CLIENT_ID
        assert args["response_type"] == "code"
        fake.codes["code-from-browser"] = 1
        back = (
            f"{args['redirect_uri']}?state={args['state']}&code=code-from-browser"
            "&scope=read,activity:read_all"
        )
        body = (
            "<html><body><h1>Authorize boneload</h1>"
            f'<a id="authorize" href="{html.escape(back)}">Authorize</a></body></html>'
        )
        return Response(body, 200, content_type="text/html")

    return handler


@pytest.fixture
def strava(httpserver_ipv4: HTTPServer) -> FakeStrava:
    fake = FakeStrava(httpserver_ipv4, FakeClock(datetime.now(UTC)))
    fake.add_runs(12, datetime.now(UTC) - timedelta(days=24), every=timedelta(days=2))
    httpserver_ipv4.expect_request("/oauth/authorize", method="GET").respond_with_handler(
        _authorize_page(fake)
    )
    return fake


@pytest.fixture
def app_with_strava(strava: FakeStrava, tmp_path: Path) -> Iterator[str]:
    process, url = start_server(
        tmp_path / "boneload.sqlite",
        tmp_path / "streamlit.log",
        {
            "BONELOAD_STRAVA_URL": strava.api_url,
            "BONELOAD_STRAVA_OAUTH_URL": strava.oauth_url,
            "STRAVA_CLIENT_ID": CLIENT_ID,
            "STRAVA_CLIENT_SECRET": CLIENT_SECRET,
            "BONELOAD_SECRET_KEY": "test-secret-key-not-for-production",
            "TZ": "America/Los_Angeles",
        },
    )
    yield url
    stop_server(process)


def test_connect_strava_then_sync_brings_the_activities(
    browser: Any, app_with_strava: str, strava: FakeStrava
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{app_with_strava}/connections")
        settle(page)
        with context.expect_page() as opened:
            page.get_by_role("link", name="Connect Strava").click()
        strava_page = opened.value
        strava_page.wait_for_load_state()
        expect(strava_page.get_by_role("heading", name="Authorize boneload")).to_be_visible()
        strava_page.get_by_role("link", name="Authorize").click()
        settle(strava_page)
        expect(strava_page.get_by_text("Strava is connected")).to_be_visible()
        shot(strava_page, "connect-strava-connected")

        strava_page.get_by_role("button", name="Sync now").first.click()
        settle(strava_page)
        expect(strava_page.get_by_text("12 new").first).to_be_visible()
        assert exceptions(strava_page) == []
        shot(strava_page, "connect-strava-synced")

        strava_page.get_by_test_id("stSidebarNav").get_by_text("Overview", exact=True).click()
        settle(strava_page)
        expect(strava_page.get_by_text("Demo data: a made-up athlete")).to_have_count(0)
        assert exceptions(strava_page) == []
        assert strava.violations == []
    finally:
        context.close()
