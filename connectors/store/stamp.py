"""A cheap fingerprint of what one owner has stored, for caches shared between sessions.

The dashboard keeps one copy of an owner's activities, derived frames and figures per server
process (dashboard/data.py), moved on by its own writes. A write by another process (cron's
`boneload sync`, a CLI import, undo or log) does not pass through it, so each new browser
session compares this stamp with the one the shared copy was built from, and reads the store
again when it differs. It changes with every write the dashboard's pages show: an import, a
merge or an undo (import log rows and their status, activity and source counts and the latest
import_id), an edit or delete of an activity (edit times, the count), and any change to shoes,
shoe defaults or assignments (those few rows in full). One round trip; indexed by owner.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable
from typing import Any

import sqlalchemy as sa

from connectors.store import tables


def _aggregates(owner: str) -> sa.Select[Any]:
    a, s, i, e = (
        tables.activities,
        tables.activity_sources,
        tables.imports,
        tables.activity_edits,
    )

    def scalar(*columns: Any, table: sa.Table) -> list[Any]:
        return [sa.select(c).where(table.c.owner == owner).scalar_subquery() for c in columns]

    return sa.select(
        *scalar(sa.func.count(), sa.func.max(a.c.import_id), table=a),
        *scalar(sa.func.count(), sa.func.max(s.c.import_id), table=s),
        *scalar(
            sa.func.count(),
            sa.func.max(i.c.import_id),
            sa.func.max(i.c.finished_at),
            sa.func.sum(sa.case((i.c.status == "undone", 1), else_=0)),
            table=i,
        ),
        *scalar(sa.func.count(), sa.func.max(e.c.edited_at), table=e),
    )


def stamp(engine: sa.Engine, owner: str) -> Hashable:
    """What `owner` has stored, in a few numbers and a digest of the shoe rows: equal stamps
    mean the dashboard's shared copy of that owner's data is still what the store holds."""
    shoe_tables = (tables.shoes, tables.shoe_defaults, tables.shoe_assignments)
    digest = hashlib.blake2b(digest_size=16)
    with engine.connect() as conn:
        numbers = tuple(conn.execute(_aggregates(owner)).one())
        for table in shoe_tables:
            rows = conn.execute(sa.select(table).where(table.c.owner == owner)).all()
            digest.update(repr(sorted(map(tuple, rows), key=repr)).encode())
    return (*(str(n) for n in numbers), digest.hexdigest())
