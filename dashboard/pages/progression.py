"""Progression: the walk-to-run plan this week, walk -> walk-run -> jog -> run week by week, the
whole plan spelled out, and pace at a heart rate."""

import polars as pl
import streamlit as st

from dashboard import data, views
from dashboard.charts import progression as charts
from dashboard.components import render
from dashboard.components.common import (
    about,
    activities_or_stop,
    controls,
    download,
    in_range,
    on_request,
    takeaway,
)
from dashboard.metrics import plan, plan_content, progression

acts = activities_or_stop("Progression", "Walk, then walk-run, then jog, then run: gently.")
settings, today = data.settings(), data.today()
frame = acts.frame
start, end, unit = controls(frame, today, default="Everything")
if in_range(frame, start, end).is_empty():
    st.info("No activities in this period. Pick a longer period above.")
    st.stop()

walk_run_ids = data.derived(
    ("plan_walk_run", settings, today), lambda: plan.plan_walk_run_ids(frame, settings, today)
)
weeks = data.derived(
    ("progression", settings, start, end, today),
    lambda: progression.progression_weekly(frame, start, end, walk_run_ids, today),
)
takeaway(progression.stage_takeaway(weeks))

week = data.derived(("plan_week", settings, today), lambda: plan.plan_week(frame, settings, today))
st.subheader("Your next run" if week.phase in ("running", "finished") else "This week of your plan")
st.markdown(plan.plan_sentence(week))
if week.sessions:
    st.markdown(plan.sessions_markdown(week))
if week.adherence is not None and week.adherence.share is not None:
    a = week.adherence
    st.caption(
        f"Over {a.weeks} whole weeks on the plan: {a.sessions_done} of {a.sessions_planned} "
        f"sessions done ({a.share:.0%}), {a.repeats} weeks repeated. Repeating a week is fine."
    )
history = data.derived(
    ("plan_history", settings, today), lambda: plan.plan_history(frame, settings, today)
)
if history.height:
    render.chart(st, charts.plan_progress, history, key="plan")

render.chart(st, charts.stage_and_time_on_feet, weeks, key="stages")

st.subheader("The walk-to-run plan, session by session")
st.caption(
    "Before week 1, the walking phase: 15-20 minute walks, then longer and brisker ones (about "
    "30 minutes) for a few weeks, until you cannot walk any faster. Then NHS Couch to 5K: 3 "
    "sessions a week with a rest day between, each after a 5-minute brisk warm-up walk. A "
    "session counts as done when a run of about its length is imported. Repeating a week is "
    "fine. Set the day you start week 1 in Settings to track it."
)
# 27 fixed rows: a plain HTML table, no data grid to draw on every visit (issue 12)
render.short_table(plan_content.couch_to_5k_plan(), "The whole plan", wrap=("description",))

st.subheader("Pace at the same heart rate")
hrs = in_range(frame, start, end).filter(
    (pl.col("sport") == "run") & pl.col("avg_hr").is_not_null()
)
if not hrs.height:
    st.caption("Needs runs with heart rate.")
elif on_request(  # one click away rather than drawn on every visit (issue 12)
    "Show pace at a heart rate, month by month",
    key="pace_at_hr",
    help_text="The pace of your runs near a heart rate you pick, month by month: a faster "
    "pace at the same heart rate suggests better aerobic fitness (heat, hills and fatigue "
    "move it too). Off until you switch it on; kept for this visit.",
):
    default_hr = int(hrs["avg_hr"].median())
    hr = st.slider("Heart rate (bpm)", 90, 200, default_hr, key="pace_hr")
    months = progression.pace_at_hr(in_range(frame, start, end), float(hr))
    render.chart(st, charts.pace_at_heart_rate, months, hr, unit, key="pace")

table = views.in_unit(
    weeks.select(
        "week", "stage", "runs", "walks", "longest_run_min", "time_on_feet_min"
    ).with_columns(pl.col("longest_run_min", "time_on_feet_min").round(1)),
    unit,
)
render.table(table.reverse())
download(table, "progression")
about(["progression", "couch_to_5k", "pace_at_hr", "week_change"])
