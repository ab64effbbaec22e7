"""Overview: this week, for your bones; what is worth a look; when to see a clinician."""

from datetime import timedelta

import streamlit as st

from dashboard import data, views
from dashboard.charts import html_bars
from dashboard.components import guidance_view, render
from dashboard.components.common import about, activities_or_stop, download
from dashboard.guidance import alerts, compose, facts, safety

acts = activities_or_stop("Overview", "This week, for your bones: what it holds and what is next.")
settings, today = data.settings(), data.today()
frame = acts.frame
assignments = data.shoe_assignments()
gs = facts.GuidanceSettings.from_settings(settings, today)

guidance = data.derived(
    ("guidance", settings, today), lambda: compose.compose(frame, settings, today)
)
guidance_view.this_week(guidance)

week = data.derived(("week_facts", today), lambda: facts.week_facts(frame, today))
if guidance.mode in ("walking", "limited"):  # no run count for people not asked to run
    shown = [("Walk days", len(week.days_with("walks")))]
else:
    shown = [("Run days", len(week.days_with("runs")))]
if guidance.mode != "limited":
    shown.append(("Other impact days", len(week.days_with("impact"))))
shown.append(("Strength days", len(week.days_with("strength"))))
if gs.balance_on:
    shown.append(("Balance days", len(week.days_with("balance"))))
shown.append(("Rest days so far", sum(d.empty for d in week.days if d.day <= today)))
for column, (label, value) in zip(st.columns(len(shown)), shown, strict=True):
    column.metric(label, value)

found = data.derived(
    ("alerts", settings, today),  # the memo is dropped on every write (data.generation)
    lambda: alerts.alerts(
        frame, settings, today, assignments, gs.profile, shoe_records=data.shoe_records()
    ),
)
guidance_view.alerts(found)
notes = safety.pain_notes(frame, gs.pain_alert_at, today - timedelta(days=27), today)
guidance_view.safety_panel(notes, gs.pain_alert_at)

last_day = frame["start_local"].max().date()
end = today if last_day >= today - timedelta(weeks=12) else last_day
first_day = frame["start_local"].min().date()
start = max(end - timedelta(weeks=12) - timedelta(days=end.weekday()), first_day)
weekly = data.derived(
    ("weekly", settings, start, end), lambda: views.weekly_table(frame, settings, start, end)
)
if end != today:
    st.info(
        f"Your latest activity is from {last_day:%d %b %Y}: the weeks below end there. Import a "
        "newer export to see this week.",
        icon=":material/history:",
    )
mondays = [day - timedelta(days=day.weekday()) for day in (start, end)]
before = (mondays[1] - mondays[0]).days // 7  # weeks shown before the last one
heading = "This week" if end == today else "The week of your latest activity"
st.subheader(render.plain(f"{heading} and the {before} before it" if before else heading))
unit = settings.distance_unit
render.html_chart(html_bars.weekly_distance(weekly, unit))
table = views.in_unit(
    weekly.select(
        "week", "runs", "run_km", "walks", "walk_km", "active_days", "rest_days", "stage", "spikes"
    ),
    unit,
)
render.short_table(table.reverse(), "The last weeks, one row per week")
download(table, "overview-weeks")
about(["guidelines", "runs_per_week", "day_class", "run_spike", "shoes"])
