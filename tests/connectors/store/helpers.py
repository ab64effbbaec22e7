"""Helpers the store tests share."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from connectors.store import Store
from tests.factories import DEFAULT_START, make_activity

STRAVA_ID = str(2**64 - 7)  # Strava ids passed 2**63 long ago: they must stay strings


def snapshot(store: Store, owner: str) -> tuple[pl.DataFrame, pl.DataFrame, list]:
    sources = store.sources(owner).sort("source", "source_id")
    return store.activities(owner), sources, store.imports(owner)


def strava_and_watch(**watch: object) -> tuple[dict, dict]:
    """The same run seen by Strava (no cadence) and by the watch's FIT file 90 s later."""
    strava = make_activity(source="strava_export", source_id=STRAVA_ID, avg_cadence_spm=None)
    fit = make_activity(
        source="fit",
        source_id="2025-03-01-13-06-35",
        start_utc=DEFAULT_START + timedelta(seconds=90),
        elapsed_s=1800.0 * 1.02,
        distance_m=5050.0,
        avg_cadence_spm=168.0,
        steps=5040,
        gear=None,
        name="Running",
    )
    fit.update(watch)
    return strava, fit
