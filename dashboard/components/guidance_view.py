"""Draw the guidance: "This week, for your bones", the alerts, and the safety panel.

Text that came from a person's data (their notes, activity names, shoe names) is escaped before
it reaches st.markdown (render.plain, the one escape helper), so it shows as typed and never as
markup, links or images.
"""

from __future__ import annotations

import streamlit as st

from dashboard.components.common import takeaway
from dashboard.components.render import plain
from dashboard.guidance import safety
from dashboard.guidance.alerts import Alert
from dashboard.guidance.words import Guidance
from dashboard.metrics.plan import PlanWeek


def _plan_lines(week: PlanWeek) -> list[str]:
    lines = []
    for s in week.sessions:
        c = s.content
        walk = c.main_minutes - c.run_minutes
        parts = f" ({c.run_minutes:g} min running, {walk:g} min walking)" if walk else ""
        state = (
            f"done {s.done_on:%a %d %b}"
            if s.done_on
            else f"suggested {s.suggested:%a %d %b}"
            if s.suggested
            else "no day left this week"
        )
        mark = "✓" if s.done_on else "○"
        lines.append(f"{mark} **Session {c.session}**: {c.text}{parts} · {state}")
    return lines


def this_week(guidance: Guidance) -> None:
    """The section at the top of Overview: headline, what the week holds, what is next, why."""
    st.subheader("This week, for your bones")
    takeaway(guidance.headline)
    if guidance.plan is not None and guidance.plan.sessions:
        st.markdown(
            f"Plan week {guidance.plan.week:d}, each session after a 5-minute brisk walk:\n\n"
            + "\n".join(f"- {line}" for line in _plan_lines(guidance.plan))
        )
    holds = [s.text for s in guidance.holds if s.basis != "plan"]
    if holds:
        st.markdown("\n".join(f"- {text}" for text in holds))
    if guidance.next:
        st.markdown("**What is next**\n\n" + "\n".join(f"- {s.text}" for s in guidance.next))
    if guidance.why is not None:
        st.info(guidance.why.text, icon=":material/info:")
    st.caption(safety.NOT_ADVICE)


def alerts(found: list[Alert]) -> None:
    """Warnings first, each with its caveat; then context; "Nothing to flag" only when no
    warning stands."""
    st.subheader("Worth a look")
    warnings = [a for a in found if a.level == "warning"]
    if not warnings:
        st.success("Nothing to flag in the last four weeks.", icon=":material/check_circle:")
    for alert in found:
        body = plain(alert.text) + (f"\n\n*{plain(alert.caveat)}*" if alert.caveat else "")
        if alert.level == "warning":
            st.warning(body, icon=":material/warning:")
        else:
            st.info(body, icon=":material/insights:")


def safety_panel(notes: list[safety.PainNote], threshold: float) -> None:
    """ "Stop and see a clinician if...": the signs, why, and logged pain at the threshold."""
    with st.container(border=True):
        st.markdown(f"**{safety.TITLE}**")
        signs = [*safety.BONE_SIGNS, *safety.ENERGY_SIGNS]
        st.markdown("\n".join(f"- {sign}" for sign in signs))
        st.caption(safety.WHY)
        if notes:
            st.markdown(f"**Pain you logged at {threshold:g}/10 or more, in the last four weeks**")
            st.markdown("\n".join(f"- {plain(safety.pain_line(n))}" for n in notes))
