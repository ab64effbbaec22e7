"""Fixtures of the page tests: each test points BONELOAD_DB at its own SQLite file
(dashboard.data caches one Store per URL, so tests never share a store)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.files.base import ImportOptions
from connectors.importing import import_paths
from connectors.store import Store

ROOT = Path(__file__).resolve().parents[3]
STRAVA_2023 = ROOT / "tests" / "fixtures" / "strava" / "activities_2023_94.csv"
NOW = datetime.now(UTC).replace(tzinfo=None)  # naive UTC, as import_paths takes it


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'pages.sqlite'}"
    monkeypatch.setenv("BONELOAD_DB", url)
    monkeypatch.delenv("BONELOAD_DEMO", raising=False)
    monkeypatch.delenv("BONELOAD_PUBLIC", raising=False)  # a local install: the owner's pages
    monkeypatch.setenv("TZ", "UTC")  # the default time zone setting
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    yield opened
    opened.close()


@pytest.fixture
def imported(store: Store) -> Store:
    """The 94-column Strava fixture: a run, a swim, a walk and a ride, Nov 2022 - Jan 2023."""
    summaries = import_paths(
        store, [STRAVA_2023], ImportOptions(timezone="America/Chicago"), NOW, owner="local"
    )
    assert [(s.new, s.status) for s in summaries] == [(4, "partial")]
    return store
