"""The store: activities, where each came from, the import log and settings, behind SQLAlchemy.

SQLite by default, any SQLAlchemy URL (Postgres when deployed). Each import happens in one
transaction: a file that fails half-way leaves the store exactly as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

import polars as pl
import sqlalchemy as sa

from connectors.config import DEFAULT_OWNER
from connectors.errors import StoreError
from connectors.results import ReadResult, RowProblem
from connectors.schema import ACTIVITY_SCHEMA, conform
from connectors.store import locking, preferences, reimport, tables
from connectors.store.clean import MAX_FILE_NAME, bounded, short, strip_nul
from connectors.store.dedupe import MERGED, NEW, SKIPPED, MatchRules, classify
from connectors.store.engine import open_engine, redact
from connectors.store.merge import apply_merges
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
        file_name = short(file_name, MAX_FILE_NAME)
        summary = ImportSummary(None, file_name, result.format)
        summary.errors = bounded([str(p) for p in result.problems])
        summary.error_count = len(result.problems)
        summary.warnings = bounded(result.warnings, "warnings")
        frame = strip_nul(conform(result.frame))
        started = _now()
        with self.engine.begin() as conn:
            locking.lock_owner(conn, owner)
            import_id = conn.execute(
                tables.imports.insert().values(
                    owner=owner,
                    file_name=file_name,
                    format=result.format,
                    started_at=started,
                    new=0,
                    merged=0,
                    skipped=0,
                    errors=[],
                    warnings=[],
                    status="running",
                )
            ).inserted_primary_key[0]
            summary.import_id = import_id
            decided = classify(
                frame, self._match_frame(conn, owner), self._known(conn, owner), self.rules
            )
            skipped = decided.filter(pl.col("status") == SKIPPED)
            updated = reimport.apply_updates(conn, skipped, owner, import_id)
            self._apply(conn, decided, owner, import_id)
            counts = decided["status"].value_counts()
            by_status = dict(zip(counts["status"], counts["count"], strict=True))
            summary.new = by_status.get(NEW, 0)
            summary.merged = by_status.get(MERGED, 0)
            summary.updated = len(updated)
            summary.skipped = by_status.get(SKIPPED, 0) - summary.updated
            summary.status = "ok" if not summary.errors else "partial"
            if not summary.read_anything and summary.errors:
                summary.status = "failed"
            conn.execute(
                tables.imports.update()
                .where(tables.imports.c.import_id == import_id)
                .values(
                    finished_at=_now(),
                    new=summary.new,
                    merged=summary.merged,
                    skipped=summary.skipped,
                    updated=summary.updated,
                    errors=summary.errors,
                    warnings=summary.warnings,
                    status=summary.status,
                )
            )
        return summary

    def record_refusal(self, file_name: str, reason: str, owner: str) -> ImportSummary:
        """Log a file that could not be read at all. Touches no activity."""
        file_name, reason = short(file_name, MAX_FILE_NAME), short(reason)
        now = _now()
        with self.engine.begin() as conn:
            import_id = conn.execute(
                tables.imports.insert().values(
                    owner=owner,
                    file_name=file_name,
                    format=None,
                    started_at=now,
                    finished_at=now,
                    new=0,
                    merged=0,
                    skipped=0,
                    errors=[reason],
                    warnings=[],
                    status="failed",
                )
            ).inserted_primary_key[0]
        return ImportSummary(
            import_id, file_name, None, errors=[reason], status="failed", error_count=1
        )

    def undo_import(self, import_id: int, owner: str) -> int:
        """Remove what one import brought: its source links, and activities left without any
        source; values it corrected in activities it already held (a re-import) go back to what
        they were. Values it filled into activities that other imports brought stay. Returns the
        number of activities removed."""
        return locking.with_retries(lambda: self._undo(import_id, owner), **self._retry)

    def _undo(self, import_id: int, owner: str) -> int:
        a, s = tables.activities, tables.activity_sources
        with self.engine.begin() as conn:
            locking.lock_owner(conn, owner)
            touched = (
                conn.execute(
                    sa.select(s.c.activity_id).where(s.c.owner == owner, s.c.import_id == import_id)
                )
                .scalars()
                .all()
            )
            conn.execute(s.delete().where(s.c.owner == owner, s.c.import_id == import_id))
            still_fed = set(
                conn.execute(
                    sa.select(s.c.activity_id).where(
                        s.c.owner == owner, s.c.activity_id.in_(touched)
                    )
                ).scalars()
            )
            orphans = [t for t in set(touched) if t not in still_fed]
            for chunk in _chunks(orphans, 500):
                conn.execute(a.delete().where(a.c.owner == owner, a.c.activity_id.in_(chunk)))
            reimport.restore(conn, owner, import_id)
            conn.execute(
                tables.imports.update()
                .where(tables.imports.c.owner == owner, tables.imports.c.import_id == import_id)
                .values(status="undone")
            )
        return len(orphans)

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
    def _match_frame(self, conn: sa.Connection, owner: str) -> pl.DataFrame:
        a = tables.activities
        rows = conn.execute(
            sa.select(a.c.activity_id, a.c.sport, a.c.start_utc, a.c.elapsed_s, a.c.source).where(
                a.c.owner == owner
            )
        ).all()
        frame = pl.DataFrame(
            rows,
            schema={
                "activity_id": pl.String,
                "sport": pl.String,
                "start_utc": pl.Datetime("us"),
                "elapsed_s": pl.Float64,
                "source": pl.String,
            },
            orient="row",
        )
        s = tables.activity_sources
        links = pl.DataFrame(
            conn.execute(sa.select(s.c.activity_id, s.c.source).where(s.c.owner == owner)).all(),
            schema={"activity_id": pl.String, "sources": pl.String},
            orient="row",
        )
        by_activity = links.group_by("activity_id").agg(pl.col("sources").unique())
        return frame.join(by_activity, on="activity_id", how="left").with_columns(
            pl.col("start_utc").dt.replace_time_zone("UTC"),
            pl.coalesce("sources", pl.concat_list("source")),
        )

    def _known(self, conn: sa.Connection, owner: str) -> pl.DataFrame:
        s = tables.activity_sources
        rows = conn.execute(sa.select(s.c.source, s.c.source_id).where(s.c.owner == owner)).all()
        return pl.DataFrame(
            rows, schema={"source": pl.String, "source_id": pl.String}, orient="row"
        )

    def _apply(
        self, conn: sa.Connection, decided: pl.DataFrame, owner: str, import_id: int
    ) -> None:
        fresh = decided.filter(pl.col("status") == NEW)
        if fresh.height:
            records = _records(fresh.select(list(ACTIVITY_SCHEMA)))
            for record in records:
                record.update(owner=owner, import_id=import_id)
            conn.execute(tables.activities.insert(), records)
        apply_merges(conn, decided.filter(pl.col("status") == MERGED), owner)
        linked = decided.filter(pl.col("status") != SKIPPED)
        if linked.height:
            conn.execute(
                tables.activity_sources.insert(),
                [
                    {
                        "owner": owner,
                        "source": src,
                        "source_id": sid,
                        "activity_id": target,
                        "import_id": import_id,
                    }
                    for src, sid, target in linked.select(
                        "source", "source_id", "target_id"
                    ).iter_rows()
                ],
            )


def _records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with naive UTC datetimes (what every SQL driver stores the same way)."""
    if "start_utc" in frame.columns:
        frame = frame.with_columns(pl.col("start_utc").dt.replace_time_zone(None))
    return frame.to_dicts()


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = ["LOCAL_OWNER", "ImportSummary", "RowProblem", "Store"]
