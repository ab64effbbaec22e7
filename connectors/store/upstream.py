"""Keeping rows from an API in step with the source: changed fields, and deleted activities.

Store.ingest skips a (source, source_id) it has seen, which is right for files. An API is the
authority for its own activities, so the sync also calls:
- update_known: for rows already linked to an activity, write the fields that changed upstream.
  When the activity was born under the row's own activity_id (Strava API and Strava export share
  "strava:<id>"), every non-empty field is the source's to change; when the row was merged into an
  activity another source created (a FIT file), only what the athlete edits on the website
  (name, gear) is taken, so a watch's better measurements are never overwritten.
- remove_gone: unlink rows the source no longer lists, and remove activities left with no source.
  An activity also fed by an export or a file keeps existing with its other links.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import polars as pl
import sqlalchemy as sa

from connectors.schema import ACTIVITY_SCHEMA, conform
from connectors.store import locking, tables
from connectors.store.store import Store

_OWN_FIELDS = [n for n in ACTIVITY_SCHEMA if n not in ("activity_id", "source", "source_id")]
_EDITABLE_FIELDS = ["name", "gear"]


def _chunks(items: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _naive_utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def update_known(store: Store, frame: pl.DataFrame, owner: str) -> int:
    """Write changed upstream fields into the activities these rows are linked to.

    Returns how many activities changed. Rows not linked yet are ignored (ingest them first)."""
    if frame.is_empty():
        return 0
    records = conform(frame).to_dicts()
    by_key = {(r["source"], r["source_id"]): r for r in records}
    s, a = tables.activity_sources, tables.activities
    changed = 0
    with store.engine.begin() as conn:
        locking.lock_owner(conn, owner)  # one writer per owner (imports, syncs, edits)
        targets: dict[str, dict[str, Any]] = {}
        for source in {key[0] for key in by_key}:
            ids = [key[1] for key in by_key if key[0] == source]
            for chunk in _chunks(ids):
                links = conn.execute(
                    sa.select(s.c.source_id, s.c.activity_id).where(
                        s.c.owner == owner, s.c.source == source, s.c.source_id.in_(chunk)
                    )
                ).all()
                for source_id, activity_id in links:
                    targets[activity_id] = by_key[(source, source_id)]
        stored: dict[str, Any] = {}
        for chunk in _chunks(list(targets)):
            for row in conn.execute(
                sa.select(a).where(a.c.owner == owner, a.c.activity_id.in_(chunk))
            ).mappings():
                stored[row["activity_id"]] = row
        for activity_id, record in targets.items():
            current = stored.get(activity_id)
            if current is None:
                continue
            names = _OWN_FIELDS if activity_id == record["activity_id"] else _EDITABLE_FIELDS
            values = {}
            for name in names:
                new = _naive_utc(record[name]) if name == "start_utc" else record[name]
                if new is not None and new != current[name]:
                    values[name] = new
            if values:
                conn.execute(
                    a.update()
                    .where(a.c.owner == owner, a.c.activity_id == activity_id)
                    .values(**values)
                )
                changed += 1
    return changed


def remove_gone(
    store: Store, owner: str, source: str, seen_ids: set[str], since: datetime | None
) -> int:
    """Unlink `source` rows whose activity starts at or after `since` (all when None) and whose
    id is not in `seen_ids`; delete activities left with no source. Returns the rows unlinked.

    Call it only after a listing of that whole period completed, or it deletes what it missed."""
    s, a = tables.activity_sources, tables.activities
    query = (
        sa.select(s.c.source_id, s.c.activity_id)
        .join(a, sa.and_(a.c.owner == s.c.owner, a.c.activity_id == s.c.activity_id))
        .where(s.c.owner == owner, s.c.source == source)
    )
    if since is not None:
        query = query.where(a.c.start_utc >= _naive_utc(since))
    with store.engine.begin() as conn:
        locking.lock_owner(conn, owner)  # one writer per owner (imports, syncs, edits)
        gone = [(sid, aid) for sid, aid in conn.execute(query).all() if sid not in seen_ids]
        if not gone:
            return 0
        for chunk in _chunks([sid for sid, _ in gone]):
            conn.execute(
                s.delete().where(s.c.owner == owner, s.c.source == source, s.c.source_id.in_(chunk))
            )
        touched = sorted({aid for _, aid in gone})
        still_fed: set[str] = set()
        for chunk in _chunks(touched):
            still_fed.update(
                conn.execute(
                    sa.select(s.c.activity_id).where(s.c.owner == owner, s.c.activity_id.in_(chunk))
                ).scalars()
            )
        orphans = [aid for aid in touched if aid not in still_fed]
        for chunk in _chunks(orphans):
            conn.execute(a.delete().where(a.c.owner == owner, a.c.activity_id.in_(chunk)))
    return len(gone)


def known_ids(store: Store, owner: str, source: str, ids: Sequence[str]) -> set[str]:
    """Which of these source ids are already linked to an activity."""
    s = tables.activity_sources
    found: set[str] = set()
    with store.engine.connect() as conn:
        for chunk in _chunks(list(ids)):
            found.update(
                conn.execute(
                    sa.select(s.c.source_id).where(
                        s.c.owner == owner, s.c.source == source, s.c.source_id.in_(chunk)
                    )
                ).scalars()
            )
    return found
