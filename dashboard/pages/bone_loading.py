"""Bone loading: the bone week against its targets, and the bone-loading score v2 in words."""

from datetime import timedelta

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.charts import bone as charts
from dashboard.charts import bone_week as week_charts
from dashboard.components import render
from dashboard.components.common import (
    about,
    activities_or_stop,
    controls,
    download,
    in_range,
    on_request,
)
from dashboard.metrics import bone, bone_explain, bone_week

acts = activities_or_stop(
    "Bone loading",
    "Your bone week as the guidelines count it, and an estimate of how much each session "
    "loads bone.",
)
settings, today = data.settings(), data.today()
frame = acts.frame
start, end, _unit = controls(frame, today)
if in_range(frame, start, end).is_empty():
    st.info("No activities in this period. Pick a longer period above.")
    st.stop()


def _compute() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    all_weeks = bone_week.bone_week(frame, settings, today)
    return all_weeks, bone.weekly_bone(frame, start, end), bone.sessions_in(frame, start, end)


all_weeks, scores, sessions = data.derived(("bone", start, end, settings, today), _compute)
st.markdown(f"#### {bone_explain.months_sentence(*bone_week.last_months_share(all_weeks))}")
st.caption(bone_explain.targets_sentence(all_weeks.row(-1, named=True)))
shown = all_weeks.filter(pl.col("week_start") >= start - timedelta(days=start.weekday()))
left, right = st.columns(2)
render.chart(left, week_charts.bone_week_chart, shown, key="bone_week")
render.chart(right, week_charts.months_chart, bone_week.months_view(all_weeks), key="months")

st.subheader("Bone-loading score")
last_week = sessions.filter(pl.col("date") >= end - timedelta(days=end.weekday()))
st.markdown(bone_explain.explain_week(last_week))
st.warning(
    f"Evidence: {bone_explain.EVIDENCE}. The score comes from animal studies and has not been "
    "validated on human bone density. Use it to compare your own weeks, not as a dose.",
    icon=":material/science:",
)
# The score's charts are speculative (as the warning says): one click away (issue 12).
if on_request(
    "Show the score's charts: week by week, and rest between two runs",
    key="bone_score_charts",
    help_text="The weekly bone-loading score with your impact days, and how the score of two "
    "runs changes with the hours of rest between them. Off until you switch it on; kept for "
    "this visit.",
):
    left, right = st.columns(2)
    render.chart(left, charts.weekly_oi, scores, key="oi")
    render.chart(right, week_charts.rest_between_runs, key="rest")
table = sessions.select(
    "date",
    "sport",
    pl.col("sport_type").alias("type"),
    pl.col("minutes").round(0),
    pl.col("grf_bw").round(2).alias("force (x body weight)"),
    pl.col("cycles").round(0).alias("steps or reps"),
    pl.col("oi").round(1).alias("score"),
    pl.col("oi_credited").round(1).alias("counted"),
    bone_explain.explain_sessions(sessions),
).sort("date", descending=True)
render.table(table)
download(table, "bone-loading")
about(["bone_week", "osteogenic_index", "grf", "guidelines"])
