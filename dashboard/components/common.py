"""Small widgets every page uses. Each owns its session_state key."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import polars as pl
import streamlit as st

from connectors.demo import DEMO_LABEL
from connectors.errors import BoneloadError
from dashboard import data, labels
from dashboard.charts.live_theme import LIVE_THEME_CSS
from dashboard.components.access import access_bar, can_import, hidden_note
from dashboard.components.render import page_style, plain
from dashboard.export import safe_csv
from dashboard.metrics.evidence import evidence_for

RANGES: dict[str, int | None] = {
    "Last 12 weeks": 84,
    "Last 6 months": 183,
    "Last year": 365,
    "Everything": None,
}
DISCLAIMER = (
    "boneload describes your training; it is not medical advice. Talk to your doctor before "
    "starting to run, especially with osteoporosis or a past fracture."
)


def page_header(title: str, intro: str | None = None) -> None:
    page_style()
    st.html(f"<style>{LIVE_THEME_CSS}</style>")  # charts follow a theme switch (live_theme)
    st.title(title)
    if intro:
        st.caption(intro)
    access_bar()


def demo_banner(is_demo: bool) -> None:
    if is_demo:
        st.info(f"**{DEMO_LABEL}**", icon=":material/science:")


def takeaway(text: str) -> None:
    """The one plain-language sentence at the top of a page."""
    st.markdown(f"#### {plain(text)}")


def _remembered(key: str, setting: str) -> None:
    """on_change: keep the widget's choice for this visit and as the owner's setting."""
    value = st.session_state.get(key)
    if setting == "period" and value not in RANGES:
        return  # a custom range is for this visit only
    if value:
        st.session_state[f"_chosen_{setting}"] = value
        data.remember({setting: value})


def unit_choice() -> str:
    """km or mi, as last chosen on any page (remembered: data.remember), else the setting."""
    default = st.session_state.get("_chosen_distance_unit", data.settings().distance_unit)
    options = ["km", "mi"]
    return (
        st.segmented_control(
            "Units",
            options,
            default=default,
            key="unit",
            label_visibility="collapsed",
            on_change=_remembered,
            args=("unit", "distance_unit"),
        )
        or default
    )


def date_range(
    activities: pl.DataFrame,
    today: date,
    default: str = "Last 12 weeks",
    label_visibility: Literal["visible", "collapsed"] = "collapsed",
) -> tuple[date, date]:
    """A preset or custom range; presets end at the latest activity when data is older. The
    preset opens as last chosen on any page (remembered), else the page's `default`. Its
    "Period" label shows where labelled pickers stand beside it (`label_visibility`)."""
    last = activities["start_local"].max() if activities.height else None
    end_default = min(today, last.date()) if last is not None else today
    first = activities["start_local"].min().date() if activities.height else today
    options = [*RANGES, "Custom"]
    stored = st.session_state.get("_chosen_period", data.settings().period)
    preset = stored if stored in RANGES else default
    choice = st.selectbox(
        "Period",
        options,
        index=options.index(preset),
        key="period",
        label_visibility=label_visibility,
        on_change=_remembered,
        args=("period", "period"),
    )
    if choice == "Custom":
        picked = st.date_input(
            "From - to",
            value=(max(first, end_default - timedelta(days=83)), end_default),
            key="custom_range",
        )
        if isinstance(picked, tuple) and len(picked) == 2:
            return picked[0], picked[1]
        return first, end_default
    days = RANGES[choice]
    start = first if days is None else max(first, end_default - timedelta(days=days - 1))
    return start, end_default


def controls(
    activities: pl.DataFrame, today: date, default: str = "Last 12 weeks"
) -> tuple[date, date, str]:
    """The period and unit pickers in one row."""
    left, right = st.columns([3, 1])
    with left:
        start, end = date_range(activities, today, default)
    with right:
        unit = unit_choice()
    return start, end, unit


def on_request(label: str, key: str, help_text: str) -> bool:
    """An explicit switch, off until the person turns it on, for charts a page keeps one click
    away instead of drawing on every visit (issue 12: each Plotly chart costs the browser a
    draw, twice, on every page switch). The choice lasts for this visit, across pages and
    back: Streamlit forgets a widget's state when its page is left, so it is kept under its
    own session key too. Never stored as a setting."""
    kept = f"_on_request_{key}"
    shown = st.toggle(label, value=bool(st.session_state.get(kept, False)), key=key, help=help_text)
    st.session_state[kept] = shown
    return shown


def whole_weeks(start: date, end: date, first: date | None = None) -> date:
    """The period's start moved forward to a Monday, so week rows never begin before it and
    every count starts on one day. A period that starts at the first activity (`first`) or is
    shorter than its first week keeps the Monday before instead: nothing is dropped, and there
    is nothing before it. Pages that count by week use it and say so (whole_weeks_note)."""
    before = start - timedelta(days=start.weekday())
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    if monday > end or (first is not None and start <= first):
        return before
    return monday


def whole_weeks_note(start: date, end: date) -> str:
    return f"Whole weeks, Monday to Sunday: {start:%a %d %b %Y} to {end:%a %d %b %Y}."


def about(keys: list[str]) -> None:
    """'About these metrics': formula, evidence rung and sources, from metrics.evidence."""
    with st.expander("About these metrics: formulas, how sure the science is, sources"):
        for key in keys:
            entry = evidence_for(key)
            sources = "; ".join(entry.sources)
            note = f" {entry.note}" if entry.note else ""
            st.markdown(
                f"**{entry.title}** · evidence: *{entry.rung}*.{note}\n\n"
                f"Formula: {plain(entry.formula)}\n\nSources: {sources}"
            )
        st.caption(DISCLAIMER)


def download(frame: pl.DataFrame, name: str) -> None:
    """A CSV download of exactly the table the page shows (formula-safe)."""
    st.download_button(
        "Download this table (CSV)",
        safe_csv(labels.human(frame)),
        file_name=f"boneload-{name}.csv",
        mime="text/csv",
        key=f"download_{name}",
    )


def empty_state(message: str) -> None:
    st.info(message, icon=":material/folder_open:")
    if not can_import():
        st.caption("The owner has not imported anything that can be shared here yet.")
        return
    st.page_link(
        "dashboard/pages/import_data.py", label="Import your data", icon=":material/upload_file:"
    )


def activities_or_stop(title: str, intro: str) -> data.Activities:
    """Header, demo banner and the page's activities; stops the page with a clear message
    when the store cannot be read."""
    page_header(title, intro)
    try:
        acts = data.activities()
    except BoneloadError as exc:
        st.error(f"The store could not be read: {plain(exc)}")
        st.stop()
    demo_banner(acts.is_demo)
    hidden_note(acts.hidden_api)
    if acts.frame.is_empty():
        empty_state(
            "Nothing to show yet. Import your Strava export, a Garmin Connect Activities.csv or "
            "your watch's files, and this page fills with your own weeks."
        )
        st.stop()
    return acts


def in_range(frame: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    return frame.filter(pl.col("start_local").dt.date().is_between(start, end))
