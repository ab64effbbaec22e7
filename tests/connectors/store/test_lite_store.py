"""The CLI's SQLite import without SQLAlchemy (connectors/store/lite.py): a new store gets the
migrated schema, imports land exactly as through the full Store, and the full Store then opens
the file as its own, later migrations included."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa
from polars.testing import assert_frame_equal

from connectors.errors import StoreError
from connectors.files.base import ImportOptions
from connectors.importing import import_paths
from connectors.store import Store
from connectors.store.engine import open_engine
from connectors.store.lite import LiteStore, NotLite, open_for_import, sqlite_path
from connectors.store.migrations import LATEST, MIGRATIONS, Migration, migrate
from tests.connectors.store.helpers import strava_and_watch
from tests.factories import DEFAULT_START, daily_runs, make_activity, make_result

ROOT = Path(__file__).resolve().parents[3]
STRAVA = ROOT / "tests" / "fixtures" / "strava"
NOW = datetime(2030, 1, 1)


def _master(path: Path) -> list[tuple[str, str, str, str | None]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    finally:
        connection.close()


def _versions(path: Path) -> list[tuple[int, str]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT version, description FROM schema_version ORDER BY version"
        ).fetchall()
    finally:
        connection.close()


def _raw(path: Path, query: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def test_a_new_lite_store_has_the_migrated_schema(tmp_path: Path) -> None:
    lite, full = tmp_path / "lite.sqlite", tmp_path / "full.sqlite"
    LiteStore(f"sqlite:///{lite}").close()
    Store(f"sqlite:///{full}").close()
    assert _master(lite) == _master(full), (
        "connectors/store/lite_ddl.py is not the migrated schema: after adding a migration, run "
        "`uv run python -m connectors.store.lite > connectors/store/lite_ddl.py`"
    )
    assert _versions(lite) == _versions(full)
    assert _versions(lite)[-1][0] == LATEST
    assert (lite.stat().st_mode & 0o777) == 0o600  # readable by its user only, as the Store's


def _same_steps(store: Store | LiteStore) -> None:
    """One history of imports: real Strava files, a re-import with another time zone (updates),
    a watch's row merging into Strava's, a hand-logged session, a refusal."""
    options = ImportOptions(timezone="America/Chicago")
    files = [STRAVA / "activities_2021_79.csv", STRAVA / "activities_2026_103.csv"]
    import_paths(store, files, options, NOW, owner="local")  # type: ignore[arg-type]
    again = ImportOptions(timezone="Europe/Berlin")
    import_paths(store, files[:1], again, NOW, owner="local")  # type: ignore[arg-type]
    strava, fit = strava_and_watch()
    store.ingest(make_result([strava, *daily_runs(3, source="fit")]), "a.csv", "local")
    store.ingest(make_result([fit]), "watch.fit", "local")
    typed = make_activity(
        source="manual", source_id="m1", start_utc=DEFAULT_START + timedelta(minutes=20),
        rpe=6.0, pain=2.0, note="knee ok",
    )  # fmt: skip
    store.ingest(make_result([typed]), "logged", "local")
    store.record_refusal("junk.bin", "not a file boneload reads", "local")
    store.save_settings({"distance_unit": "mi", "nested": {"a": [1, None]}}, "local")


def _state(url: str) -> tuple[pl.DataFrame, pl.DataFrame, list[dict], dict, list[tuple]]:
    store = Store(url)
    try:
        imports = [
            {k: v for k, v in row.items() if k not in ("started_at", "finished_at")}
            for row in store.imports("local")
        ]
        assert all(row["finished_at"] is not None for row in store.imports("local"))
        with store.engine.connect() as conn:
            revisions = conn.execute(
                sa.text(
                    "SELECT import_id, activity_id, previous FROM activity_revisions "
                    "ORDER BY revision_id"
                )
            ).all()
        sources = store.sources("local").sort("source", "source_id")
        return (
            store.activities("local"),
            sources,
            imports,
            store.load_settings("local"),
            [tuple(r) for r in revisions],
        )
    finally:
        store.close()


def test_imports_land_as_through_the_full_store(tmp_path: Path) -> None:
    lite_url, full_url = f"sqlite:///{tmp_path / 'lite.sqlite'}", f"sqlite:///{tmp_path / 'f.db'}"
    lite = open_for_import(lite_url)
    assert isinstance(lite, LiteStore)
    _same_steps(lite)
    lite.close()
    full = Store(full_url)
    _same_steps(full)
    full.close()
    ours, theirs = _state(lite_url), _state(full_url)
    assert_frame_equal(ours[0], theirs[0])
    assert_frame_equal(ours[1], theirs[1])
    assert ours[2:] == theirs[2:]
    raw = "SELECT activity_id, start_utc, start_local FROM activities ORDER BY activity_id"
    assert _raw(tmp_path / "lite.sqlite", raw) == _raw(tmp_path / "f.db", raw)  # the same text
    assert ours[2][0]["status"] == "failed" and ours[2][1]["merged"] == 1
    assert any(row["updated"] for row in ours[2])  # the re-import corrected rows
    assert len(ours[4]) > 0
    # The full Store takes it from here: undo of the re-import puts the values back.
    store = Store(lite_url)
    try:
        reimport_id = next(r for r in store.imports("local") if r["updated"])["import_id"]
        store.undo_import(reimport_id, "local")
        assert store.imports("local")[-1]["status"] in ("ok", "partial")
    finally:
        store.close()


def test_a_lite_store_takes_later_migrations(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lite.sqlite'}"
    lite = LiteStore(url)
    lite.ingest(make_result(daily_runs(4)), "runs.csv", "local")
    lite.close()

    def add_column(conn: sa.Connection) -> None:
        conn.execute(sa.text("ALTER TABLE activities ADD COLUMN later_value FLOAT"))

    engine = open_engine(url)
    later = (*MIGRATIONS, Migration(LATEST + 1, "a later step", add_column))
    assert migrate(engine, later) == LATEST + 1  # a later step runs on the lite-made store
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM activities")).scalar_one() == 4
    engine.dispose()
    with pytest.raises(NotLite):
        LiteStore(url)  # a schema it does not know: the full Store's job
    with pytest.raises(StoreError, match="newer than this boneload knows"):
        open_for_import(url)  # which refuses a newer store, as ever


def test_an_older_store_is_migrated_by_the_full_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = open_engine(url)
    migrate(engine, MIGRATIONS[:-1])
    engine.dispose()
    store = open_for_import(url)
    try:
        assert isinstance(store, Store) and store.version == LATEST
    finally:
        store.close()
    again = open_for_import(url)  # now at the version LiteStore writes
    assert isinstance(again, LiteStore)
    again.close()


def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        open_for_import(f"sqlite:///{path}")


def test_which_urls_are_plain_sqlite_files() -> None:
    assert sqlite_path("sqlite:///data/b.sqlite") == Path("data/b.sqlite")
    assert sqlite_path("sqlite:////abs/b.sqlite") == Path("/abs/b.sqlite")
    for url in ("sqlite://", "sqlite:///:memory:", "sqlite:///b.db?mode=ro", "sqlite:///~/b.db",
                "postgresql+psycopg://u@h/db", "sqlite:///file:b.db?uri=true"):  # fmt: skip
        assert sqlite_path(url) is None, url


def test_a_busy_lite_store_says_so_and_changes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'busy.sqlite'}"
    lite = LiteStore(url, lock_timeout_s=0.05, sleep=lambda _s: None)
    blocker = sqlite3.connect(tmp_path / "busy.sqlite", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="busy"):
            lite.ingest(make_result(daily_runs(2)), "runs.csv", "local")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert lite.ingest(make_result(daily_runs(2)), "runs.csv", "local").new == 2
    lite.close()
