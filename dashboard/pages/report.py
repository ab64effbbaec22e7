"""Report: the chosen weeks on paper for a doctor, physiotherapist or coach (HTML and CSV)."""

import polars as pl
import streamlit as st

from dashboard import auth, data, report, report_sections, views
from dashboard.components.common import (
    activities_or_stop,
    controls,
    in_range,
    takeaway,
    whole_weeks,
)
from dashboard.export import safe_csv
from dashboard.metrics.evidence import evidence_for

acts = activities_or_stop(
    "Report", "A printable summary of the weeks you choose, with the guidance and its sources."
)
settings, today = data.settings(), data.today()
frame = acts.frame
start, end, unit = controls(frame, today)
start = whole_weeks(start, end, frame["start_local"].min().date())  # as Weekly load counts
if in_range(frame, start, end).is_empty():
    st.info("No activities in this period. Pick a longer period above.")
    st.stop()


def _build() -> tuple[str, str, int]:
    weekly = views.weekly_table(frame, settings, start, end)
    targets = views.targets(frame, settings, start, end)
    table = report.weekly_report_table(weekly, targets, unit)
    assignments = data.shoe_assignments()
    records, defaults = data.shoe_records()
    shoes = views.shoe_table(frame, assignments, settings, today, records, defaults).filter(
        pl.col("status") != "retired"  # retired shoes stay on the Shoes page, not the report
    )
    top, bottom = report_sections.build(
        frame, settings, start, end, today, unit, assignments, (records, defaults)
    )
    who = data.access()
    info = report.ReportInfo(
        start=start,
        end=end,
        made_on=today,
        unit=unit,
        about=f"Shared by {auth.owner_label(who.owner)}" if who.role == "viewer" else "",
        is_demo=acts.is_demo,
        hidden_api=acts.hidden_api,
        name=settings.display_name,
        full_weeks=report_sections.full_weeks(frame, settings, start, end, today),
    )
    guidance = [evidence_for(key) for key in report.GUIDANCE_KEYS]
    return report.render(table, shoes, info, guidance, top, bottom), safe_csv(table), table.height


html, csv, weeks = data.derived(("report", settings, start, end, unit, today), _build)
takeaway(f"{weeks} weeks, from {start:%d %b %Y} to {end:%d %b %Y}, ready to print.")
left, right = st.columns(2)
left.download_button(
    "Download the report (HTML, print-ready)",
    html,
    file_name=f"boneload-report-{start}-{end}.html",
    mime="text/html",
    key="download_report_html",
    icon=":material/print:",
    type="primary",
)
right.download_button(
    "Download the weekly table (CSV)",
    csv,
    file_name=f"boneload-report-{start}-{end}.csv",
    mime="text/csv",
    key="download_report_csv",
)
st.caption(
    "Open the HTML file in any browser and print it, or choose 'Save as PDF' in the print "
    "dialog. It needs no internet connection."
)
st.iframe(html, height=900)
