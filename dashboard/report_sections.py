"""The report's sections for a clinician: profile and restrictions, this week's guidance with
its evidence rungs, plan and bone-week adherence, dated alerts, the session log with effort and
pain notes, and "Stop and see a clinician if...". Pure: frames and dataclasses in, HTML out.

Every value that came from data (activity names, notes, shoe names) goes through html.escape;
nothing is fetched from anywhere. Wording follows dashboard.guidance (the Overview's words).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape
from typing import Any

import polars as pl

from dashboard.activity_list import FOOT_SPORTS, pace
from dashboard.guidance import alerts, compose, facts, safety
from dashboard.guidance.alerts import Alert
from dashboard.guidance.words import Guidance
from dashboard.labels import clock, heading
from dashboard.metrics import bone_week, plan
from dashboard.metrics.weekly import local_date, minutes, monday

KM_PER_MILE = 1.609344
MAX_LOG_ROWS = 120
PROFILES = {
    "starting": "Starting out: walking first, then the walk-to-run plan (walk, trot, jog, run).",
    "runner": "A runner building bone: 2-3 runs a week or more, rest between runs, strength.",
    "limited_impact": "A clinician limits impact: the guidance is walking, strength and balance, "
    "and it never asks for runs or jumps.",
}


@dataclass(frozen=True)
class Adherence:
    """Plan and bone-week adherence over the report's period.

    plan_*: sessions done and planned in the plan weeks of the period that are over, and repeats
    (metrics.plan.plan_history); None without a plan start. bone_weeks: metrics.bone_week rows
    of the period; months: (full bone weeks, weeks counted) over the last 26 complete weeks.
    """

    plan_done: int | None
    plan_planned: int | None
    plan_repeats: int | None
    bone_weeks: pl.DataFrame
    months: tuple[int, int]


def _ul(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def profile_html(profile: str, balance_on: bool) -> str:
    lines = [escape(PROFILES.get(profile, PROFILES["starting"]))]
    if balance_on:
        lines.append("Balance days are asked for (from age 65, or set on: WHO 2020).")
    return "<h2>Profile and restrictions</h2>" + "".join(f"<p>{line}</p>" for line in lines)


def guidance_html(guidance: Guidance, made_on: date) -> str:
    """This week's guidance as the person reads it, and the evidence rung behind each kind."""
    said = [escape(s) for s in guidance.sentences()]
    bases = [
        f"<b>{escape(b.title)}</b> · evidence: <i>{escape(b.rung)}</i> · "
        f"{escape('; '.join(b.sources))}"
        for b in guidance.bases()
    ]
    return (
        f"<h2>This week, for your bones (as of {made_on:%d %b %Y})</h2>"
        + _ul(said)
        + "<p><b>What it rests on</b></p>"
        + _ul(bases)
    )


def adherence_html(adh: Adherence) -> str:
    parts = ["<h2>Plan and bone-week adherence</h2>"]
    if adh.plan_planned:
        share = 100 * (adh.plan_done or 0) / adh.plan_planned
        parts.append(
            f"<p>Walk-to-run plan: {adh.plan_done} of {adh.plan_planned} sessions done in the "
            f"plan weeks of this period that are over ({share:.0f}%); weeks repeated: "
            f"{adh.plan_repeats} (repeating a week is part of the plan).</p>"
        )
    full, counted = adh.months
    if counted:
        parts.append(
            f"<p>Full bone weeks (every target met): {full} of the last {counted} complete "
            "weeks. Bone changes show over 6-12 months, so this share matters more than any "
            "one week.</p>"
        )
    weeks = adh.bone_weeks
    if weeks.height:
        shown = weeks.sort("week_start").select(
            pl.col("week").alias("Week"),
            pl.format("{} / {}", "run_days", "runs_target").alias("Run days / target"),
            pl.col("impact_days").alias("Other impact days"),
            pl.format("{} / {}", "strength_days", "strength_target").alias("Strength / target"),
            pl.format("{} / {}", "balance_days", "balance_target").alias("Balance / target"),
            pl.col("rest_days").alias("Rest days"),
            pl.when(~pl.col("complete"))
            .then(pl.lit("still running"))
            .when(pl.col("full_bone_week"))
            .then(pl.lit("yes"))
            .otherwise(pl.lit("no"))
            .alias("Full bone week"),
        )
        parts.append(table_html(shown, ("Week", "Full bone week")))
    return "".join(parts)


def alerts_html(found: list[Alert]) -> str:
    items = []
    for a in found:
        when = f"{a.day:%d %b %Y}: " if a.day and not a.text.startswith(f"{a.day:%a}") else ""
        kind = "Context only: " if a.level == "context" else ""
        caveat = f" <i>{escape(a.caveat)}</i>" if a.caveat else ""
        items.append(f"{kind}{escape(when + a.text)}{caveat}")
    body = _ul(items) if items else "<p>Nothing flagged in this period.</p>"
    return "<h2>Alerts in this period</h2>" + body


