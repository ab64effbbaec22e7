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

from connectors.schema import ACTIVITY_SCHEMA
from connectors.store.dbapi import Runner, values_by_activity

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


def _statement(prefer_new: Iterable[str]) -> str:
    """UPDATE of every field: COALESCE(new, stored) where the newcomer wins, else the reverse.
    Parameters: one per field in FIELDS order, then owner and the target activity_id."""
    newer = set(prefer_new)
    values = ", ".join(
        f"{name} = COALESCE(?, {name})" if name in newer else f"{name} = COALESCE({name}, ?)"
        for name in FIELDS
    )
    return f"UPDATE activities SET {values} WHERE owner = ? AND activity_id = ?"


_STATEMENTS: Final[Mapping[str, str]] = {
    KEEP: _statement(()),
    DEVICE_OVER_TYPED: _statement(MEASURED),
    PERSON_OVER_DEVICE: _statement(PERSONAL),
}


def _manual_only(db: Runner, owner: str, targets: list[str]) -> set[str]:
    """Stored activities whose every source so far is a hand-logged session."""
    by_target = values_by_activity(db, "activity_sources", "source", owner, targets)
    return {target for target, sources in by_target.items() if sources == {MANUAL}}


def apply_merges(db: Runner, merged: pl.DataFrame, owner: str) -> None:
    """Write merged rows (canonical columns plus target_id) into the activities they matched."""
    if merged.is_empty():
        return
    frame = db.frame_times(merged, ("start_utc", "start_local"))
    typed_targets = _manual_only(db, owner, frame["target_id"].unique().to_list())
    params: dict[str, list[tuple[Any, ...]]] = {
        KEEP: [],
        DEVICE_OVER_TYPED: [],
        PERSON_OVER_DEVICE: [],
    }
    for target, source, *values in frame.select("target_id", "source", *FIELDS).iter_rows():
        if source == MANUAL and target not in typed_targets:
            mode = PERSON_OVER_DEVICE
        elif source != MANUAL and target in typed_targets:
            mode = DEVICE_OVER_TYPED
        else:
            mode = KEEP
        params[mode].append((*values, owner, target))
    for mode, items in params.items():
        db.many(_STATEMENTS[mode], items)
