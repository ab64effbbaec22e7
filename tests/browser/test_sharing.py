"""Owner and viewer in two browser contexts; two anonymous visitors on a public demo server.

The local server has no sign-in, so whoever opens it without a link is the owner "local". A
viewer opening `?share=<token>` gets only the shared pages of that owner, read-only, and keeps
them while clicking around; owner pages are not reachable by URL; a revoked or expired link
opens nothing. On a BONELOAD_PUBLIC=1 server each visitor's upload stays in their session.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from connectors.files.base import ImportOptions
from connectors.importing import import_bytes
from connectors.store import Store, share_links
from dashboard.navigation import VIEW_PAGES
from tests.browser.helpers import (
    App,
    exceptions,
    recent_strava_csv,
    settle,
    shot,
    start_server,
    stop_server,
)

pytestmark = pytest.mark.browser
OWN_SHOE = "Test Shoe With A Rather Long Name For Layout"
REFUSED = "This link does not open anything"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _server(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Iterator[App]:
    folder = tmp_path_factory.mktemp("share")
    db_path = folder / "boneload.sqlite"
    process, url = start_server(db_path, folder / "streamlit.log", {"TZ": "UTC", **env})
    yield App(url, db_path)
    stop_server(process)


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """A local server: the owner "local" has 6 runs; another owner, Alice, has her own."""
    for app in _server(tmp_path_factory, {"BONELOAD_PUBLIC": "0"}):
        store = Store(f"sqlite:///{app.db_path}")
        options = ImportOptions(timezone="UTC")
        import_bytes(store, "activities.csv", recent_strava_csv(6), options, _now(), owner="local")
        alice = recent_strava_csv(4).replace(OWN_SHOE.encode(), b"Alice Shoe")
        import_bytes(store, "alice.csv", alice, options, _now(), owner="alice@example.org")
        store.close()
        yield app


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    yield from _server(tmp_path_factory, {"BONELOAD_PUBLIC": "1"})


@pytest.fixture
def two(browser: Any) -> Iterator[tuple[Any, Any]]:
    first = browser.new_context(viewport={"width": 1280, "height": 900})
    second = browser.new_context(viewport={"width": 1280, "height": 900})
    yield first.new_page(), second.new_page()
    first.close()
    second.close()


def nav(page: Any) -> list[str]:
    links = page.get_by_test_id("stSidebarNav").get_by_test_id("stSidebarNavLink")
    # each link's text is its Material icon's name, then its title
    return [links.nth(i).inner_text().strip().split("\n")[-1] for i in range(links.count())]


def heading(page: Any) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


def create_link(page: Any, app: App, name: str, keep: tuple[str, ...]) -> str:
    page.goto(f"{app.url}/share")
    settle(page)
    page.get_by_label("Who is it for?").fill(name)
    for title in (spec.title for spec in VIEW_PAGES):
        if title not in keep:
            page.get_by_test_id("stCheckbox").filter(has_text=title).locator("label").click()
    page.get_by_role("button", name="Create link").click()
    settle(page)
    link = page.get_by_test_id("stCode").first.inner_text().strip()
    assert link.startswith(f"{app.url}/?share="), link
    return link


def test_viewer_sees_only_the_shared_pages_and_loses_them_on_revoke(
    two: tuple[Any, Any], local: App
) -> None:
    owner, viewer = two
    link = create_link(owner, local, "Dr Patel", ("Overview", "Shoes", "Report"))
    shot(owner, "share-created")
    token = link.split("?share=")[1]

    viewer.goto(link)
    settle(viewer)
    assert nav(viewer) == ["Overview", "Shoes", "Report"]
    expect(viewer.get_by_text("read-only · expires")).to_be_visible()
    assert exceptions(viewer) == []
    viewer.get_by_test_id("stSidebarNav").get_by_text("Shoes", exact=True).click()
    settle(viewer)
    assert heading(viewer) == "Shoes" and nav(viewer) == ["Overview", "Shoes", "Report"]
    expect(viewer.get_by_text(OWN_SHOE).first).to_be_attached()  # drawn in the data grid (canvas)
    expect(viewer.get_by_text("Alice Shoe")).to_have_count(0)  # never another owner's data
    expect(viewer.get_by_role("button", name="Assign")).to_have_count(0)
    shot(viewer, "share-viewer-shoes")
    viewer.get_by_test_id("stSidebarNav").get_by_text("Report", exact=True).click()
    settle(viewer)
    expect(viewer.get_by_text("read-only · expires")).to_be_visible()
    assert exceptions(viewer) == []

    for path in ("import_data", "settings", "share", "weekly_load"):
        viewer.goto(f"{local.url}/{path}?share={token}")
        settle(viewer)
        assert heading(viewer) == "Overview", path
        assert nav(viewer) == ["Overview", "Shoes", "Report"], path

    owner.goto(f"{local.url}/share")
    settle(owner)
    expect(owner.get_by_text("Dr Patel").first).to_be_visible()
    owner.get_by_role("button", name="Revoke").first.click()
    settle(owner)
    expect(owner.get_by_text("revoked").first).to_be_visible()

    viewer.reload()
    settle(viewer)
    assert heading(viewer) == REFUSED and nav(viewer) == []
    expect(viewer.get_by_text("This share link was revoked by its owner.")).to_be_visible()
    expect(viewer.get_by_text(OWN_SHOE)).to_have_count(0)
    shot(viewer, "share-revoked")


def test_an_expired_or_made_up_link_opens_nothing(page: Any, local: App) -> None:
    store = Store(f"sqlite:///{local.db_path}")
    past = _now() - timedelta(days=3)
    token, _ = share_links.create(store, "local", "Old", past + timedelta(days=1), ["shoes"], past)
    store.close()
    page.goto(f"{local.url}/shoes?share={token}")
    settle(page)
    assert heading(page) == REFUSED
    expect(page.get_by_text("This share link expired on")).to_be_visible()
    page.goto(f"{local.url}/?share=not-a-real-token")
    settle(page)
    assert heading(page) == REFUSED
    expect(page.get_by_text("This share link is not valid")).to_be_visible()


def _upload(page: Any, name: str, data: bytes) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    expect(page.get_by_text(name).first).to_be_visible()
    page.get_by_role("button", name="Import", exact=True).click()
    settle(page)


def test_two_anonymous_visitors_each_see_only_their_own_upload(
    two: tuple[Any, Any], public: App
) -> None:
    first, second = two
    shoes = {first: b"First Visitor Shoe", second: b"Second Visitor Shoe"}
    for page, shoe in shoes.items():
        page.goto(f"{public.url}/import_data")
        settle(page)
        assert "Settings" not in nav(page) and "Share" not in nav(page)
        expect(page.get_by_text("kept in this browser session only")).to_be_visible()
        _upload(page, "activities.csv", recent_strava_csv(5).replace(OWN_SHOE.encode(), shoe))
        expect(page.get_by_text("Stored 5 activities")).to_be_visible()
    for page, shoe in shoes.items():
        page.get_by_test_id("stSidebarNav").get_by_text("Shoes", exact=True).click()
        settle(page)
        other = next(s for p, s in shoes.items() if p is not page)
        expect(
            page.get_by_text(shoe.decode()).first
        ).to_be_attached()  # drawn in the data grid (canvas)
        expect(page.get_by_text(other.decode())).to_have_count(0)
        assert exceptions(page) == []
    shot(first, "public-first-visitor-shoes")
    store = Store(f"sqlite:///{public.db_path}")
    try:  # nothing reached the real store
        assert (store.count("visitor"), store.count("local"), store.imports("visitor")) == (
            0, 0, [],
        )  # fmt: skip
    finally:
        store.close()
