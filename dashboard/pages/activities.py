"""Activities: every activity with its name, numbers and sources; search, filter, sort; open one
to see everything stored and what its file recorded over time (heart rate, pace, cadence, the
route's shape, laps or splits: dashboard/components/activity_streams.py); the owner corrects
its sport, shoe and name, or deletes it."""

import streamlit as st

from connectors.schema import SPORTS
from dashboard import activity_list as al
from dashboard import data
from dashboard.components import render
from dashboard.components.activity_detail import detail
from dashboard.components.common import activities_or_stop, date_range, download, unit_choice

acts = activities_or_stop(
    "Activities",
    "Every activity you imported or logged: find one by name, see where it came from, correct it.",
)
today = data.today()
if data.access().can_edit:
    st.page_link(
        "dashboard/pages/log_session.py", label="Log a session by hand", icon=":material/edit_note:"
    )
search_col, unit_col = st.columns([3, 1])
with search_col:
    text = st.text_input(
        "Search names and notes",
        key="activity_search",
        placeholder="e.g. long run, parkrun, knee",
    )
with unit_col:
    unit = unit_choice()
sport_col, period_col, sort_col = st.columns(3)
present = [s for s in SPORTS if s in set(acts.frame["sport"].unique().to_list())]
sports = sport_col.multiselect("Sports", present, key="activity_sports", placeholder="All sports")
with period_col:
    start, end = date_range(acts.frame, today, default="Everything", label_visibility="visible")
order = sort_col.selectbox("Sort", list(al.SORTS), key="activity_sort")

sources = None if acts.is_demo else data.activity_sources()
table = data.derived(
    ("activity_table", unit, acts.frame.height, acts.is_demo),
    lambda: al.activity_table(acts.frame, sources, unit),
)
found = al.sort_table(al.search(al.of_sports(al.in_period(table, start, end), sports), text), order)
plural = "activity" if table.height == 1 else "activities"
st.markdown(f"#### {found.height} of {table.height} {plural}")
if found.is_empty():
    st.info("Nothing matches. Try fewer words, another period or all sports.")
    st.stop()
render.table(al.shown(found))
download(al.shown(found), "activities")

st.subheader("One activity")
choices = found.head(500)
if found.height > 500:
    st.caption(f"The first 500 of {found.height} are listed here; search to narrow them.")
labels = dict(
    zip(choices["activity_id"], (al.label(r) for r in choices.iter_rows(named=True)), strict=True)
)
chosen = st.selectbox("Open", list(labels), format_func=labels.__getitem__, key="activity_open")
if chosen is not None:
    detail(acts, chosen, unit)
