"""Weekly load: distance, time and sessions per sport; session load; fitness, fatigue and form."""

import polars as pl
import streamlit as st

from dashboard import data, views
from dashboard.charts import fitness, html_bars
from dashboard.charts import weekly as charts
from dashboard.components import render
from dashboard.components.common import (
    about,
    activities_or_stop,
    controls,
    download,
    in_range,
    on_request,
    takeaway,
    whole_weeks,
    whole_weeks_note,
)
from dashboard.metrics import load, load_ratios

acts = activities_or_stop("Weekly load", "How much, and how hard, week by week.")
settings, today = data.settings(), data.today()
frame = acts.frame
start, end, unit = controls(frame, today)
start = whole_weeks(
    start, end, frame["start_local"].min().date()
)  # the table, the charts and the counts start on one Monday
shown = in_range(frame, start, end)
if shown.is_empty():
    st.info("No activities in this period. Pick a longer period above.")
    st.stop()


def _compute() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    weekly = views.weekly_table(frame, settings, start, end)
    sessions = load.session_loads(frame, views.load_settings(settings))
    first_day = frame["start_local"].min().date()
    daily = load.daily_loads(sessions, first_day, end)
    pmc = load.fitness_fatigue(daily).filter(pl.col("date") >= start)
    ratios = load_ratios.acwr_daily(daily).filter(pl.col("date") >= start)
    mono = load_ratios.weekly_monotony(daily.filter(pl.col("date") >= start))
    return weekly, sessions.filter(pl.col("date").is_between(start, end)), pmc, ratios, mono


weekly, sessions, pmc, ratios, mono = data.derived(("weekly_load", settings, start, end), _compute)
latest = pmc.row(-1, named=True)
feel = "fresher than your recent average" if latest["form"] >= 0 else "carrying fatigue"
takeaway(
    f"{int(weekly['sessions'].sum())} sessions in this period; on {latest['date']:%d %b} your "
    f"form is {latest['form']:+.0f}: {feel}."
)
st.caption(load.load_scale_note(sessions))
st.caption(whole_weeks_note(start, end))

left, right = st.columns(2)
short = html_bars.fits(weekly["week_start"].to_list())
if short:  # a dozen bars: no chart script (issue 12)
    render.html_chart(html_bars.weekly_distance(weekly, unit), left)
    render.html_chart(html_bars.weekly_load(weekly), right)
else:  # longer: Plotly, with its range buttons and zoom
    render.chart(left, charts.distance_by_sport, weekly, unit, key="distance")
    render.chart(right, charts.weekly_load, weekly, key="load")
render.chart(st, charts.fitness_fatigue_form, pmc, key="pmc")
st.caption(fitness.FORM_ZONES_NOTE)  # static text (its sources)
# Two ratios of the same load, one click away rather than drawn on every visit (issue 12).
if on_request(
    "Show the load ratios: acute:chronic (contested), monotony and strain",
    key="load_ratios",
    help_text="The acute:chronic workload ratio (Gabbett 2016) and Foster's monotony and "
    "strain describe how your load changes from week to week. Off until you switch it on; "
    "kept for this visit.",
):
    left, right = st.columns(2)
    render.chart(left, charts.acwr, ratios, key="acwr")
    left.caption(
        "The acute:chronic ratio is contested (Lolli 2019, Impellizzeri 2020): shown as a "
        "description, not as an injury risk."
    )
    render.chart(right, charts.monotony_strain, mono, key="monotony")

table = views.in_unit(
    weekly.select(
        "week",
        "sessions",
        "runs",
        "run_km",
        "walks",
        "walk_km",
        "time_on_feet_min",
        "load",
        "fitness",
        "fatigue",
        "form",
    ).with_columns(pl.col("time_on_feet_min", "load", "fitness", "fatigue", "form").round(1)),
    unit,
)
if short:  # a dozen weeks: a plain HTML table, no data grid to draw (issue 12)
    render.short_table(table.reverse(), "Weeks in this period")
else:
    render.table(table.reverse())
download(table, "weekly-load")
about(["weekly_summary", "trimp", "session_rpe", "fitness_fatigue", "acwr", "monotony_strain"])
