"""Re-importing corrects: a row the store already holds (same source, same id) updates it.

Importing the same file again with other settings (distance unit, time zone), or a newer export
of the same account, yields rows whose (source, source_id) are already linked to an activity.
Such a row:
- updates every non-empty value of the activity when the activity was born from that very row
  (its source and source_id are the row's): the file is the authority on its own rows;
- updates only the gear when the row was merged into an activity another source created (a
  watch's FIT file measured it better, and its own name stays; a newer export renames shoes);
- never empties a value (an empty cell in the new file keeps the stored one), and never touches
  what only the person knows (pain, note, reps) nor any value they edited by hand
  (activity_edits).
The values replaced are kept in activity_revisions under the import that replaced them, so undo
of that import puts them back. A row whose values are all the same stays "skipped".

Gear renames follow the newest export: a shoe renamed between two exports ("Asics Gel Pacemaker
3" -> "ASICS Asics Gel Pacemaker 3 ...") becomes one shoe, and shoe assignments made under the
old name follow it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

import polars as pl
import sqlalchemy as sa

from connectors.schema import ACTIVITY_SCHEMA
from connectors.store import tables

PERSON_ONLY: Final = ("pain", "note", "reps")
OWN_FIELDS: Final = tuple(
    n for n in ACTIVITY_SCHEMA if n not in ("activity_id", "source", "source_id", *PERSON_ONLY)
)
RENAMES: Final = ("gear",)
_TIMES: Final = ("start_utc", "start_local")


def _naive_utc(value: object) -> object:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _chunks(items: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _links(conn: sa.Connection, owner: str, keys: list[tuple[str, str]]) -> dict[tuple, str]:
    s = tables.activity_sources
    found: dict[tuple, str] = {}
    for source in {k[0] for k in keys}:
        ids = [k[1] for k in keys if k[0] == source]
        for chunk in _chunks(ids):
            rows = conn.execute(
                sa.select(s.c.source_id, s.c.activity_id).where(
                    s.c.owner == owner, s.c.source == source, s.c.source_id.in_(chunk)
                )
            ).all()
            found.update({(source, sid): aid for sid, aid in rows})
    return found


def _stored(conn: sa.Connection, owner: str, ids: list[str]) -> dict[str, Mapping[str, Any]]:
    a = tables.activities
    found: dict[str, Mapping[str, Any]] = {}
    for chunk in _chunks(ids):
        for row in conn.execute(
            sa.select(a).where(a.c.owner == owner, a.c.activity_id.in_(chunk))
        ).mappings():
            found[row["activity_id"]] = row
    return found


def _changes(
    record: Mapping[str, Any], current: Mapping[str, Any], edited: set[str]
) -> dict[str, Any]:
    own = (current["source"], current["source_id"]) == (record["source"], record["source_id"])
    changed = {}
    for name in OWN_FIELDS if own else RENAMES:
        if name in edited:  # the person corrected it by hand: theirs stays
            continue
        new = _naive_utc(record[name])
        if new is not None and new != current[name]:
            changed[name] = new
    return changed


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def apply_updates(
    conn: sa.Connection, skipped: pl.DataFrame, owner: str, import_id: int
) -> set[tuple[str, str]]:
    """Write what changed for rows already stored; returns the (source, source_id) updated."""
    if skipped.is_empty():
        return set()
    records = {
        (r["source"], r["source_id"]): r
        for r in skipped.unique(["source", "source_id"], keep="first").to_dicts()
    }
    from connectors.store.edits import edited_fields  # edits imports the store: import late

    links = _links(conn, owner, list(records))
    stored = _stored(conn, owner, sorted(set(links.values())))
    edited = edited_fields(conn, owner, stored)
    a, revisions = tables.activities, tables.activity_revisions
    updated: set[tuple[str, str]] = set()
    renamed: dict[str, str] = {}
    for key, activity_id in links.items():
        current = stored.get(activity_id)
        if current is None:
            continue
        changed = _changes(records[key], current, edited.get(activity_id, set()))
        if not changed:
            continue
        previous = {name: _json(current[name]) for name in changed}
        conn.execute(
            revisions.insert().values(
                owner=owner, import_id=import_id, activity_id=activity_id, previous=previous
            )
        )
        conn.execute(
            a.update().where(a.c.owner == owner, a.c.activity_id == activity_id).values(changed)
        )
        if "gear" in changed and current["gear"]:
            renamed[current["gear"]] = changed["gear"]
        updated.add(key)
    _rename_assignments(conn, owner, renamed)
    return updated


def _rename_assignments(conn: sa.Connection, owner: str, renamed: Mapping[str, str]) -> None:
    """Shoe assignments under an old gear name follow the new one, once no activity keeps it."""
    a, t = tables.activities, tables.shoe_assignments
    for old, new in renamed.items():
        still = conn.execute(
            sa.select(sa.func.count()).where(a.c.owner == owner, a.c.gear == old)
        ).scalar_one()
        if not still:
            conn.execute(t.update().where(t.c.owner == owner, t.c.gear == old).values(gear=new))


def restore(conn: sa.Connection, owner: str, import_id: int) -> int:
    """Put back the values one import replaced (newest first); returns the activities restored."""
    a, revisions = tables.activities, tables.activity_revisions
    rows = conn.execute(
        sa.select(revisions.c.activity_id, revisions.c.previous)
        .where(revisions.c.owner == owner, revisions.c.import_id == import_id)
        .order_by(revisions.c.revision_id.desc())
    ).all()
    for activity_id, previous in rows:
        values = {
            name: datetime.fromisoformat(value) if name in _TIMES and value else value
            for name, value in previous.items()
        }
        gear_now = conn.execute(
            sa.select(a.c.gear).where(a.c.owner == owner, a.c.activity_id == activity_id)
        ).scalar_one_or_none()
        conn.execute(
            a.update().where(a.c.owner == owner, a.c.activity_id == activity_id).values(values)
        )
        if "gear" in values and gear_now and values["gear"]:
            _rename_assignments(conn, owner, {gear_now: values["gear"]})
    conn.execute(
        revisions.delete().where(revisions.c.owner == owner, revisions.c.import_id == import_id)
    )
    return len({r[0] for r in rows})
