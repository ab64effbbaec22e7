"""How a merged row's values land in the stored activity it matched (connectors/store/dedupe.py
decides that it matched; this decides which values win).

- Two measured sources (Strava and the watch): the stored value wins; the newcomer only fills
  what is empty.
- A device after a hand-logged session (the activity's only sources are "manual"): the device's
  measured numbers (start, duration, distance, heart rate, ...) replace the typed estimates; what
  only the person knows (effort, pain, note, repetitions) stays as they logged it.
- A hand-logged session after a device: the person's effort, pain, note and repetitions are
  written over the device's; measured numbers stay the device's.
Nothing is counted twice: the merged row never becomes an activity of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import polars as pl
import sqlalchemy as sa

from connectors.schema import ACTIVITY_SCHEMA
from connectors.store import tables

MANUAL: Final = "manual"
MEASURED: Final = (
    "start_utc", "start_local", "timezone", "elapsed_s", "moving_s", "distance_m",
    "elevation_gain_m", "avg_hr", "max_hr", "avg_cadence_spm", "steps", "avg_contact_ms",
    "calories",
)  # fmt: skip
PERSONAL: Final = ("rpe", "pain", "note", "reps")
FIELDS: Final = tuple(
    name for name in ACTIVITY_SCHEMA if name not in ("activity_id", "source", "source_id", "sport")
)
KEEP, DEVICE_OVER_TYPED, PERSON_OVER_DEVICE = "keep", "device", "person"


def _statement(prefer_new: Iterable[str]) -> sa.Update:
    a = tables.activities
    newer = set(prefer_new)
    values = {}
    for name in FIELDS:
        new = sa.bindparam(f"_new_{name}")
        values[name] = (
            sa.func.coalesce(new, a.c[name]) if name in newer else sa.func.coalesce(a.c[name], new)
        )
    return (
        a.update()
        .where(a.c.owner == sa.bindparam("_owner"), a.c.activity_id == sa.bindparam("_target"))
        .values(values)
    )


_STATEMENTS: Final[Mapping[str, sa.Update]] = {
    KEEP: _statement(()),
    DEVICE_OVER_TYPED: _statement(MEASURED),
    PERSON_OVER_DEVICE: _statement(PERSONAL),
}


def _manual_only(conn: sa.Connection, owner: str, targets: list[str]) -> set[str]:
    """Stored activities whose every source so far is a hand-logged session."""
    s = tables.activity_sources
    by_target: dict[str, set[str]] = {}
    for start in range(0, len(targets), 500):
        rows = conn.execute(
            sa.select(s.c.activity_id, s.c.source).where(
                s.c.owner == owner, s.c.activity_id.in_(targets[start : start + 500])
            )
        ).all()
        for activity_id, source in rows:
            by_target.setdefault(activity_id, set()).add(source)
    return {target for target, sources in by_target.items() if sources == {MANUAL}}


def apply_merges(conn: sa.Connection, merged: pl.DataFrame, owner: str) -> None:
    """Write merged rows (canonical columns plus target_id) into the activities they matched."""
    if merged.is_empty():
        return
    frame = merged.with_columns(pl.col("start_utc").dt.replace_time_zone(None))
    typed_targets = _manual_only(conn, owner, frame["target_id"].unique().to_list())
    params: dict[str, list[dict[str, Any]]] = {
        KEEP: [],
        DEVICE_OVER_TYPED: [],
        PERSON_OVER_DEVICE: [],
    }
    for record in frame.select("target_id", "source", *FIELDS).to_dicts():
        item = {f"_new_{name}": record[name] for name in FIELDS}
        item.update(_owner=owner, _target=record["target_id"])
        if record["source"] == MANUAL and record["target_id"] not in typed_targets:
            mode = PERSON_OVER_DEVICE
        elif record["source"] != MANUAL and record["target_id"] in typed_targets:
            mode = DEVICE_OVER_TYPED
        else:
            mode = KEEP
        params[mode].append(item)
    for mode, items in params.items():
        if items:
            conn.execute(_STATEMENTS[mode], items)
