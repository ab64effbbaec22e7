"""Log a session by hand: a walk, a run, jumps, strength or balance, with effort, pain and a note.
Owners only (navigation routes it for them alone; data.py refuses anyone else's write)."""

from datetime import time

import streamlit as st

from connectors.errors import BoneloadError
from connectors.manual import METRES_PER as METRES
from connectors.manual import SESSION_TYPES, ManualEntryError, SessionForm, build_row
from dashboard import data
from dashboard.components import render
from dashboard.components.common import page_header
from dashboard.components.render import plain
from dashboard.logged import logged_sessions, outcome

page_header(
    "Log a session",
    "No watch? Log a walk, a run, jumps, strength or balance work by hand. If your watch or "
    "Strava brings the same session later, it joins this one: its measured numbers replace "
    "your estimates, and your effort, pain and note stay.",
)
if not data.access().can_edit:
    st.info("Only the owner of this dashboard can log sessions.")
    st.stop()

settings, today = data.settings(), data.today()
unit = settings.distance_unit
labels = {t.key: t.label for t in SESSION_TYPES}

with st.form("log_session", clear_on_submit=False):
    left, mid, right = st.columns(3)
    day = left.date_input("Date", value=today, max_value=today, key="log_day")
    start = mid.time_input("Start time", value=time(7, 30), step=300, key="log_time")
    kind = right.selectbox("Type", list(labels), format_func=labels.__getitem__, key="log_type")
    left, mid, right = st.columns(3)
    minutes = left.number_input("Minutes", 1.0, 1440.0, 30.0, step=5.0, key="log_minutes")
    distance = mid.number_input(
        f"Distance ({unit}, optional)", 0.0, 300.0, value=None, step=0.5, key="log_distance"
    )
    reps = right.number_input(
        "Repetitions (jumps, hops; optional)", 0, 100_000, value=None, step=10, key="log_reps"
    )
    left, right = st.columns(2)
    rpe = left.slider("Perceived effort (0 rest, 10 all out)", 0, 10, 4, key="log_rpe")
    pain = right.slider("Pain during or after (0 none, 10 worst)", 0, 10, 0, key="log_pain")
    note = st.text_area("Note (optional)", max_chars=1000, key="log_note")
    submitted = st.form_submit_button("Log this session", type="primary")

if submitted:
    form = SessionForm(day, start, kind, minutes, distance, reps, rpe, pain, note)
    try:
        frame = build_row(form, timezone=settings.timezone, distance_unit=unit, today=today)
        row = frame.row(0, named=True)
        summary = data.log_session(frame, f"logged by hand: {row['start_local']:%Y-%m-%d %H:%M}")
    except ManualEntryError as exc:
        st.error("Not logged:\n\n" + "\n".join(f"- {plain(p)}" for p in exc.problems))
    except BoneloadError as exc:
        st.error(f"Not logged: {plain(exc)}")
    else:
        st.session_state["log_flash"] = outcome(summary, row)
        st.rerun()
if "log_flash" in st.session_state:
    st.success(plain(st.session_state.pop("log_flash")))

st.subheader("Sessions you logged")
sessions = logged_sessions(data.activities().frame, data.activity_sources(), unit)
if sessions.is_empty():
    st.caption("None yet. What you log appears here, on Activities and in every weekly count.")
else:
    render.table(sessions.drop("activity_id", "import_id"))
    ids = sessions["activity_id"].to_list()
    chosen = st.selectbox(
        "Change or remove one",
        ids,
        format_func=dict(zip(ids, sessions["when"] + " · " + sessions["type"], strict=True)).get,
        key="log_pick",
    )
    picked = sessions.filter(sessions["activity_id"] == chosen).row(0, named=True)
    measured = picked["also measured by"]
    with st.form("log_edit"):
        values: dict = {}
        if measured:
            st.caption(
                f"Time and distance come from {plain(measured)}: only what you felt is yours."
            )
        else:
            left, right = st.columns(2)
            new_minutes = left.number_input("Minutes", 1.0, 1440.0, float(picked["minutes"]))
            new_distance = right.number_input(
                f"Distance ({unit})", 0.0, 300.0, value=picked[f"distance ({unit})"]
            )
            values["elapsed_s"] = new_minutes * 60.0
            values["distance_m"] = None if new_distance is None else new_distance * METRES[unit]
        left, mid, right = st.columns(3)
        values["rpe"] = left.number_input(
            "Effort (0-10)", 0.0, 10.0, value=picked["effort"], step=1.0, format="%.0f"
        )
        values["pain"] = mid.number_input(
            "Pain (0-10)", 0.0, 10.0, value=picked["pain"], step=1.0, format="%.0f"
        )
        values["reps"] = right.number_input(
            "Repetitions", 0, 100_000, value=picked["repetitions"], step=10
        )
        new_note = st.text_area("Note", value=picked["note"] or "", max_chars=1000)
        if st.form_submit_button("Save changes"):
            values["note"] = new_note.strip() or None
            try:
                data.update_activity(chosen, values)
            except BoneloadError as exc:
                st.error(f"Not saved: {plain(exc)}")
            else:
                st.session_state["log_flash"] = f"Saved the session of {picked['when']}."
                st.rerun()
    if st.button("Delete this session", key="log_delete"):
        try:
            data.delete_activity(chosen)
        except BoneloadError as exc:
            st.error(f"Not deleted: {plain(exc)}")
        else:
            st.session_state["log_flash"] = f"Deleted the session of {picked['when']}."
            st.rerun()
