"""Changing one stored activity: edit its values, delete it, say where it came from.

Functions on a Store (store.py holds imports; these hold a person's corrections). Every edit is
checked against the canonical schema before it is written, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

import polars as pl
import sqlalchemy as sa

from connectors.errors import StoreError
from connectors.files.base import ReadResult
from connectors.schema import ACTIVITY_SCHEMA, conform, validate
from connectors.store import locking, reimport, tables
from connectors.store.dbapi import AlchemyRunner
from connectors.store.store import ImportSummary, Store

FIXED: Final = ("activity_id", "source", "source_id")
EDITABLE: Final = tuple(name for name in ACTIVITY_SCHEMA if name not in FIXED)


def _raw_schema() -> dict[str, pl.DataType]:
    return {
        name: (pl.Datetime("us") if name == "start_utc" else dtype)
        for name, dtype in ACTIVITY_SCHEMA.items()
    }


def activity(store: Store, activity_id: str, owner: str) -> dict[str, Any] | None:
    """One stored activity as a dict of canonical values (start_utc in UTC), or None."""
    a = tables.activities
    query = sa.select(*[a.c[n] for n in ACTIVITY_SCHEMA]).where(
        a.c.owner == owner, a.c.activity_id == activity_id
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    if not rows:
        return None
    frame = pl.DataFrame(rows, schema=_raw_schema(), orient="row")
    frame = conform(frame.with_columns(pl.col("start_utc").dt.replace_time_zone("UTC")))
    return frame.row(0, named=True)


def update_activity(
    store: Store, activity_id: str, values: Mapping[str, Any], owner: str
) -> dict[str, Any]:
    """Change some values of one activity; returns the row as stored. Raises StoreError when the
    activity is unknown, a column cannot be edited, or the result would not be valid."""
    fixed = sorted(set(values) & set(FIXED))
    unknown = sorted(set(values) - set(ACTIVITY_SCHEMA))
    if fixed or unknown:
        raise StoreError(f"these values cannot be edited: {', '.join(fixed + unknown)}")
    current = activity(store, activity_id, owner)
    if current is None:
        raise StoreError(f"no activity {activity_id!r} is stored")
    updated = {**current, **values}
    frame = conform(pl.DataFrame([updated], infer_schema_length=None, strict=False))
    problems = validate(frame)
    if problems:
        raise StoreError("; ".join(problems))
    row = frame.with_columns(pl.col("start_utc").dt.replace_time_zone(None)).row(0, named=True)
    a, e = tables.activities, tables.activity_edits
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.engine.begin() as conn:
        locking.lock_owner(conn, owner)  # one writer per owner (imports, syncs, edits)
        conn.execute(
            a.update()
            .where(a.c.owner == owner, a.c.activity_id == activity_id)
            .values({name: row[name] for name in values})
        )
        conn.execute(
            e.delete().where(
                e.c.owner == owner, e.c.activity_id == activity_id, e.c.field.in_(list(values))
            )
        )
        conn.execute(
            e.insert(),
            [
                {"owner": owner, "activity_id": activity_id, "field": name, "edited_at": now}
                for name in values
            ],
        )
    return frame.row(0, named=True)


def edited_fields(
    conn: sa.Connection, owner: str, activity_ids: Iterable[str]
) -> dict[str, set[str]]:
    """activity_id -> the columns the person edited (a re-import must not change those)."""
    return reimport.edited(AlchemyRunner(conn), owner, activity_ids)


def provenance(store: Store, activity_id: str, owner: str) -> list[dict[str, Any]]:
    """Each source that fed the activity, with the import that brought it (file, format, when)."""
    s, i = tables.activity_sources, tables.imports
    query = (
        sa.select(
            s.c.source, s.c.source_id, s.c.import_id, i.c.file_name, i.c.format, i.c.started_at
        )
        .select_from(s.outerjoin(i, (i.c.import_id == s.c.import_id) & (i.c.owner == s.c.owner)))
        .where(s.c.owner == owner, s.c.activity_id == activity_id)
        .order_by(s.c.import_id)
    )
    with store.engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def delete_activity(store: Store, activity_id: str, owner: str) -> list[dict[str, Any]]:
    """Remove one activity and its source links; returns where it came from (provenance).
    Importing the same file again brings it back: the store forgets it was ever imported."""
    came_from = provenance(store, activity_id, owner)
    a, s, e = tables.activities, tables.activity_sources, tables.activity_edits
    with store.engine.begin() as conn:
        locking.lock_owner(conn, owner)  # one writer per owner (imports, syncs, edits)
        conn.execute(e.delete().where(e.c.owner == owner, e.c.activity_id == activity_id))
        gone = conn.execute(
            a.delete().where(a.c.owner == owner, a.c.activity_id == activity_id)
        ).rowcount
        conn.execute(s.delete().where(s.c.owner == owner, s.c.activity_id == activity_id))
    if not gone:
        raise StoreError(f"no activity {activity_id!r} is stored")
    return came_from


def log_session(store: Store, frame: pl.DataFrame, file_name: str, owner: str) -> ImportSummary:
    """Store sessions logged by hand as one import (its own entry in the import log, so it can
    be undone), deduplicated like any import."""
    return store.ingest(ReadResult("manual", frame, [], []), file_name, owner)
