"""One import, in one open transaction: log it, decide new / merged / skipped for each row
(connectors/store/dedupe.py, pure Polars), correct rows already held (reimport.py), write the
rest in bulk, close the log entry. The same code for every store: the SQL runs through a
connectors.store.dbapi.Runner (SQLAlchemy's connection, or stdlib sqlite3 for the CLI's SQLite
import).

Only candidate rows are read, never the owner's whole history: the stored activities that start
within the matching windows of the batch's first and last start (the wider window of
hand-logged sessions included), the ones whose id a row carries, and the (source, source_id)
links of the rows' own ids. A sync page of ten activities reads about ten stored rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Final

import polars as pl

from connectors.results import ReadResult
from connectors.schema import ACTIVITY_SCHEMA, conform
from connectors.store import merge, reimport
from connectors.store.clean import MAX_FILE_NAME, bounded, short, strip_nul
from connectors.store.dbapi import Runner, chunks, marks
from connectors.store.dedupe import MERGED, NEW, SKIPPED, MatchRules, classify
from connectors.store.summary import ImportSummary

TIMES: Final = ("start_utc", "start_local")
INSERT_LINKS: Final = (
    "INSERT INTO activity_sources (owner, source, source_id, activity_id, import_id) "
    "VALUES (?, ?, ?, ?, ?)"
)
_MATCH_COLUMNS: Final = "activity_id, sport, start_utc, elapsed_s, source"
Classify = Callable[[pl.DataFrame, pl.DataFrame, pl.DataFrame, MatchRules], pl.DataFrame]
Apply = Callable[[Runner, pl.DataFrame, str, int], None]


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def log_import(
    db: Runner, owner: str, file_name: str, fmt: str | None, started: datetime, **values: object
) -> int:
    """A row in the import log; returns its import_id."""
    row = {"new": 0, "merged": 0, "skipped": 0, "updated": 0, "errors": [], "warnings": []}
    row.update(values)
    ((import_id,),) = db.rows(
        "INSERT INTO imports (owner, file_name, format, started_at, finished_at, new, merged, "
        "skipped, updated, errors, warnings, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING import_id",
        (
            owner, file_name, fmt, db.time(started), db.time(row.get("finished_at")),  # type: ignore[arg-type]
            row["new"], row["merged"], row["skipped"], row["updated"], db.json(row["errors"]),
            db.json(row["warnings"]), row["status"],
        ),
    )  # fmt: skip
    return int(import_id)


def refusal(db: Runner, file_name: str, reason: str, owner: str) -> ImportSummary:
    """Log a file that could not be read at all. Touches no activity."""
    file_name, reason = short(file_name, MAX_FILE_NAME), short(reason)
    at = now()
    import_id = log_import(
        db, owner, file_name, None, at, finished_at=at, errors=[reason], status="failed"
    )
    return ImportSummary(
        import_id, file_name, None, errors=[reason], status="failed", error_count=1
    )


def run(
    db: Runner,
    result: ReadResult,
    file_name: str,
    owner: str,
    rules: MatchRules,
    decide: Classify = classify,
    apply: Apply | None = None,
) -> ImportSummary:
    """Store what a reader produced (the caller holds the transaction and the owner's lock)."""
    file_name = short(file_name, MAX_FILE_NAME)
    summary = ImportSummary(None, file_name, result.format)
    summary.errors = bounded([str(p) for p in result.problems])
    summary.error_count = len(result.problems)
    summary.warnings = bounded(result.warnings, "warnings")
    frame = strip_nul(conform(result.frame))
    import_id = log_import(db, owner, file_name, result.format, now(), status="running")
    summary.import_id = import_id
    existing, known = candidates(db, frame, owner, rules)
    decided = decide(frame, existing, known, rules)
    skipped = decided.filter(pl.col("status") == SKIPPED)
    updated = reimport.apply_updates(db, skipped, owner, import_id)
    (apply or write)(db, decided, owner, import_id)
    counts = decided["status"].value_counts()
    by_status = dict(zip(counts["status"], counts["count"], strict=True))
    summary.new = by_status.get(NEW, 0)
    summary.merged = by_status.get(MERGED, 0)
    summary.updated = len(updated)
    summary.skipped = by_status.get(SKIPPED, 0) - summary.updated
    summary.status = "ok" if not summary.errors else "partial"
    if not summary.read_anything and summary.errors:
        summary.status = "failed"
    db.run(
        "UPDATE imports SET finished_at = ?, new = ?, merged = ?, skipped = ?, updated = ?, "
        "errors = ?, warnings = ?, status = ? WHERE import_id = ?",
        (
            db.time(now()), summary.new, summary.merged, summary.skipped, summary.updated,
            db.json(summary.errors), db.json(summary.warnings), summary.status, import_id,
        ),
    )  # fmt: skip
    return summary


def candidates(
    db: Runner, frame: pl.DataFrame, owner: str, rules: MatchRules
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(existing, known_sources) for dedupe.classify, read for this batch only: every stored
    activity a row could match or hit by id, with the sources linked to it, and the rows' own
    (source, source_id) pairs already stored. classify decides the same as with the whole
    history: a stored activity outside the windows is never within a matching window."""
    rows: list[tuple[object, ...]] = []
    starts = frame["start_utc"].drop_nulls()
    if not _holds_any(db, owner):  # a new store, or a first import: nothing to look up
        starts, frame = starts.clear(), frame.clear()
    if starts.len():
        margin = timedelta(seconds=max(rules.window_s, rules.manual_window_s) + 1)
        low = starts.min().astimezone(UTC).replace(tzinfo=None) - margin  # type: ignore[union-attr]
        high = starts.max().astimezone(UTC).replace(tzinfo=None) + margin  # type: ignore[union-attr]
        rows += db.rows(
            f"SELECT {_MATCH_COLUMNS} FROM activities "
            "WHERE owner = ? AND start_utc >= ? AND start_utc <= ?",
            (owner, db.time(low), db.time(high)),
        )
    ids = frame["activity_id"].drop_nulls().unique().to_list()
    for chunk in chunks(ids):
        rows += db.rows(
            f"SELECT {_MATCH_COLUMNS} FROM activities "
            f"WHERE owner = ? AND activity_id IN ({marks(len(chunk))})",
            (owner, *chunk),
        )
    existing = pl.DataFrame(
        rows,
        schema={
            "activity_id": pl.String,
            "sport": pl.String,
            "start_utc": pl.String if db.text_times else pl.Datetime("us"),
            "elapsed_s": pl.Float64,
            "source": pl.String,
        },
        orient="row",
    ).unique("activity_id", keep="first", maintain_order=True)
    existing = db.read_frame_times(existing, ["start_utc"])
    links: list[tuple[object, ...]] = []
    for chunk in chunks(existing["activity_id"].to_list()):
        links += db.rows(
            "SELECT activity_id, source FROM activity_sources "
            f"WHERE owner = ? AND activity_id IN ({marks(len(chunk))})",
            (owner, *chunk),
        )
    by_activity = (
        pl.DataFrame(links, schema={"activity_id": pl.String, "sources": pl.String}, orient="row")
        .group_by("activity_id")
        .agg(pl.col("sources").unique())
    )
    existing = existing.join(by_activity, on="activity_id", how="left").with_columns(
        pl.col("start_utc").dt.replace_time_zone("UTC"),
        pl.coalesce("sources", pl.concat_list("source")),
    )
    return existing, known_sources(db, frame, owner)


def _holds_any(db: Runner, owner: str) -> bool:
    """Whether `owner` has any activity or source link stored (one indexed lookup each)."""
    return any(
        db.rows(f"SELECT 1 FROM {table} WHERE owner = ? LIMIT 1", (owner,))
        for table in ("activities", "activity_sources")
    )


def known_sources(db: Runner, frame: pl.DataFrame, owner: str) -> pl.DataFrame:
    """The batch's (source, source_id) pairs that are already stored."""
    found: list[tuple[object, ...]] = []
    pairs = frame.select("source", "source_id").drop_nulls().unique()
    for (source,), group in pairs.group_by("source"):
        ids = group["source_id"].to_list()
        for chunk in chunks(ids):
            found += db.rows(
                "SELECT source, source_id FROM activity_sources "
                f"WHERE owner = ? AND source = ? AND source_id IN ({marks(len(chunk))})",
                (owner, source, *chunk),
            )
    return pl.DataFrame(found, schema={"source": pl.String, "source_id": pl.String}, orient="row")


def write(db: Runner, decided: pl.DataFrame, owner: str, import_id: int) -> None:
    """New rows inserted in bulk (tuples, one executemany), merges applied, source links added."""
    fresh = decided.filter(pl.col("status") == NEW).select(list(ACTIVITY_SCHEMA))
    if fresh.height:
        # Columns empty in every new row are left out: they are NULL either way, and a Strava
        # file leaves a fifth of them empty (fewer values to bind per row).
        empty = {c for c, n in zip(fresh.columns, fresh.null_count().row(0), strict=True)
                 if n == fresh.height and c not in ("activity_id",)}  # fmt: skip
        fresh = db.frame_times(fresh.drop(empty), [t for t in TIMES if t not in empty])
        fresh = fresh.with_columns(owner=pl.lit(owner), import_id=pl.lit(import_id, pl.Int64))
        insert = (
            f"INSERT INTO activities ({', '.join(fresh.columns)}) VALUES ({marks(fresh.width)})"
        )
        db.many(insert, fresh.rows())
    merge.apply_merges(db, decided.filter(pl.col("status") == MERGED), owner)
    linked = decided.filter(pl.col("status") != SKIPPED)
    if linked.height:
        links = linked.select(
            pl.lit(owner).alias("owner"),
            "source",
            "source_id",
            "target_id",
            pl.lit(import_id, dtype=pl.Int64).alias("import_id"),
        )
        db.many(INSERT_LINKS, links.rows())


def undo(db: Runner, import_id: int, owner: str) -> int:
    """Remove what one import brought (see Store.undo_import), in chunks; returns the number of
    activities removed."""
    touched = [
        r[0]
        for r in db.rows(
            "SELECT DISTINCT activity_id FROM activity_sources WHERE owner = ? AND import_id = ?",
            (owner, import_id),
        )
    ]
    db.run("DELETE FROM activity_sources WHERE owner = ? AND import_id = ?", (owner, import_id))
    still_fed: set[str] = set()
    for chunk in chunks(touched):
        still_fed.update(
            r[0]
            for r in db.rows(
                "SELECT DISTINCT activity_id FROM activity_sources "
                f"WHERE owner = ? AND activity_id IN ({marks(len(chunk))})",
                (owner, *chunk),
            )
        )
    orphans = [t for t in touched if t not in still_fed]
    for chunk in chunks(orphans):
        db.run(
            f"DELETE FROM activities WHERE owner = ? AND activity_id IN ({marks(len(chunk))})",
            (owner, *chunk),
        )
    reimport.restore(db, owner, import_id)
    db.run(
        "UPDATE imports SET status = ? WHERE owner = ? AND import_id = ?",
        ("undone", owner, import_id),
    )
    return len(orphans)