def session_log(activities: pl.DataFrame, start: date, end: date, unit: str) -> pl.DataFrame:
    """One row per session in [start, end], newest first: Date, Activity, Duration (h:mm:ss),
    distance in `unit`, pace (m:ss per km or mile, walks, hikes and runs), Effort (RPE 0-10),
    Pain (0-10), Note. Columns missing from older stores are blank."""
    scale = KM_PER_MILE if unit == "mi" else 1.0
    blank_num, blank_text = pl.lit(None, pl.Float64), pl.lit(None, pl.String)
    cols = activities.columns
    moving = pl.coalesce("moving_s", "elapsed_s")
    return (
        activities.filter(local_date().is_between(start, end))
        .sort("start_local", "activity_id", descending=True)
        .select(
            local_date().alias("Date"),
            pl.coalesce(pl.col("name"), pl.col("sport_type")).alias("Activity"),
            clock(minutes()).alias(heading("duration_min")),
            (pl.col("distance_m") / 1000.0 / scale).round(1).alias(heading(f"distance_{unit}")),
            pl.when(pl.col("sport").is_in(FOOT_SPORTS))
            .then(pace(moving, pl.col("distance_m"), unit if unit == "mi" else "km"))
            .otherwise(None)
            .alias(f"Pace (min/{unit})"),  # as on the Activities page
            (pl.col("rpe") if "rpe" in cols else blank_num).alias("Effort"),
            (pl.col("pain") if "pain" in cols else blank_num).alias("Pain"),
            (pl.col("note") if "note" in cols else blank_text).alias("Note"),
        )
    )


def session_log_html(log: pl.DataFrame) -> str:
    head = "<h2>Session log, with effort and pain</h2>"
    if log.is_empty():
        return head + "<p>No sessions in this period.</p>"
    note = ""
    if log.height > MAX_LOG_ROWS:
        note = f"<p>The latest {MAX_LOG_ROWS} of {log.height} sessions.</p>"
    return head + note + table_html(log.head(MAX_LOG_ROWS), ("Date",), ("Activity", "Note"))


def safety_html(notes: list[safety.PainNote], threshold: float) -> str:
    signs = [escape(s) for s in (*safety.BONE_SIGNS, *safety.ENERGY_SIGNS)]
    pain = (
        f"<p><b>Pain logged at {threshold:g}/10 or more in this period</b></p>"
        + _ul([escape(safety.pain_line(n)) for n in notes])
        if notes
        else f"<p>No pain at {threshold:g}/10 or more was logged in this period.</p>"
    )
    return (
        f"<h2>{escape(safety.TITLE)}</h2>"
        + _ul(signs)
        + f'<p class="meta">{escape(safety.WHY)}</p>'
        + pain
    )


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date | datetime):  # a day, never a clock time ("00:00:00")
        return f"{value:%d %b %Y}"
    return escape(str(value))


def table_html(
    frame: pl.DataFrame, text_columns: tuple[str, ...] = (), wrap: tuple[str, ...] = ()
) -> str:
    """A table; `text_columns` left-aligned on one line, `wrap` left-aligned and wrapping."""
    kind = {**dict.fromkeys(text_columns, ' class="text"'), **dict.fromkeys(wrap, ' class="wrap"')}
    head = "".join(f"<th{kind.get(c, '')}>{escape(c)}</th>" for c in frame.columns)
    rows = []
    for row in frame.iter_rows():
        cells = "".join(
            f"<td{kind.get(c, '')}>{_cell(v)}</td>" for c, v in zip(frame.columns, row, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def adherence(
    activities: pl.DataFrame, settings: Any, start: date, end: date, today: date
) -> Adherence:
    """Plan adherence over the plan weeks starting in [start, end] that are over by `today`
    (done or repeated), and the bone weeks of the period."""
    history = plan.plan_history(activities, settings, today).filter(
        pl.col("week_start").is_between(monday(start), end) & (pl.col("outcome") != "this week")
    )
    weeks = bone_week.bone_week(activities, settings, today, start, end)
    months = bone_week.bone_week(activities, settings, today, end - timedelta(weeks=27), end)
    return Adherence(
        plan_done=int(history["done"].sum()) if history.height else None,
        plan_planned=int(history["planned"].sum()) if history.height else None,
        plan_repeats=int((history["outcome"] == "repeat").sum()) if history.height else None,
        bone_weeks=weeks,
        months=bone_week.last_months_share(months),
    )


def full_weeks(
    activities: pl.DataFrame, settings: Any, start: date, end: date, today: date
) -> tuple[int, int]:
    """(full bone weeks, complete weeks) among the weeks of [start, end] (metrics.bone_week)."""
    weeks = bone_week.bone_week(activities, settings, today, start, end).filter(pl.col("complete"))
    return int(weeks["full_bone_week"].sum()), weeks.height


def build(
    activities: pl.DataFrame,
    settings: Any,
    start: date,
    end: date,
    today: date,
    unit: str,
    assignments: pl.DataFrame | None = None,
    shoe_records: tuple[pl.DataFrame, pl.DataFrame] | None = None,
) -> tuple[str, str]:
    """The report's new sections as (top, bottom) HTML for report.render."""
    gs = facts.GuidanceSettings.from_settings(settings, today)
    days = (end - start).days + 1
    found = alerts.alerts(
        activities, settings, end, assignments, gs.profile, days, shoe_records=shoe_records
    )
    notes = safety.pain_notes(activities, gs.pain_alert_at, start, end)
    top = "".join(
        [
            profile_html(gs.profile, gs.balance_on),
            guidance_html(compose.compose(activities, settings, today), today),
            adherence_html(adherence(activities, settings, start, end, today)),
            alerts_html(found),
            safety_html(notes, gs.pain_alert_at),
        ]
    )
    return top, session_log_html(session_log(activities, start, end, unit))
