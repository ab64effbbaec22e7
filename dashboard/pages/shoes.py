"""Shoes: distance per shoe against the 300/500-mile convention; the shoes a person manages."""

import polars as pl
import streamlit as st

from connectors.errors import BoneloadError
from dashboard import data, shoe_view, views
from dashboard.charts import shoes as charts
from dashboard.components import render, shoe_forms
from dashboard.components.common import about, activities_or_stop, download, takeaway, unit_choice
from dashboard.components.render import plain

acts = activities_or_stop("Shoes", "Running shoes wear out: a convention says 300-500 miles.")
settings, today = data.settings(), data.today()
frame = acts.frame
unit = unit_choice()
assignments = data.shoe_assignments()
records, defaults = data.shoe_records()
table = views.shoe_table(frame, assignments, settings, today, records, defaults)
in_use = table.filter(pl.col("status") != "retired")
retired = table.filter(pl.col("status") == "retired")
if table.is_empty():
    takeaway("No shoes recorded yet.")
    st.caption(
        "Strava exports carry the shoe of each run; for files without one (Garmin CSV), add a "
        "shoe below and make it the default for runs, or assign it to a date range."
    )
else:
    takeaway(shoe_view.headline(in_use, unit))
    for note in shoe_view.notes(in_use, unit):
        st.caption(plain(note))
    render.html_chart(
        charts.shoe_distance(table, unit, settings.shoe_warn_miles, settings.shoe_replace_miles)
    )
    st.caption(shoe_view.COUNTS_CAPTION)
    if shoe_view.rotation_note(frame, today):
        st.caption(shoe_view.rotation_note(frame, today))
    shown = shoe_view.display(in_use, unit)
    render.table(shown)
    download(shown, "shoes")
    if retired.height:  # apart and quiet: folded away, never in the chart or the alerts
        with st.expander(f"Retired shoes ({retired.height})"):
            render.table(shoe_view.display(retired, unit, retired=True))

if not data.access().can_edit:
    pass  # a viewer (share link) or a visitor: read-only, no forms at all
elif acts.is_demo:
    st.subheader("Manage your shoes")
    st.caption("Import your own data to add shoes, retire them and set defaults.")
else:
    st.subheader("Manage your shoes")
    shoe_forms.add_form(unit, today)
    shoe_forms.change_form(table, records, unit, today)
    shoe_forms.defaults_form(table, records, defaults, today)
    shoe_forms.marks_form(unit)
    st.markdown("**Assign a shoe to a date range**")
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
            f"**{plain(row['gear'])}**: runs, walks and hikes from {row['start_date']} to "
            f"{row['end_date']}"
        )
        if cols[1].button("Remove", key=f"remove_shoe_{row['assignment_id']}"):
            try:
                data.remove_shoe_assignment(row["assignment_id"])
            except BoneloadError as exc:  # e.g. the store stayed busy with an import
                st.error(f"Not removed: {plain(exc)}")
            else:
                st.rerun()
    st.caption(
        "Date ranges fill only runs, walks and hikes that came without a shoe, and survive "
        "re-imports."
    )
about(["shoes"])
