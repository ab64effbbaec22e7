"""Rest days: the calendar of impact, active and rest days; runs per week; hours between runs."""

from datetime import timedelta

import polars as pl
import streamlit as st

from dashboard import data, views
from dashboard.charts import html_bars
from dashboard.charts import rest as rest_charts
from dashboard.charts import weekly as weekly_charts
from dashboard.components import render
from dashboard.components.common import (
    about,
    activities_or_stop,
    controls,
    download,
    in_range,
    takeaway,
    whole_weeks,
    whole_weeks_note,
)
from dashboard.metrics import ramp, rest, weekly

acts = activities_or_stop("Rest days", "Runs with rest between: not running daily.")
settings, today = data.settings(), data.today()
frame = acts.frame
start, end, _unit = controls(frame, today)
start = whole_weeks(
    start, end, frame["start_local"].min().date()
)  # week rows never begin before the period
if in_range(frame, start, end).is_empty():
    st.info("No activities in this period. Pick a longer period above.")
    st.stop()


def _compute() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    days = weekly.daily_classes(frame, start, end)
    targets = views.targets(frame, settings, start, end)
    gaps = rest.hours_between_runs(frame).filter(
        pl.col("start_local").dt.date().is_between(start, end)
    )
    doubles = rest.back_to_back_run_days(frame).filter(pl.col("date").is_between(start, end))
    return days, targets, gaps, doubles


days, targets, gaps, doubles = data.derived(("rest", settings, start, end), _compute)
last = targets.row(-1, named=True)
# A range that ends before this week (older data) ends in a week that is over, not "so far".
past = today >= last["week_start"] + timedelta(days=7)
sentence = rest.rest_takeaway(
    last["runs"],
    last["back_to_back"],
    last["status"],
    last["run_days"],
    target=last["target"],
    complete=last["complete"] or past,
    fit=None if past else ramp.runs_that_fit(frame.filter(weekly.local_date() <= today), today),
)
takeaway(
    sentence.replace("this week", f"in the week of {last['week_start']:%d %b %Y}", 1)
    if past
    else sentence
)

counts = days["day_class"].value_counts()
by_class = dict(zip(counts["day_class"], counts["count"], strict=True))
cols = st.columns(4)
cols[0].metric("Impact days (runs)", by_class.get("impact", 0))
cols[1].metric("Walking days", by_class.get("weight-bearing", 0))
cols[2].metric("Other active days", by_class.get("active", 0))
cols[3].metric("Back-to-back run days", doubles.height)
render.chart(st, rest_charts.day_calendar, days, key="calendar")
left, right = st.columns(2)
short = html_bars.fits(targets["week_start"].to_list())
if short:  # a dozen bars: no chart script (issue 12)
    render.html_chart(html_bars.runs_against_target(targets), left)
else:  # longer: Plotly, with its range buttons and zoom
    render.chart(left, weekly_charts.runs_against_target, targets, key="targets")
render.chart(right, rest_charts.hours_between, gaps, key="gaps")
streaks = rest.target_streaks(targets)
best = int(streaks["weeks"].max()) if streaks.height else 0
st.caption(
    f"Longest streak in this period: {render.plain(rest.weeks_text(best))} on target in a row "
    "(counted in weeks: a run/walk plan is not meant for running daily)."
)
table = targets.select("week", "runs", "run_days", "back_to_back", "target", "status")
st.caption(whole_weeks_note(start, end))
if short:  # a dozen weeks: a plain HTML table, no data grid to draw (issue 12)
    render.short_table(table.reverse(), "Weeks in this period")
else:
    render.table(table.reverse())
download(table, "rest-days")
about(["day_class", "runs_per_week"])
