"""The SQLAlchemy engine behind the store: SQLite settings, real transactions, readable errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from connectors.errors import StoreError
from connectors.store.dbapi import create_private
from connectors.store.locking import StoreBusy, is_busy


def open_engine(url: str, lock_timeout_s: float = 20.0) -> sa.Engine:
    """An engine for `url`. SQLite gets its folder created (the file 0600), WAL, and
    transactions that hold DDL too; lock waits end after `lock_timeout_s` (SQLite's busy
    timeout, PostgreSQL's lock_timeout); a database error raised while a statement runs becomes
    a StoreError."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        # One in-memory database per engine (a visitor's session store): every thread must
        # reach the same connection, or each Streamlit rerun would see an empty database.
        engine = sa.create_engine(
            url, poolclass=sa.StaticPool, connect_args={"check_same_thread": False}
        )
    elif parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(url, connect_args={"timeout": lock_timeout_s})
    elif parsed.get_backend_name() == "postgresql":
        timeout_ms = max(int(lock_timeout_s * 1000), 1)
        engine = sa.create_engine(url, connect_args={"options": f"-c lock_timeout={timeout_ms}"})
    else:
        engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if database and database != ":memory:":
            create_private(Path(database).expanduser())
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
    sa.event.listen(engine, "handle_error", _as_store_error)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite only opens a transaction before INSERT/UPDATE/DELETE, so DDL (a migration step)
    # would commit on its own; SQLAlchemy's recipe: no implicit BEGIN, emit it in "begin".
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def _as_store_error(context: sa.engine.ExceptionContext) -> None:
    """A locked database, a lost server, a full disk: a message, not a traceback."""
    error = context.original_exception
    if is_busy(error):
        message = f"the store is busy (another import or sync is writing): {error}"
        raise StoreBusy(message) from error
    raise StoreError(f"the store could not be read or written: {error}") from error


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(an unreadable URL)"
