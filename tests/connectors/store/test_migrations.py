"""The store's schema versions: reopening, refusing newer databases, old files, bad URLs."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from polars.testing import assert_frame_equal

from connectors.errors import StoreError
from connectors.store import Store, frozen_v1, tables
from connectors.store.migrations import LATEST, MIGRATIONS, Migration, current_version, migrate
from tests.connectors.store.helpers import STRAVA_ID, snapshot, strava_and_watch
from tests.factories import DEFAULT_START, daily_runs, make_activity, make_result

V1_DUMP = Path(__file__).resolve().parents[2] / "fixtures" / "store" / "v1_dump.sql"


# ---- migrations and reopening ----------------------------------------------------------------


def _versions(url: str) -> list[tuple]:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(tables.schema_version).order_by("version")).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def test_reopening_keeps_data_and_does_not_migrate_again(store_url: str) -> None:
    first = Store(store_url)
    assert first.version == LATEST
    summary = first.ingest(make_result(daily_runs(3)), "a.csv", owner="local")
    first.save_settings({"timezone": "Europe/Oslo"}, owner="local")
    first.assign_shoe("Brooks", date(2025, 3, 1), date(2025, 3, 2), owner="local")
    before = (*snapshot(first, "local"), first.shoe_assignments(owner="local"))
    first.close()
    versions = _versions(store_url)
    assert [v[0] for v in versions] == list(range(1, LATEST + 1))

    reopened = Store(store_url)
    try:
        assert reopened.version == LATEST
        assert _versions(store_url) == versions
        after = (*snapshot(reopened, "local"), reopened.shoe_assignments(owner="local"))
        assert_frame_equal(after[0], before[0])
        assert_frame_equal(after[1], before[1])
        assert after[2] == before[2]
        assert_frame_equal(after[3], before[3])
        assert reopened.load_settings(owner="local") == {"timezone": "Europe/Oslo"}
        assert reopened.ingest(make_result(daily_runs(3)), "a.csv", owner="local").skipped == 3
        assert summary.import_id != reopened.imports(owner="local")[0]["import_id"]
    finally:
        reopened.close()


def test_a_newer_database_is_refused(store_url: str) -> None:
    Store(store_url).close()
    engine = sa.create_engine(store_url, poolclass=sa.NullPool)
    with engine.begin() as conn:
        conn.execute(
            tables.schema_version.insert().values(
                version=LATEST + 1, applied_at=datetime(2030, 1, 1), description="from the future"
            )
        )
    engine.dispose()
    with pytest.raises(StoreError, match=rf"schema version {LATEST + 1}, newer"):
        Store(store_url)


def test_a_new_step_runs_once_and_a_failing_step_changes_nothing(store: Store) -> None:
    store.ingest(make_result(daily_runs(2)), "a.csv", owner="local")
    calls: list[int] = []

    def add_notes(conn: sa.Connection) -> None:
        calls.append(2)
        conn.execute(sa.text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))

    def broken(conn: sa.Connection) -> None:
        conn.execute(sa.text("CREATE TABLE half_done (id INTEGER PRIMARY KEY)"))
        conn.execute(sa.text("ALTER TABLE activities ADD COLUMN surface TEXT"))
        raise RuntimeError("backfill failed")

    steps = (*MIGRATIONS, Migration(LATEST + 1, "notes", add_notes))
    assert migrate(store.engine, steps) == LATEST + 1
    assert migrate(store.engine, steps) == LATEST + 1
    assert calls == [2]
    with pytest.raises(RuntimeError, match="backfill failed"):
        migrate(store.engine, (*steps, Migration(LATEST + 2, "broken", broken)))
    inspector = sa.inspect(store.engine)
    assert "half_done" not in inspector.get_table_names()
    assert "surface" not in {c["name"] for c in inspector.get_columns("activities")}
    with store.engine.connect() as conn:
        assert current_version(conn) == LATEST + 1
    assert store.count(owner="local") == 2


def test_a_version_1_sqlite_file_from_before_opens_with_its_data(tmp_path: Path) -> None:
    """A store written by the first release (a SQL dump kept as text) keeps every value."""
    if not V1_DUMP.exists():
        pytest.skip(f"{V1_DUMP} is missing")
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_DUMP.read_text(encoding="utf-8"))
    conn.close()
    store = Store(f"sqlite:///{path}")
    try:
        assert store.version == LATEST
        stored = store.activities(owner="local")
        assert stored.select(
            "activity_id", "start_utc", "distance_m", "avg_cadence_spm"
        ).rows() == [
            (f"strava_export:{STRAVA_ID}", DEFAULT_START, 5000.0, 168.0),
            ("strava_export:2", DEFAULT_START + timedelta(days=2), 5000.0, None),
        ]
        assert store.sources(owner="local")["source"].sort().to_list() == [
            "fit",
            "strava_export",
            "strava_export",
        ]
        assert [(i["file_name"], i["new"], i["merged"]) for i in store.imports(owner="local")] == [
            ("watch.fit", 0, 1), ("activities.csv", 2, 0),
        ]  # fmt: skip
        assert store.load_settings(owner="local") == {
            "distance_unit": "mi",
            "timezone": "America/Chicago",
        }
        assert store.shoe_assignments(owner="local")["gear"].to_list() == ["Brooks Ghost 15"]
        strava, fit = strava_and_watch()
        assert store.ingest(make_result([strava, fit]), "again.zip", owner="local").skipped == 2
    finally:
        store.close()


def test_unreachable_or_unusable_stores_are_store_errors(tmp_path: Path) -> None:
    closed_port = sa.make_url("postgresql+psycopg://me:hunter2@127.0.0.1:1/boneload")
    with pytest.raises(StoreError, match="cannot open the store at") as caught:
        Store(closed_port.render_as_string(hide_password=False))
    assert "hunter2" not in str(caught.value)
    (tmp_path / "a-folder.sqlite").mkdir()
    with pytest.raises(StoreError, match="cannot open the store at sqlite:///"):
        Store(f"sqlite:///{tmp_path / 'a-folder.sqlite'}")


@pytest.mark.postgres
def test_the_session_postgres_url_opens_a_store(postgres_url: str) -> None:
    assert postgres_url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
    assert postgres_url.endswith("/boneload")
    store = Store(postgres_url)
    try:
        assert store.engine.dialect.name == "postgresql"
        assert store.version == LATEST
        assert store.ingest(make_result(daily_runs(2)), "a.csv", owner="local").new == 2
    finally:
        tables.metadata.drop_all(store.engine)
        store.close()


def test_step_4_adds_reps_pain_and_note_to_a_version_3_store(store_url: str) -> None:
    """A store at version 3 with a run keeps it; the new columns arrive empty, then hold values;
    the migrated tables have exactly the live definitions' columns."""
    engine = sa.create_engine(store_url, poolclass=sa.NullPool)
    try:
        tables.metadata.drop_all(engine)
        assert migrate(engine, MIGRATIONS[:3]) == 3
        columns = {c["name"] for c in sa.inspect(engine).get_columns("activities")}
        assert not {"reps", "pain", "note"} & columns
        row = make_result(daily_runs(1)).frame.drop("reps", "pain", "note", "laps").to_dicts()[0]
        row["start_utc"] = row["start_utc"].replace(tzinfo=None)
        with engine.begin() as conn:
            conn.execute(frozen_v1.activities.insert().values(owner="local", **row))
    finally:
        engine.dispose()
    store = Store(store_url)
    try:
        assert store.version == LATEST
        live = {c.name for c in tables.activities.columns}
        assert {c["name"] for c in sa.inspect(store.engine).get_columns("activities")} == live
        old = store.activities(owner="local").row(0, named=True)
        assert (old["reps"], old["pain"], old["note"], old["distance_m"]) == (
            None, None, None, 5000.0,
        )  # fmt: skip
        logged = make_activity(
            source="manual", source_id="m1", start_utc=DEFAULT_START + timedelta(days=9),
            reps=50, pain=2.5, note="knee <b>ok</b>",
        )  # fmt: skip
        store.ingest(make_result([logged]), "log", owner="local")
        new = store.activities(owner="local").row(1, named=True)
        assert (new["reps"], new["pain"], new["note"]) == (50, 2.5, "knee <b>ok</b>")
    finally:
        tables.metadata.drop_all(store.engine)
        store.close()


def test_migration_steps_never_build_from_the_live_table_definitions() -> None:
    """Steps 1-3 create frozen copies; later steps spell their tables out. Only schema_version
    (which `migrate` itself keeps) may come from tables.py (issue 11, case 9)."""
    import ast
    import inspect

    from connectors.store import migrations

    tree = ast.parse(inspect.getsource(migrations))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "connectors.store"
        for alias in node.names
    }
    assert imported <= {"frozen_v1", "frozen_v2_v3", "tables"}
    uses_of_live = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "tables"
    }
    assert uses_of_live == {"schema_version"}


def test_step_10_streams_go_with_their_source_link(store: Store) -> None:
    """A stream row belongs to a source link: deleting the link deletes it (both backends)."""
    s, st = tables.activity_sources, tables.activity_streams
    link = {"owner": "local", "source": "fit", "source_id": "a.fit"}
    with store.engine.begin() as conn:
        conn.execute(s.insert().values(**link, activity_id="x", import_id=1))
        conn.execute(st.insert().values(**link, encoding=1, points=0, laps=0))
        conn.execute(s.delete().where(s.c.source_id == "a.fit"))
        assert conn.execute(sa.select(sa.func.count()).select_from(st)).scalar_one() == 0
