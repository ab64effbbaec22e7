"""Fixtures shared by the store tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connectors.store import Store


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url)
    yield opened
    opened.close()
