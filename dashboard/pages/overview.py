"""Overview: this week against the runs-per-week target, the last weeks, and alerts."""

from datetime import timedelta
from typing import Any

import streamlit as st

from dashboard import data, views
from dashboard.charts import style
from dashboard.charts import weekly as weekly_charts
from dashboard.components import render
from dashboard.components.common import about, activities_or_stop, download, takeaway
from dashboard.metrics import rest

acts = activities_or_stop("Overview", "Am I loading my bones often enough, and resting between?")
settings, today = data.settings(), data.today()
frame = acts.frame
if frame.is_empty():
    st.stop()

assignments = data.store().shoe_assignments(data.owner())
week = data.derived(
    ("this_week", settings, today, assignments.height),
    lambda: views.this_week(frame, settings, today, assignments),
)
takeaway(week.takeaway)

last_day = frame["start_local"].max().date()
end = today if last_day >= today - timedelta(weeks=12) else last_day
first_day = frame["start_local"].min().date()
start = max(end - timedelta(weeks=12) - timedelta(days=end.weekday()), first_day)
weekly = data.derived(
    ("weekly", settings, start, end), lambda: views.weekly_table(frame, settings, start, end)
)
targets = data.derived(
    ("targets", settings, start, end), lambda: views.targets(frame, settings, start, end)
)
monday = today - timedelta(days=today.weekday())


def _this_week_row() -> dict[str, Any]:
    # Weeks are whole from their Monday: when the table ends today, its last row is this week.
    table = weekly if end == today else views.weekly_table(frame, settings, monday, today)
    return table.row(-1, named=True)


this = data.derived(("this_week_row", settings, today), _this_week_row)
unit = settings.distance_unit
scale = style.per_unit(unit)
cols = st.columns(4)
cols[0].metric(
    "Runs this week",
    f"{week.runs} of {week.target}",
    help="Target ramps from "
    f"{settings.runs_per_week_start} to {settings.runs_per_week_target} a week.",
)
cols[1].metric("Rest days so far", this["rest_days"])
cols[2].metric(f"Running this week ({unit})", f"{this['run_km'] / scale:.1f}")
cols[3].metric("Weeks on target in a row", rest.current_streak(targets))

if end != today:
    st.info(
        f"Your latest activity is from {last_day:%d %b %Y}: the weeks below end there. Import a "
        "newer export to see this week.",
        icon=":material/history:",
    )

st.subheader("Worth a look")
if week.alerts:
    for alert in week.alerts:
        st.warning(alert, icon=":material/warning:")
else:
    st.success("Nothing to flag in the last four weeks.", icon=":material/check_circle:")

left, right = st.columns(2)
render.chart(left, weekly_charts.runs_against_target, targets, key="runs_target")
render.chart(right, weekly_charts.distance_by_sport, weekly, unit, key="distance")

st.subheader("The last 12 weeks" if end == today else "The 12 weeks before your latest activity")
shown = views.in_unit(
    weekly.select(
        "week", "runs", "run_km", "walks", "walk_km", "active_days", "rest_days", "stage", "spikes"
    ),
    unit,
)
render.table(shown.reverse())
download(shown, "overview-weeks")
about(["runs_per_week", "day_class", "run_spike", "shoes", "guidelines"])
