"""Shoes: distance per shoe against the 300/500-mile convention; assign shoes to runs."""

import streamlit as st

from connectors.errors import BoneloadError
from dashboard import data, views
from dashboard.charts import shoes as charts
from dashboard.components import render
from dashboard.components.common import about, activities_or_stop, download, takeaway, unit_choice
from dashboard.components.render import plain

acts = activities_or_stop("Shoes", "Running shoes wear out: a convention says 300-500 miles.")
settings, today = data.settings(), data.today()
frame = acts.frame
unit = unit_choice()
assignments = data.shoe_assignments()
table = views.shoe_table(frame, assignments, settings, today)
column = "miles" if unit == "mi" else "km"
if table.is_empty():
    takeaway("No shoes recorded yet.")
    st.caption(
        "Strava exports carry the shoe of each run; for files without gear (Garmin CSV), "
        "assign a shoe to a date range below."
    )
else:
    due = table.filter((table["status"] != "ok") & (table["runs"] > 0))
    if due.height:
        top = due.row(0, named=True)
        verb = "replace" if top["status"] == "replace" else "check"
        takeaway(
            f"{top['name']} has {top[column]:.0f} {unit}: time to {verb} it by the convention."
        )
    else:
        takeaway("Every running shoe is under the check distance.")
    render.chart(
        st,
        charts.shoe_distance,
        table,
        unit,
        settings.shoe_warn_miles,
        settings.shoe_replace_miles,
        key="shoes",
    )
    shown = table.drop("miles" if unit == "km" else "km")
    render.table(shown)
    download(shown, "shoes")

if not data.access().can_edit:
    pass  # a viewer (share link) or a visitor: read-only, no assignment widgets at all
elif acts.is_demo:
    st.subheader("Assign a shoe to runs without one")
    st.caption("Import your own data to assign shoes.")
else:
    st.subheader("Assign a shoe to runs without one")
    with st.form("assign_shoe"):
        left, mid, right = st.columns([2, 1, 1])
        gear = left.text_input("Shoe name", max_chars=120)
        begin = mid.date_input("From", value=today)
        finish = right.date_input("To", value=today)
        if st.form_submit_button("Assign"):
            try:
                if not gear.strip():
                    raise BoneloadError("give the shoe a name")
                data.assign_shoe(gear, begin, finish)
            except BoneloadError as exc:
                st.error(f"Not saved: {plain(exc)}")
            else:
                st.rerun()
    for row in assignments.iter_rows(named=True):
        cols = st.columns([4, 1])
        cols[0].markdown(
            f"**{plain(row['gear'])}**: runs from {row['start_date']} to {row['end_date']}"
        )
        if cols[1].button("Remove", key=f"remove_shoe_{row['assignment_id']}"):
            data.remove_shoe_assignment(row["assignment_id"])
            st.rerun()
    st.caption("Assignments fill only runs that came without a shoe, and survive re-imports.")
about(["shoes"])
