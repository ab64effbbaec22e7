"""Settings: units, time zone, targets, heart rates, shoe limits and the plan start."""

from datetime import date

import streamlit as st

from connectors import settings as settings_mod
from connectors.errors import BoneloadError
from dashboard import data
from dashboard.components.common import page_header

page_header("Settings", "Saved in your store and used by every page and by `boneload import`.")
current = data.settings()
help_text = settings_mod.HELP
zones = settings_mod.timezone_choices()

with st.form("settings"):
    left, right = st.columns(2)
    unit = left.radio(
        "Distance unit",
        ["km", "mi"],
        horizontal=True,
        index=0 if current.distance_unit == "km" else 1,
        help=help_text["distance_unit"],
    )
    timezone = right.selectbox(
        "Time zone",
        zones,
        index=zones.index(current.timezone) if current.timezone in zones else zones.index("UTC"),
        help=help_text["timezone"],
    )
    start_runs = left.number_input(
        "Runs a week to start with",
        1,
        7,
        current.runs_per_week_start,
        help=help_text["runs_per_week_start"],
    )
    target_runs = right.number_input(
        "Runs a week to build up to",
        1,
        7,
        current.runs_per_week_target,
        help=help_text["runs_per_week_target"],
    )
    increase = left.number_input(
        "Flag a weekly distance increase above (%)",
        5.0,
        200.0,
        float(current.weekly_increase_flag_pct),
        step=5.0,
        help=help_text["weekly_increase_flag_pct"],
    )
    warn = left.number_input(
        "Shoe check at (miles)",
        50.0,
        2000.0,
        float(current.shoe_warn_miles),
        step=25.0,
        help=help_text["shoe_warn_miles"],
    )
    replace = right.number_input(
        "Shoe replace at (miles)",
        50.0,
        2000.0,
        float(current.shoe_replace_miles),
        step=25.0,
        help=help_text["shoe_replace_miles"],
    )
    st.caption(f"= {warn * 1.609344:.0f} km and {replace * 1.609344:.0f} km.")
    resting = left.number_input(
        "Resting heart rate (bpm)", 25, 120, current.resting_hr, help=help_text["resting_hr"]
    )
    maximum = right.number_input(
        "Maximum heart rate (bpm)", 100, 230, current.max_hr, help=help_text["max_hr"]
    )
    sex = left.radio(
        "TRIMP weighting",
        ["female", "male"],
        horizontal=True,
        index=0 if current.sex == "female" else 1,
        help=help_text["sex"],
    )
    has_plan = right.checkbox(
        "I started the 9-week walk-to-run plan", value=current.plan_start is not None
    )
    plan_start = right.date_input(
        "Plan start",
        value=date.fromisoformat(current.plan_start) if current.plan_start else data.today(),
        help=help_text["plan_start"],
    )
    saved = st.form_submit_button("Save settings", type="primary")

if saved:
    values = {
        "distance_unit": unit,
        "timezone": timezone,
        "runs_per_week_start": int(start_runs),
        "runs_per_week_target": int(target_runs),
        "weekly_increase_flag_pct": float(increase),
        "shoe_warn_miles": float(warn),
        "shoe_replace_miles": float(replace),
        "resting_hr": int(resting),
        "max_hr": int(maximum),
        "sex": sex,
        "plan_start": plan_start.isoformat() if has_plan else None,
    }
    try:
        data.save_settings(values)
    except BoneloadError as exc:
        st.error(f"Not saved: {exc}")
    else:
        st.success("Saved.")

st.caption(
    "A time zone change affects files imported afterwards; activities already stored keep the "
    "local time they were imported with."
)
