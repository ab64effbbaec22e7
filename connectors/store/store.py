"""The store: activities, where each came from, the import log and settings, behind SQLAlchemy.

SQLite by default, any SQLAlchemy URL (Postgres when deployed). Each import happens in one
transaction: a file that fails half-way leaves the store exactly as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

import polars as pl
import sqlalchemy as sa

from connectors.config import DEFAULT_OWNER
from connectors.errors import StoreError
from connectors.results import ReadResult, RowProblem
from connectors.schema import ACTIVITY_SCHEMA, conform
from connectors.store import ingest, locking, preferences, tables
from connectors.store.dbapi import AlchemyRunner
from connectors.store.dedupe import MatchRules, classify
from connectors.store.engine import open_engine, redact
from connectors.store.migrations import migrate
from connectors.store.summary import ImportSummary

LOCAL_OWNER = DEFAULT_OWNER  # the one owner of a local install without sign-in


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """One database. Methods take an `owner`; a local install has the single owner "local"."""

    def __init__(
        self,
        url: str,
        *,
        rules: MatchRules | None = None,
        lock_timeout_s: float | None = None,
        attempts: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = url
        self.rules = rules or MatchRules()
        lock_timeout_s = locking.LOCK_TIMEOUT_S if lock_timeout_s is None else lock_timeout_s
        attempts = locking.ATTEMPTS if attempts is None else attempts
        self._retry = {"attempts": attempts, "sleep": sleep, "waited_s": lock_timeout_s}
        try:
            self.engine = open_engine(url, lock_timeout_s)
            self.version = migrate(self.engine)
        except (sa.exc.SQLAlchemyError, StoreError) as exc:
            raise StoreError(f"cannot open the store at {redact(url)}: {exc}") from exc
        except ImportError as exc:  # a URL whose database driver is not installed
            raise StoreError(
                f"cannot open the store at {redact(url)}: its database driver is not installed "
                f"({exc})"
            ) from exc

    def close(self) -> None:
        self.engine.dispose()

    # ---- reading -------------------------------------------------------------------------
    def activities(self, owner: str) -> pl.DataFrame:
        """Every stored activity of `owner` as a canonical frame, oldest first."""
        table = tables.activities
        query = (
            sa.select(*[table.c[name] for name in ACTIVITY_SCHEMA])
            .where(table.c.owner == owner)
            .order_by(table.c.start_utc)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        raw_schema = {
            name: (pl.Datetime("us") if name == "start_utc" else dtype)
            for name, dtype in ACTIVITY_SCHEMA.items()
        }
        frame = pl.DataFrame(rows, schema=raw_schema, orient="row")
        return conform(frame.with_columns(pl.col("start_utc").dt.replace_time_zone("UTC")))

    def count(self, owner: str) -> int:
        table = tables.activities
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(sa.func.count()).select_from(table).where(table.c.owner == owner)
            ).scalar_one()

    def sources(self, owner: str) -> pl.DataFrame:
        """Every (source, source_id) that fed each activity."""
        table = tables.activity_sources
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    table.c.activity_id, table.c.source, table.c.source_id, table.c.import_id
                ).where(table.c.owner == owner)
            ).all()
        return pl.DataFrame(
            rows,
            schema={
                "activity_id": pl.String,
                "source": pl.String,
                "source_id": pl.String,
                "import_id": pl.Int64,
            },
            orient="row",
        )

    def imports(self, owner: str) -> list[dict[str, Any]]:
        """The import log, newest first."""
        table = tables.imports
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    sa.select(table)
                    .where(table.c.owner == owner)
                    .order_by(table.c.import_id.desc())
                )
                .mappings()
                .all()
            )
        return [dict(row) for row in rows]

    # ---- writing -------------------------------------------------------------------------
    def ingest(self, result: ReadResult, file_name: str, owner: str) -> ImportSummary:
        """Store what a reader produced, in one transaction, and log the import. One owner's
        imports run one at a time (connectors.store.locking); a lock timeout is retried."""
        return locking.with_retries(lambda: self._ingest(result, file_name, owner), **self._retry)

    def _ingest(self, result: ReadResult, file_name: str, owner: str) -> ImportSummary:
        with self.engine.begin() as conn:
            locking.lock_owner(conn, owner)
            return ingest.run(
                AlchemyRunner(conn),
                result,
                file_name,
                owner,
                self.rules,
                decide=classify,
                apply=lambda _db, decided, who, import_id: self._apply(
                    conn, decided, who, import_id
                ),
            )

    def record_refusal(self, file_name: str, reason: str, owner: str) -> ImportSummary:
        """Log a file that could not be read at all. Touches no activity."""
        with self.engine.begin() as conn:
            return ingest.refusal(AlchemyRunner(conn), file_name, reason, owner)

    def undo_import(self, import_id: int, owner: str) -> int:
        """Remove what one import brought: its source links, and activities left without any
        source; values it corrected in activities it already held (a re-import) go back to what
        they were. Values it filled into activities that other imports brought stay. Returns the
        number of activities removed."""
        return locking.with_retries(lambda: self._undo(import_id, owner), **self._retry)

    def _undo(self, import_id: int, owner: str) -> int:
        with self.engine.begin() as conn:
            locking.lock_owner(conn, owner)
            return ingest.undo(AlchemyRunner(conn), import_id, owner)

    # ---- settings and shoe assignments (connectors/store/preferences.py) -----------------
    def load_settings(self, owner: str) -> dict[str, Any]:
        return preferences.load_settings(self.engine, owner)

    def save_settings(self, values: Mapping[str, Any], owner: str) -> None:
        locking.with_retries(
            lambda: preferences.save_settings(self.engine, values, owner), **self._retry
        )

    def shoe_assignments(self, owner: str) -> pl.DataFrame:
        return preferences.shoe_assignments(self.engine, owner)

    def assign_shoe(self, gear: str, start: date, end: date, owner: str) -> None:
        locking.with_retries(
            lambda: preferences.assign_shoe(self.engine, gear, start, end, owner), **self._retry
        )

    def remove_shoe_assignment(self, assignment_id: int, owner: str) -> None:
        locking.with_retries(
            lambda: preferences.remove_shoe_assignment(self.engine, assignment_id, owner),
            **self._retry,
        )

    # ---- internals -----------------------------------------------------------------------
    def _apply(
        self, conn: sa.Connection, decided: pl.DataFrame, owner: str, import_id: int
    ) -> None:
        ingest.write(AlchemyRunner(conn), decided, owner, import_id)


__all__ = ["LOCAL_OWNER", "ImportSummary", "RowProblem", "Store"]
