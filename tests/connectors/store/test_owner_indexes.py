"""One owner's queries read that owner's rows through an index, never a whole table (issue 12:
a Postgres store of 200 owners must serve one owner as fast as a store holding that owner alone).

Every statement an owner's page visit, CLI commands, imports, edits, undo and sync run is
captured as it is sent, then explained: on PostgreSQL with sequential scans priced out
(enable_seqscan off: a Seq Scan still shows when no index can serve the query), on SQLite with
EXPLAIN QUERY PLAN (SCAN = the whole table, SEARCH = through an index). Plans, never timings.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from connectors.files.base import ImportOptions
from connectors.importing import import_bytes
from connectors.store import Store, edits, share_links, stamp, streams, tables, upstream
from connectors.store import shoes as store_shoes
from connectors.store.connections import connected_at, load_state
from connectors.store.migrations import OWNER_INDEXES, REPLACED_INDEXES
from dashboard import cli
from tests.factories import DEFAULT_START, daily_runs, make_activity, make_result

OWNERS = [f"owner-{n}" for n in range(12)]
ME = OWNERS[3]
BULK = 800  # rows per owner, so that the planner's choices are the ones a real store gets
OWNER_TABLES = {
    "activities", "activity_sources", "imports", "activity_revisions", "activity_edits",
    "settings", "shoe_assignments", "shoes", "shoe_defaults", "share_links", "connections",
    "sync_state", "activity_streams",
}  # fmt: skip
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
GPX = Path(__file__).parents[2] / "fixtures" / "watch" / "running_text_type.gpx"


@pytest.fixture
def filled(store: Store) -> Store:
    """12 owners of 800 activities each (written straight into the tables), the last 40 of
    them imported, with settings and a shoe assignment; then ANALYZE."""
    rows, links = [], []
    for owner in OWNERS:
        for i in range(BULK):
            start = datetime(2015, 1, 1) + timedelta(hours=13 * i)
            key = dict(owner=owner, activity_id=f"bulk:{owner}-{i}", source="bulk",
                       source_id=f"{owner}-{i}")  # fmt: skip
            rows.append({**key, "sport": "run", "sport_type": "Run", "start_utc": start,
                         "start_local": start, "timezone": "UTC", "elapsed_s": 1800.0})  # fmt: skip
            links.append({k: key[k] for k in ("owner", "source", "source_id", "activity_id")})
    with store.engine.begin() as conn:
        conn.execute(tables.activities.insert(), rows)
        conn.execute(tables.activity_sources.insert(), links)
    for owner in OWNERS:
        store.ingest(make_result(daily_runs(40)), "history.csv", owner)
        store.save_settings({"timezone": "UTC"}, owner)
        store.assign_shoe("Brooks Ghost 15", date(2025, 1, 1), date(2025, 12, 31), owner)
    with store.engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
    return store


def _visit(store: Store, owner: str) -> None:
    """What one owner's pages and CLI do: read every page's data, import, edit, undo, sync."""
    stamp.stamp(store.engine, owner)
    store.activities(owner), store.count(owner), store.sources(owner), store.imports(owner)
    store.load_settings(owner), store.shoe_assignments(owner)
    store_shoes.shoes(store, owner), store_shoes.shoe_defaults(store, owner)
    share_links.list_links(store, owner)
    load_state(store, owner, "strava"), connected_at(store, owner, "strava")
    for command in ("weekly", "shoes", "guidance"):
        cli.main([command, "--db", store.url, "--owner", owner], out=io.StringIO())
    store.save_settings({"distance_unit": "mi"}, owner)
    store_shoes.update_shoe(store, owner, "Brooks Ghost 15", brand="Brooks")
    store_shoes.set_default(store, owner, "run", "Brooks Ghost 15")
    share_links.create(store, owner, "coach", NOW + timedelta(days=7), ["weekly"], NOW)
    first = store.activities(owner)["activity_id"][-1]
    edits.activity(store, first, owner), edits.provenance(store, first, owner)
    edits.update_activity(store, first, {"name": "Long run"}, owner)
    gpx = import_bytes(store, GPX.name, GPX.read_bytes(), ImportOptions(), NOW, owner)
    assert gpx.new == 1 and streams.count(store, owner) == 1
    gpx_id = store.activities(owner).filter(source="gpx")["activity_id"][0]
    streams.of_activity(store, gpx_id, owner)
    # an import: new rows, a watch file that merges, a re-import that corrects
    fresh = [make_activity(source="test", source_id="new-1", start_utc=NOW - timedelta(days=1))]
    fit = make_activity(source="fit", source_id="w-1", start_utc=DEFAULT_START, gear=None)
    renamed = daily_runs(3)
    for row in renamed:
        row["gear"] = "Brooks Ghost 16"
    summary = store.ingest(make_result([*fresh, fit, *renamed]), "new.csv", owner)
    assert (summary.new, summary.merged, summary.updated) == (1, 1, 3)
    store.undo_import(summary.import_id, owner)
    gone = daily_runs(2)[1]
    upstream.known_ids(store, owner, "test", ["10000", "10001"])
    upstream.update_known(store, make_result([daily_runs(1)[0]]).frame, owner)
    upstream.remove_gone(store, owner, "test", {"10000"}, DEFAULT_START + timedelta(days=30))
    edits.delete_activity(store, gone["activity_id"], owner)
    edits.delete_activity(store, gpx_id, owner)


@pytest.fixture
def captured() -> Iterator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def grab(conn, cursor, statement, parameters, context, executemany) -> None:
        if re.match(r"\s*(SELECT|UPDATE|DELETE)\b", statement, re.I):
            statements.append((statement, parameters[0] if executemany else parameters))

    sa.event.listen(sa.Engine, "before_cursor_execute", grab)
    yield statements
    sa.event.remove(sa.Engine, "before_cursor_execute", grab)


def _owner_statements(statements: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    chosen = []
    for statement, parameters in statements:
        named = set(re.findall(r"\b(?:FROM|JOIN|UPDATE)\s+(\w+)", statement, re.I))
        if named & OWNER_TABLES and "pg_catalog" not in statement:
            chosen.append((statement, parameters))
    return chosen


def _plans(store: Store, statements: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """(statement, plan text) for each statement, explained on this store's database."""
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        postgres = store.engine.dialect.name == "postgresql"
        if postgres:
            cursor.execute("SET enable_seqscan = off")
        out = []
        for statement, parameters in statements:
            cursor.execute(("EXPLAIN " if postgres else "EXPLAIN QUERY PLAN ") + statement,
                           parameters)  # fmt: skip
            rows = cursor.fetchall()
            plan = "\n".join(str(row[0]) if postgres else str(row[-1]) for row in rows)
            out.append((statement, plan))
        return out
    finally:
        raw.rollback()
        raw.close()


