"""Bone loading: estimated force, loading cycles and osteogenic index per session, day and week."""

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.charts import bone as charts
from dashboard.components import render
from dashboard.components.common import (
    about,
    activities_or_stop,
    controls,
    download,
    in_range,
    takeaway,
)
from dashboard.metrics import bone

acts = activities_or_stop(
    "Bone loading", "An estimate of how much each session loads bone. Speculative: read on."
)
settings, today = data.settings(), data.today()
frame = acts.frame
start, end, _unit = controls(frame, today)
if in_range(frame, start, end).is_empty():
    st.info("No activities in this period. Pick a longer period above.")
    st.stop()


def _compute() -> tuple[pl.DataFrame, pl.DataFrame]:
    weeks = bone.weekly_bone(frame, start, end)
    sessions = bone.session_bone_load(in_range(frame, start, end))
    return weeks, sessions


weeks, sessions = data.derived(("bone", start, end), _compute)
full = weeks.filter(pl.col("week_start") < weeks["week_start"].max()) if weeks.height > 1 else weeks
impact_weeks = full.filter(pl.col("impact_days") >= 2).height
takeaway(
    f"{impact_weeks} of {full.height} full weeks had two or more impact days; the estimate "
    "favours 2-3 shorter runs with rest between over one long run."
)
st.warning(
    "Speculative: the osteogenic index comes from animal studies and has not been validated "
    "on human bone density. Use it to compare your own weeks, not as a dose.",
    icon=":material/science:",
)
left, right = st.columns(2)
render.chart(left, charts.weekly_oi, weeks, key="oi")
render.chart(right, charts.impact_vs_active, weeks, key="impact")
render.chart(st, charts.saturation, key="saturation")
st.caption(
    "Why rest between runs: OI = force x ln(cycles + 1) grows with the logarithm of steps, so "
    "doubling a run adds little (30 -> 60 min: 21.3 -> 23.0), while two bouts 8 hours or more "
    "apart each count in full (Turner & Robling 2003; Robling, Burr & Turner 2001)."
)
table = sessions.select(
    "date",
    "sport",
    pl.col("grf_bw").round(2),
    "grf_method",
    pl.col("cycles").round(0),
    "cycles_method",
    pl.col("oi").round(2),
).sort("date", descending=True)
render.table(table)
download(table, "bone-loading")
about(["grf", "osteogenic_index", "guidelines"])
