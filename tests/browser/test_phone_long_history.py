"""A phone (390 x 844) on three years of runs: every long chart has its range buttons, and
they, the titles, panel titles, legends and axis titles stay clear of each other (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from connectors.store import Store
from tests.browser.helpers import start_server, stop_server
from tests.browser.test_accessibility import phone_charts_are_clear
from tests.personas import store_persona, ten_year_runner

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def long_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("long")
    db_path = folder / "boneload.sqlite"
    store = Store(f"sqlite:///{db_path}")
    store_persona(store, ten_year_runner(date.today(), years=3))
    store.save_settings({"period": "Everything"}, "local")
    store.engine.dispose()
    process, url = start_server(db_path, folder / "streamlit.log")
    yield url
    stop_server(process)


def test_phone_charts_over_three_years_are_clear_and_have_range_buttons(
    browser: Any, long_app_url: str
) -> None:
    phone_charts_are_clear(browser, long_app_url, ranges=True)
