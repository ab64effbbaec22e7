"""A thin layer over DB-API connections: the import's SQL, written once, runs through SQLAlchemy
(any store) or stdlib sqlite3 (the CLI's SQLite import, which never loads SQLAlchemy).

SQL is written with `?` placeholders; a driver of the "format" style (psycopg) gets `%s`. Values
go in as SQLAlchemy would store them, so a store written either way reads the same: times as
naive UTC datetimes, or for SQLite as text "YYYY-MM-DD HH:MM:SS.ffffff" (the format SQLAlchemy's
SQLite DateTime writes and reads); JSON as its text. Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Final

import polars as pl

SQLITE_TIME: Final = "%Y-%m-%d %H:%M:%S.%f"  # what SQLAlchemy's SQLite DateTime stores
_POLARS_TIME: Final = "%Y-%m-%d %H:%M:%S%.6f"
CHUNK: Final = 500  # ids per IN (...) list: under every database's limit on parameters


class Runner:
    """SQL in, rows out, for one open transaction. Subclasses say how a statement reaches the
    driver; this class encodes values the way the dialect stores them."""

    def __init__(self, dialect: str, paramstyle: str) -> None:
        self.dialect = dialect
        self._mark = "?" if paramstyle == "qmark" else "%s"

    def sql(self, text: str) -> str:
        return text if self._mark == "?" else text.replace("?", self._mark)

    def rows(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def run(self, text: str, params: Sequence[Any] = ()) -> int:
        """Execute one statement; returns the rows it changed."""
        raise NotImplementedError

    def many(self, text: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    # ---- values ------------------------------------------------------------------------------
    @property
    def text_times(self) -> bool:
        return self.dialect == "sqlite"

    def time(self, value: datetime | None) -> object:
        """A naive datetime as this dialect stores it."""
        if value is None or not self.text_times:
            return value
        return value.strftime(SQLITE_TIME)

    def read_time(self, value: object) -> datetime | None:
        if value is None or isinstance(value, datetime):
            return value
        return datetime.fromisoformat(str(value))

    def frame_times(self, frame: pl.DataFrame, columns: Iterable[str]) -> pl.DataFrame:
        """`columns` (datetimes) as this dialect stores them: naive (UTC if zoned), text for
        SQLite. Column-wise in Polars, not per value in Python."""
        exprs = []
        for name in columns:
            col = pl.col(name)
            if getattr(frame.schema[name], "time_zone", None):
                col = col.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
            exprs.append(col.dt.to_string(_POLARS_TIME) if self.text_times else col)
        return frame.with_columns(exprs) if exprs else frame

    def read_frame_times(self, frame: pl.DataFrame, columns: Iterable[str]) -> pl.DataFrame:
        """Columns read back as naive datetimes (microseconds)."""
        exprs = []
        for name in columns:
            if frame.schema[name] == pl.String:
                exprs.append(pl.col(name).str.to_datetime(time_unit="us", strict=False))
            else:
                exprs.append(pl.col(name).cast(pl.Datetime("us")))
        return frame.with_columns(exprs) if exprs else frame

    @staticmethod
    def json(value: object) -> str:
        return json.dumps(value)

    @staticmethod
    def read_json(value: object) -> Any:
        return json.loads(value) if isinstance(value, str | bytes) else value


class SqliteRunner(Runner):
    """A stdlib sqlite3 connection (isolation_level None: the caller issues BEGIN/COMMIT)."""

    def __init__(self, connection: Any) -> None:
        super().__init__("sqlite", "qmark")
        self.connection = connection

    def rows(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.connection.execute(text, tuple(params)).fetchall()

    def run(self, text: str, params: Sequence[Any] = ()) -> int:
        return self.connection.execute(text, tuple(params)).rowcount

    def many(self, text: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.connection.executemany(text, rows)


class AlchemyRunner(Runner):
    """A SQLAlchemy Connection, statements sent as the driver's own SQL (exec_driver_sql): the
    engine's events (errors as StoreError) still apply, its per-row parameter handling does not."""

    def __init__(self, conn: Any) -> None:
        super().__init__(conn.dialect.name, conn.dialect.paramstyle)
        self.conn = conn

    def rows(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.conn.exec_driver_sql(self.sql(text), tuple(params))]

    def run(self, text: str, params: Sequence[Any] = ()) -> int:
        return self.conn.exec_driver_sql(self.sql(text), tuple(params)).rowcount

    def many(self, text: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.conn.exec_driver_sql(self.sql(text), [tuple(r) for r in rows])


def create_private(path: Path) -> None:
    """Create the SQLite file readable by its user only (0600) before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(count: int) -> str:
    """ "?, ?, ?" for an IN list or a VALUES row."""
    return ", ".join("?" * count)


def values_by_activity(
    db: Runner, table: str, column: str, owner: str, activity_ids: Sequence[str]
) -> dict[str, set[str]]:
    """activity_id -> the set of `column`'s values in `table`'s rows of those activities,
    looked up in chunks (an IN list per CHUNK ids). `table` and `column` are our own names."""
    found: dict[str, set[str]] = {}
    for chunk in chunks(activity_ids):
        rows = db.rows(
            f"SELECT activity_id, {column} FROM {table} "
            f"WHERE owner = ? AND activity_id IN ({marks(len(chunk))})",
            (owner, *chunk),
        )
        for activity_id, value in rows:
            found.setdefault(activity_id, set()).add(value)
    return found
