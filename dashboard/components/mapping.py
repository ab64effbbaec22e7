"""The column-mapping form for a CSV boneload does not recognise."""

from __future__ import annotations

import streamlit as st

FIELDS: dict[str, str] = {
    "start_local": "Start date and time (local)",
    "sport_type": "Activity type",
    "elapsed_s": "Duration (seconds or h:mm:ss)",
    "distance_m": "Distance (in your unit)",
    "name": "Name",
    "avg_hr": "Average heart rate",
    "max_hr": "Maximum heart rate",
    "avg_cadence_spm": "Cadence (steps per minute)",
    "steps": "Steps",
    "gear": "Shoe or gear",
    "rpe": "Perceived exertion (0-10)",
    "calories": "Calories",
}
REQUIRED = ("start_local", "sport_type", "elapsed_s")
_NONE = "(not in this file)"


def mapping_form(columns: list[str], suggested: dict[str, str]) -> dict[str, str] | None:
    """Ask which column holds what; returns the map once submitted and complete."""
    with st.form("column_map"):
        st.caption("Pick the column that holds each value. Start, type and duration are needed.")
        chosen: dict[str, str] = {}
        options = [_NONE, *columns]
        for field, label in FIELDS.items():
            default = suggested.get(field)
            index = options.index(default) if default in options else 0
            value = st.selectbox(label, options, index=index, key=f"map_{field}")
            if value != _NONE:
                chosen[field] = value
        submitted = st.form_submit_button("Import with this mapping", type="primary")
    if not submitted:
        return None
    missing = [FIELDS[f] for f in REQUIRED if f not in chosen]
    if missing:
        st.error("Still needed: " + ", ".join(missing))
        return None
    return chosen
