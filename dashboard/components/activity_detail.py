"""One activity opened on the Activities page: what is stored, where it came from, and (for
the owner) edit sport, shoe, name, effort, pain and note, or delete it. Text from files is shown
as data. Only the values changed are written (and remembered as the person's: a re-import
leaves them alone)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from connectors.errors import BoneloadError
from connectors.schema import SPORTS, UNITS
from dashboard import data
from dashboard.components import render
from dashboard.components.activity_streams import over_time
from dashboard.components.render import plain

LABELS = {
    "name": "Name", "sport": "Sport", "sport_type": "Type (as the source calls it)",
    "start_local": "Start (local time)", "timezone": "Time zone", "start_utc": "Start (UTC)",
    "elapsed_s": "Duration", "moving_s": "Moving time", "distance_m": "Distance",
    "elevation_gain_m": "Climb", "avg_hr": "Average heart rate", "max_hr": "Highest heart rate",
    "avg_cadence_spm": "Cadence", "steps": "Steps", "avg_contact_ms": "Ground contact time",
    "gear": "Shoe", "rpe": "Perceived effort", "calories": "Calories", "reps": "Repetitions",
    "pain": "Pain", "note": "Note", "activity_id": "boneload id",
}  # fmt: skip
FLASH = "activity_flash"


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _value(name: str, value: object, unit: str) -> str:
    if name in ("elapsed_s", "moving_s") and isinstance(value, float):
        return _clock(value)
    if name == "distance_m" and isinstance(value, float):
        per = 1609.344 if unit == "mi" else 1000.0
        return f"{value / per:.2f} {unit}"
    if name in UNITS and isinstance(value, int | float):
        return f"{value:g} {UNITS[name]}"
    return str(value)


def fields(row: dict, unit: str) -> pl.DataFrame:
    """Every stored value of the activity as (what, value) text rows; empty ones left out."""
    shown = [
        (label, _value(name, row[name], unit))
        for name, label in LABELS.items()
        if row.get(name) is not None and row.get(name) != ""
    ]
    return pl.DataFrame(shown, schema={"what": pl.String, "value": pl.String}, orient="row")


def sources_table(activity_id: str, is_demo: bool) -> pl.DataFrame:
    if is_demo:
        return pl.DataFrame({"source": ["demo"], "file": ["the demo athlete (not stored)"]})
    rows = data.provenance(activity_id)
    return pl.DataFrame(
        [
            (r["source"], r["source_id"], r["file_name"] or "", r["import_id"],
             None if r["started_at"] is None else f"{r['started_at']:%Y-%m-%d %H:%M} UTC")
            for r in rows
        ],
        schema={"source": pl.String, "id in that source": pl.String, "file": pl.String,
                "import": pl.Int64, "imported": pl.String},
        orient="row",
    )  # fmt: skip


def detail(acts: data.Activities, activity_id: str, unit: str) -> None:
    if FLASH in st.session_state:
        st.success(plain(st.session_state.pop(FLASH)))
    match = acts.frame.filter(pl.col("activity_id") == activity_id)
    if match.is_empty():
        return
    row = match.row(0, named=True)
    st.text(row["name"] or "(no name)")
    render.table(fields(row, unit))
    if row.get("note"):
        st.caption("Note")
        st.text(row["note"])
    st.caption("Where it came from")
    render.table(sources_table(activity_id, acts.is_demo))
    over_time(row, unit, acts.is_demo)
    if not data.access().can_edit or acts.is_demo:
        return
    _edit(row)
    _delete(row)


def _edit(row: dict) -> None:
    with st.form(f"edit_{row['activity_id']}"):
        left, mid, right = st.columns(3)
        sport = left.selectbox("Sport", SPORTS, index=SPORTS.index(row["sport"]))
        shoe = mid.text_input("Shoe", value=row["gear"] or "", max_chars=120)
        name = right.text_input("Name", value=row["name"] or "", max_chars=120)
        left, right = st.columns(2)
        rpe = left.number_input(
            "Perceived effort (0-10)", 0.0, 10.0, value=row["rpe"], step=1.0, format="%.0f"
        )
        pain = right.number_input(
            "Pain (0-10)", 0.0, 10.0, value=row["pain"], step=1.0, format="%.0f"
        )
        note = st.text_area("Your note", value=row["note"] or "", max_chars=1000)
        if st.form_submit_button("Save changes"):
            typed = {
                "sport": sport,
                "gear": shoe.strip() or None,
                "name": name.strip() or None,
                "rpe": rpe,
                "pain": pain,
                "note": note.strip() or None,
            }
            changed = {k: v for k, v in typed.items() if v != row[k]}  # only what was changed
            try:
                if changed:
                    data.update_activity(row["activity_id"], changed)
            except BoneloadError as exc:
                st.error(f"Not saved: {plain(exc)}")
            else:
                st.session_state[FLASH] = "Saved." if changed else "Nothing was changed."
                st.rerun()


def _delete(row: dict) -> None:
    sure = st.checkbox("Yes, delete this activity", key=f"sure_{row['activity_id']}")
    if st.button("Delete", key=f"delete_{row['activity_id']}", disabled=not sure):
        try:
            came_from = data.delete_activity(row["activity_id"])
        except BoneloadError as exc:
            st.error(f"Not deleted: {plain(exc)}")
            return
        files = "; ".join(
            f"{c['file_name'] or 'an import no longer in the log'} ({c['source']}, "
            f"import {c['import_id']})"
            for c in came_from
        )
        again = (
            " Importing that file again brings it back."
            if any(c["source"] != "manual" for c in came_from)
            else ""
        )
        st.session_state[FLASH] = (
            f"Deleted {row['name'] or 'the activity'}. It came from: {files}.{again}"
        )
        st.rerun()
