"""Ingest reads candidate rows only (issue 12), and decides exactly as with the whole history;
undo removes large imports in chunks."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from connectors.store import Store
from connectors.store.dbapi import AlchemyRunner
from connectors.store.dedupe import MatchRules, classify
from connectors.store.ingest import candidates
from tests.factories import DEFAULT_START, daily_runs, make_activity, make_frame, make_result

SOURCES = ("strava_export", "fit", "manual")
SPORTS = ("run", "walk", "hike", "ride")


def _whole_history(store: Store, owner: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """What ingest read before issue 12: every stored activity and every source link."""
    stored = store.activities(owner).select(
        "activity_id", "sport", "start_utc", "elapsed_s", "source"
    )
    links = store.sources(owner)
    by_activity = links.group_by("activity_id").agg(pl.col("source").unique().alias("sources"))
    existing = stored.join(by_activity, on="activity_id", how="left").with_columns(
        pl.coalesce("sources", pl.concat_list("source"))
    )
    return existing, links.select("source", "source_id")


def _decisions(frame: pl.DataFrame, existing: pl.DataFrame, known: pl.DataFrame) -> pl.DataFrame:
    return classify(frame, existing, known, MatchRules()).select(
        "activity_id", "status", "target_id"
    )


row = st.tuples(
    st.sampled_from(SOURCES),
    st.integers(0, 40),  # source id: a batch may repeat a stored one
    st.sampled_from(SPORTS),
    st.integers(-6 * 3600, 6 * 3600),  # start offset in seconds: within and beyond the windows
    st.sampled_from((120.0, 600.0, 1800.0, 1900.0, 3600.0, 7200.0)),
)


def _rows(items: list[tuple[str, int, str, int, float]]) -> list[dict]:
    seen: set[tuple[str, int]] = set()
    rows = []
    for source, sid, sport, offset, elapsed in items:
        if (source, sid) in seen:
            continue
        seen.add((source, sid))
        rows.append(
            make_activity(
                source=source,
                source_id=str(sid),
                sport=sport,
                sport_type=sport.title(),
                start_utc=DEFAULT_START + timedelta(seconds=offset),
                elapsed_s=elapsed,
                moving_s=elapsed,
            )
        )
    return rows


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    stored=st.lists(st.lists(row, min_size=1, max_size=8), min_size=1, max_size=3),
    batch=st.lists(row, min_size=1, max_size=8),
)
def test_candidates_decide_like_the_whole_history(
    stored: list[list[tuple[str, int, str, int, float]]],
    batch: list[tuple[str, int, str, int, float]],
) -> None:
    store = Store("sqlite://")
    try:
        for n, items in enumerate(stored):
            store.ingest(make_result(_rows(items)), f"stored{n}.csv", "local")
        frame = make_frame(_rows(batch))
        whole = _decisions(frame, *_whole_history(store, "local"))
        with store.engine.connect() as conn:
            picked = candidates(AlchemyRunner(conn), frame, "local", MatchRules())
        assert_frame_equal(_decisions(frame, *picked), whole)
    finally:
        store.close()


def test_a_small_batch_reads_only_its_neighbours(store: Store) -> None:
    """A sync page of one activity in a 300-activity history reads the one stored near it."""
    store.ingest(make_result(daily_runs(300, source="strava_export")), "all.csv", "local")
    near = make_activity(
        source="fit", source_id="w1", start_utc=DEFAULT_START + timedelta(days=150, seconds=40)
    )
    frame = make_frame([near])
    with store.engine.connect() as conn:
        existing, known = candidates(AlchemyRunner(conn), frame, "local", MatchRules())
    assert existing["start_utc"].to_list() == [DEFAULT_START + timedelta(days=150)]
    assert existing["sources"].to_list() == [["strava_export"]]
    assert known.is_empty()
    summary = store.ingest(make_result([near]), "watch.fit", "local")
    assert (summary.new, summary.merged) == (0, 1)


def test_a_repeated_source_id_is_known_wherever_it_starts(store: Store) -> None:
    """The same Strava id, re-exported with a start days away (another time zone setting),
    is still the stored row: found by its id, not by the window."""
    first = make_activity(source="strava_export", source_id="77")
    store.ingest(make_result([first, *daily_runs(5, start=DEFAULT_START + timedelta(days=9))]),
                 "a.csv", "local")  # fmt: skip
    moved = make_frame([{**first, "start_utc": DEFAULT_START + timedelta(days=3)}])
    with store.engine.connect() as conn:
        _, known = candidates(AlchemyRunner(conn), moved, "local", MatchRules())
    assert known.rows() == [("strava_export", "77")]


def test_undo_of_a_large_import_goes_in_chunks(store: Store) -> None:
    """1,234 activities (over the 500 ids of one IN list) are all removed, and only them."""
    store.ingest(make_result(daily_runs(3, source="fit")), "watch.fit", "local")
    later = DEFAULT_START + timedelta(days=10)
    summary = store.ingest(
        make_result(daily_runs(1234, source="strava_export", start=later)), "big.csv", "local"
    )
    assert summary.new == 1234
    assert summary.import_id is not None
    assert store.undo_import(summary.import_id, "local") == 1234
    assert store.count("local") == 3
    assert store.sources("local")["source"].to_list() == ["fit"] * 3
