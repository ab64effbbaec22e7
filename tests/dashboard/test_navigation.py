"""Which pages each role gets: the owner everything, a viewer only the shared views."""

from __future__ import annotations

import pytest

from dashboard import navigation as nav

VIEWS = [
    "overview",
    "activities",
    "weekly_load",
    "rest_days",
    "progression",
    "shoes",
    "bone_loading",
    "report",
]


def keys(pages: list[nav.PageSpec]) -> list[str]:
    return [p.key for p in pages]


def test_owner_gets_every_view_and_the_data_pages() -> None:
    got = keys(nav.pages_for("owner"))
    assert got[: len(VIEWS)] == VIEWS
    assert {"log_session", "import_data", "settings", "share"} <= set(got[len(VIEWS) :])
    owner_pages = {"log_session", "import_data", "settings", "share", "connections"}
    assert set(got[len(VIEWS) :]) <= owner_pages


def test_viewer_gets_only_shared_views_in_sidebar_order() -> None:
    got = keys(nav.pages_for("viewer", ("report", "rest_days", "settings", "import_data", "x")))
    assert got == ["rest_days", "report"]


def test_viewer_of_a_link_with_no_view_page_gets_the_refusal() -> None:
    assert keys(nav.pages_for("viewer", ("settings", "share"))) == ["link_refused"]


@pytest.mark.parametrize(
    ("sign_in", "demo", "expected_tail"),
    [
        (True, True, ["import_data", "sign_in"]),
        (False, True, ["import_data"]),
        (False, False, ["import_data"]),
    ],
)
def test_visitor_gets_views_and_a_session_import(
    sign_in: bool, demo: bool, expected_tail: list[str]
) -> None:
    got = keys(nav.pages_for("visitor", sign_in=sign_in, demo=demo))
    assert got == VIEWS + expected_tail
    assert "settings" not in got and "share" not in got


def test_visitor_with_sign_in_and_no_demo_only_signs_in() -> None:
    assert keys(nav.pages_for("visitor", sign_in=True, demo=False)) == ["sign_in"]


def test_refused_and_unknown_roles() -> None:
    assert keys(nav.pages_for("refused", ("overview",))) == ["link_refused"]
    with pytest.raises(ValueError, match="unknown role 'admin'"):
        nav.pages_for("admin")


def test_every_routed_page_file_exists_and_sections_keep_order() -> None:
    every = [*nav.VIEW_PAGES, *nav.OWNER_DATA_PAGES, nav.SIGN_IN, nav.REFUSED]
    assert [p.path for p in every if not (nav.ROOT / p.path).is_file()] == []
    grouped = nav.sections(nav.pages_for("owner"))
    assert list(grouped) == [nav.VIEWS_SECTION, nav.DATA_SECTION]
    assert keys(grouped[nav.VIEWS_SECTION]) == VIEWS
