"""Stored streams: what a file recorded over time (connectors.streams), kept per source link.

A row of activity_streams (migration 10) belongs to one source link (owner, source,
source_id) of activity_sources, so it reaches the activity that link resolved to, whether the
import made a new activity or merged into one already stored; and it goes when the link
goes (ON DELETE CASCADE): undo of the import, delete of the activity, an API's removal.

`save` runs after Store.ingest, in its own transaction, never inside it: streams are the
detail of an import, not its summary, so a failure to store them loses a chart, not the
activity. Streams whose link does not exist (a row the import skipped as a problem) are not
stored. A re-import replaces the streams of its links (a newer reader may read more).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

import sqlalchemy as sa

from connectors.store import locking, tables
from connectors.store.store import Store
from connectors.streams import ENCODING, Streams

_CHUNK: Final = 200
_PREFERENCE: Final = {"fit": 0, "tcx": 1, "gpx": 2}  # the richest recording first


def _chunks(items: Sequence[Streams]) -> Iterable[Sequence[Streams]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def save(store: Store, found: Sequence[Streams], owner: str) -> int:
    """Store the streams whose source link exists; returns how many were stored."""
    st, s = tables.activity_streams, tables.activity_sources
    stored = 0
    with store.engine.begin() as conn:
        locking.lock_owner(conn, owner)  # one writer per owner (imports, syncs, edits)
        for chunk in _chunks([f for f in found if not f.empty]):
            for source in {f.source for f in chunk}:
                ids = [f.source_id for f in chunk if f.source == source]
                linked = set(
                    conn.execute(
                        sa.select(s.c.source_id).where(
                            s.c.owner == owner, s.c.source == source, s.c.source_id.in_(ids)
                        )
                    ).scalars()
                )
                rows = [f for f in chunk if f.source == source and f.source_id in linked]
                if not rows:
                    continue
                conn.execute(
                    st.delete().where(
                        st.c.owner == owner,
                        st.c.source == source,
                        st.c.source_id.in_([f.source_id for f in rows]),
                    )
                )
                conn.execute(st.insert(), [_row(f, owner) for f in rows])
                stored += len(rows)
    return stored


def _row(found: Streams, owner: str) -> dict[str, object]:
    return {
        "owner": owner,
        "source": found.source,
        "source_id": found.source_id,
        "encoding": ENCODING,
        "points": found.points,
        "laps": found.lap_count,
        "samples": found.sample_data,
        "lap_data": found.lap_data,
    }


def of_activity(store: Store, activity_id: str, owner: str) -> Streams | None:
    """The streams of one stored activity, or None. When several of its sources recorded
    (a FIT and a GPX of the same run merged into one activity), the FIT's, else the one
    with the most points; its laps are the laps of the first source that has any."""
    st, s = tables.activity_streams, tables.activity_sources
    query = (
        sa.select(st.c.source, st.c.source_id, st.c.points, st.c.laps, st.c.samples,
                  st.c.lap_data)
        .select_from(st.join(s, (s.c.owner == st.c.owner) & (s.c.source == st.c.source)
                             & (s.c.source_id == st.c.source_id)))
        .where(s.c.owner == owner, s.c.activity_id == activity_id, st.c.encoding == ENCODING)
    )  # fmt: skip
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    if not rows:
        return None
    rows = sorted(rows, key=lambda r: (_PREFERENCE.get(r.source, 9), -r.points, r.source_id))
    best = max(rows, key=lambda r: r.points) if rows[0].points == 0 else rows[0]
    laps = next((r for r in rows if r.lap_data), best)
    return Streams(best.source, best.source_id, best.points, laps.laps, best.samples, laps.lap_data)


def count(store: Store, owner: str) -> int:
    """How many stream rows `owner` has (one per source link that recorded any)."""
    st = tables.activity_streams
    with store.engine.connect() as conn:
        return conn.execute(
            sa.select(sa.func.count()).select_from(st).where(st.c.owner == owner)
        ).scalar_one()
