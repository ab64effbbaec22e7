"""Progression: walk, walk-run, jog, run, week by week; the 9-week plan; pace at a heart rate."""

from datetime import date

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
    takeaway,
)
from dashboard.metrics import progression

acts = activities_or_stop("Progression", "Walk, then walk-run, then jog, then run: gently.")
settings, today = data.settings(), data.today()
frame = acts.frame
start, end, unit = controls(frame, today, default="Everything")
if in_range(frame, start, end).is_empty():
    st.info("No activities in this period. Pick a longer period above.")
    st.stop()

weeks = data.derived(
    ("progression", start, end), lambda: progression.progression_weekly(frame, start, end)
)
active = weeks.filter(pl.col("stage") != "none")
if active.height:
    now = active.row(-1, named=True)
    first = active.row(0, named=True)
    longest = now["longest_run_min"]
    run_text = f", longest run {longest:.0f} min" if longest else ""
    takeaway(
        f"Stage in the latest week: {now['stage']}{run_text} (from {first['stage']} "
        f"in the week of {first['week_start']:%d %b %Y})."
    )
else:
    takeaway("No walks or runs in this period yet.")
render.chart(st, charts.stage_and_time_on_feet, weeks, key="stages")

st.subheader("The 9-week walk-to-run plan")
if settings.plan_start:
    plan_start = date.fromisoformat(settings.plan_start)
    plan = progression.plan_progress(frame, plan_start, today)
    done, planned = int(plan["done"].sum()), int(plan["planned"].sum())
    st.markdown(
        f"Started {plan_start:%d %b %Y}: **{done} of {planned}** sessions done. "
        "Repeating a week is fine."
    )
    render.chart(st, charts.plan_progress, plan, key="plan")
else:
    st.caption(
        "A reference structure (NHS Couch to 5K): 3 sessions a week with a rest day "
        "between. Set the day you start it in Settings to track planned against done."
    )
    render.table(progression.couch_to_5k_plan())

st.subheader("Pace at the same heart rate")
hrs = in_range(frame, start, end).filter(
    (pl.col("sport") == "run") & pl.col("avg_hr").is_not_null()
)
if hrs.height:
    default_hr = int(hrs["avg_hr"].median())
    hr = st.slider("Heart rate (bpm)", 90, 200, default_hr, key="pace_hr")
    months = progression.pace_at_hr(in_range(frame, start, end), float(hr))
    render.chart(st, charts.pace_at_heart_rate, months, hr, unit, key="pace")
else:
    st.caption("Needs runs with heart rate.")

table = views.in_unit(
    weeks.select(
        "week", "stage", "runs", "walks", "longest_run_min", "time_on_feet_min"
    ).with_columns(pl.col("longest_run_min", "time_on_feet_min").round(1)),
    unit,
)
render.table(table.reverse())
download(table, "progression")
about(["progression", "couch_to_5k", "pace_at_hr", "week_change"])