def _whole_table_reads(plan: str, postgres: bool) -> list[str]:
    pattern = r"Seq Scan on (\w+)" if postgres else r"^\s*SCAN (\w+)"
    return [t for t in re.findall(pattern, plan, re.M) if t in OWNER_TABLES]


def test_the_owner_first_indexes_exist_and_replace_the_one_column_ones(store: Store) -> None:
    inspector = sa.inspect(store.engine)
    names: set[str] = set()
    for name, table, columns in OWNER_INDEXES:
        found = {ix["name"]: tuple(ix["column_names"]) for ix in inspector.get_indexes(table)}
        assert found.get(name) == columns, (table, found)
        names |= set(found)
    assert names.isdisjoint(REPLACED_INDEXES)
    on_activities = inspector.get_indexes("activities")
    found = {ix["name"]: tuple(ix["column_names"]) for ix in on_activities}
    assert found["ix_activities_owner_start"] == ("owner", "start_utc")


def test_no_query_of_an_owners_visit_reads_a_whole_table(
    filled: Store, captured: list[tuple[str, Any]]
) -> None:
    _visit(filled, ME)
    statements = _owner_statements(captured)
    assert len(statements) > 40  # the capture saw the visit (reads, CLI, import, undo, sync)
    postgres = filled.engine.dialect.name == "postgresql"
    plans = _plans(filled, statements)
    whole = [(s, p) for s, p in plans if _whole_table_reads(p, postgres)]
    assert whole == [], "\n\n".join(f"{s}\n{p}" for s, p in whole)
    every_table = {t for s, _ in statements for t in re.findall(r"\bFROM (\w+)", s)}
    assert {"activities", "activity_sources", "imports", "settings", "shoes"} <= every_table


def test_links_of_given_activities_are_found_by_owner_and_activity(
    filled: Store, captured: list[tuple[str, Any]]
) -> None:
    """provenance, delete, undo and merges ask for one owner's links of a few activities: the
    (owner, activity_id) index answers, not the owner's every link filtered one by one. (For
    dozens of ids out of a few hundred rows, reading the owner's rows is the planner's cheaper
    way, so only lookups of up to 5 activities are checked.)"""
    _visit(filled, ME)
    by_activity = [
        (s, p)
        for s, p in _plans(filled, _owner_statements(captured))
        if re.search(r"FROM activity_sources\b", s) and not re.search(r"\bJOIN\b", s)
        and re.search(r"activity_id = |activity_id IN \((?:[^,)]*,){0,4}[^,)]*\)", s)
    ]  # fmt: skip
    assert len(by_activity) >= 3
    for statement, plan in by_activity:
        assert "ix_activity_sources_owner_activity" in plan, f"{statement}\n{plan}"
