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

from connectors.schema import ACTIVITY_SCHEMA
from connectors.store.dbapi import Runner, chunks, marks, values_by_activity

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


def _links(db: Runner, owner: str, keys: list[tuple[str, str]]) -> dict[tuple, str]:
    found: dict[tuple, str] = {}
    for source in {k[0] for k in keys}:
        ids = [k[1] for k in keys if k[0] == source]
        for chunk in chunks(ids):
            rows = db.rows(
                "SELECT source_id, activity_id FROM activity_sources WHERE owner = ? AND "
                f"source = ? AND source_id IN ({marks(len(chunk))})",
                (owner, source, *chunk),
            )
            found.update({(source, sid): aid for sid, aid in rows})
    return found


def _stored(db: Runner, owner: str, ids: list[str]) -> dict[str, Mapping[str, Any]]:
    names = list(ACTIVITY_SCHEMA)
    found: dict[str, Mapping[str, Any]] = {}
    for chunk in chunks(ids):
        for row in db.rows(
            f"SELECT {', '.join(names)} FROM activities "
            f"WHERE owner = ? AND activity_id IN ({marks(len(chunk))})",
            (owner, *chunk),
        ):
            record = dict(zip(names, row, strict=True))
            for name in _TIMES:
                record[name] = db.read_time(record[name])
            found[record["activity_id"]] = record
    return found


def edited(db: Runner, owner: str, activity_ids: Iterable[str]) -> dict[str, set[str]]:
    """activity_id -> the columns the person edited (a re-import must not change those)."""
    return values_by_activity(db, "activity_edits", "field", owner, list(activity_ids))


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


def _set(db: Runner, owner: str, activity_id: str, values: Mapping[str, Any]) -> None:
    assignments = ", ".join(f"{name} = ?" for name in values)
    params = [db.time(v) if name in _TIMES else v for name, v in values.items()]  # type: ignore[arg-type]
    db.run(
        f"UPDATE activities SET {assignments} WHERE owner = ? AND activity_id = ?",
        (*params, owner, activity_id),
    )


def apply_updates(
    db: Runner, skipped: pl.DataFrame, owner: str, import_id: int
) -> set[tuple[str, str]]:
    """Write what changed for rows already stored; returns the (source, source_id) updated."""
    if skipped.is_empty():
        return set()
    records = {
        (r["source"], r["source_id"]): r
        for r in skipped.unique(["source", "source_id"], keep="first").to_dicts()
    }
    links = _links(db, owner, list(records))
    stored = _stored(db, owner, sorted(set(links.values())))
    edits = edited(db, owner, stored)
    updated: set[tuple[str, str]] = set()
    renamed: dict[str, str] = {}
    for key, activity_id in links.items():
        current = stored.get(activity_id)
        if current is None:
            continue
        changed = _changes(records[key], current, edits.get(activity_id, set()))
        if not changed:
            continue
        previous = {name: _json(current[name]) for name in changed}
        db.run(
            "INSERT INTO activity_revisions (owner, import_id, activity_id, previous) "
            "VALUES (?, ?, ?, ?)",
            (owner, import_id, activity_id, db.json(previous)),
        )
        _set(db, owner, activity_id, changed)
        if "gear" in changed and current["gear"]:
            renamed[current["gear"]] = changed["gear"]
        updated.add(key)
    _rename_assignments(db, owner, renamed)
    return updated


def _rename_assignments(db: Runner, owner: str, renamed: Mapping[str, str]) -> None:
    """Shoe assignments under an old gear name follow the new one, once no activity keeps it."""
    for old, new in renamed.items():
        ((still,),) = db.rows(
            "SELECT COUNT(*) FROM activities WHERE owner = ? AND gear = ?", (owner, old)
        )
        if not still:
            db.run(
                "UPDATE shoe_assignments SET gear = ? WHERE owner = ? AND gear = ?",
                (new, owner, old),
            )


def restore(db: Runner, owner: str, import_id: int) -> int:
    """Put back the values one import replaced (newest first); returns the activities restored."""
    rows = db.rows(
        "SELECT activity_id, previous FROM activity_revisions WHERE owner = ? AND import_id = ? "
        "ORDER BY revision_id DESC",
        (owner, import_id),
    )
    for activity_id, stored in rows:
        previous = db.read_json(stored)
        values = {
            name: datetime.fromisoformat(value) if name in _TIMES and value else value
            for name, value in previous.items()
            if name in ACTIVITY_SCHEMA  # names go into the SQL: only the known columns
        }
        gear_now = db.rows(
            "SELECT gear FROM activities WHERE owner = ? AND activity_id = ?", (owner, activity_id)
        )
        if values:
            _set(db, owner, activity_id, values)
        if "gear" in values and gear_now and gear_now[0][0] and values["gear"]:
            _rename_assignments(db, owner, {gear_now[0][0]: values["gear"]})
    db.run("DELETE FROM activity_revisions WHERE owner = ? AND import_id = ?", (owner, import_id))
    return len({r[0] for r in rows})
