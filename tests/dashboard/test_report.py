"""The report for the doctor: its weekly table, its trend word, and a self-contained HTML page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest

from connectors.settings import Settings
from dashboard import report, report_sections, views
from dashboard.metrics.evidence import evidence_for
from tests.factories import make_activity, make_frame

MONDAY = datetime(2025, 3, 3, 7, 0, tzinfo=UTC)  # a Monday


def _runs() -> list[dict]:
    """Week 1: Mon, Wed, Fri runs of 5 km; week 2: one 8 km run; a 3 km walk in week 2."""
    rows = [
        make_activity(source_id=str(i), start_utc=MONDAY + timedelta(days=d), gear="<b>Ghost</b>")
        for i, d in enumerate((0, 2, 4))
    ]
    rows.append(
        make_activity(source_id="9", start_utc=MONDAY + timedelta(days=8), distance_m=8000.0,
                      elapsed_s=2700.0, gear="<b>Ghost</b>")
    )  # fmt: skip
    rows.append(
        make_activity(source_id="w", sport="walk", sport_type="Walk", distance_m=3000.0,
                      start_utc=MONDAY + timedelta(days=9), gear=None)
    )  # fmt: skip
    return rows


@pytest.fixture
def parts() -> tuple:
    frame = make_frame(_runs())
    start, end = date(2025, 3, 3), date(2025, 3, 16)
    settings = Settings()
    weekly = views.weekly_table(frame, settings, start, end)
    targets = views.targets(frame, settings, start, end)
    shoes = views.shoe_table(frame, views_assignments(), settings, end)
    return frame, weekly, targets, shoes, start, end


def views_assignments() -> pl.DataFrame:
    return pl.DataFrame(
        schema={"assignment_id": pl.Int64, "gear": pl.String, "start_date": pl.Date,
                "end_date": pl.Date}
    )  # fmt: skip


def test_weekly_table_has_one_row_per_week_in_the_unit(parts: tuple) -> None:
    _, weekly, targets, _, _, _ = parts
    km = report.weekly_report_table(weekly, targets, "km")
    # the pages' names and units (dashboard.labels), the longest run as h:mm:ss
    assert km.columns == [
        "Week", "Week starting", "Runs", "Target", "On target", "Rest days", "Running (km)",
        "Walking (km)", "Longest run (h:mm:ss)", "Stage", "Impact days", "Bone loading score",
    ]  # fmt: skip
    assert km["Week starting"].to_list() == [date(2025, 3, 3), date(2025, 3, 10)]
    assert km["Longest run (h:mm:ss)"].to_list() == ["0:29:10", "0:29:10"]  # moving time
    assert km["Runs"].to_list() == [3, 1]
    assert km["Rest days"].to_list() == [4, 5]
    assert km["Running (km)"].to_list() == [15.0, 8.0]
    assert km["Walking (km)"].to_list() == [0.0, 3.0]
    assert km["Impact days"].to_list() == [3, 1]
    mi = report.weekly_report_table(weekly, targets, "mi")
    assert mi["Running (mi)"].to_list() == [9.3, 5.0]


@pytest.mark.parametrize(
    ("values", "word"),
    [
        ([1.0, 1.0, 2.0, 2.0], "rising"),
        ([2.0, 2.0, 1.0, 1.0], "falling"),
        ([10.0, 10.0, 10.5, 10.5], "steady"),
        ([0.0, 0.0, 1.0], "rising"),
        ([3.0], "too few weeks to tell"),
    ],
)
def test_trend_word(values: list[float], word: str) -> None:
    assert report.trend_word(values) == word


def test_html_is_self_contained_escaped_and_has_every_section(parts: tuple) -> None:
    _, weekly, targets, shoes, start, end = parts
    table = report.weekly_report_table(weekly, targets, "km")
    guidance = [evidence_for(k) for k in report.GUIDANCE_KEYS]
    info = report.ReportInfo(start, end, date(2025, 3, 17), "km", "Shared by ann", False, 2)
    html = report.render(table, shoes, info, guidance)
    assert html.startswith("<!DOCTYPE html>") and html.endswith("</html>")
    for heading in ("Runs per week and bone loading", "Week by week", "Shoes",
                    "Guidance and its sources"):  # fmt: skip
        assert f"<h2>{heading}</h2>" in html
    assert "03 Mar 2025 – 16 Mar 2025" in html and "Shared by ann" in html
    assert "2 activities that came only through the Strava API are left out" in html
    assert "&lt;b&gt;Ghost&lt;/b&gt;" in html and "<b>Ghost</b>" not in html
    assert "Turner &amp; Robling 2003, Exerc Sport Sci Rev 31:45" in html
    assert "it is not medical advice" in html
    assert "@page" in html and "<svg" in html
    # nothing fetched from anywhere: no scripts, links, imports, images or web fonts
    assert re.search(r"<script|<link|@import|url\(|src=|https?://", html) is None
    # the facts row: 2 weeks, 2.0 runs a week, stage walking/running, rising? (3 runs then 1)
    assert '<div class="fact">Weeks<b>2</b></div>' in html
    assert '<div class="fact">Runs per week<b>2.0</b></div>' in html
    assert '<div class="fact">Bone loading<b>falling</b></div>' in html
    # human headers, h:mm:ss, and days without a clock time ("2025-03-14 00:00:00")
    assert "<th>Longest run (h:mm:ss)</th>" in html and "<td>0:29:10</td>" in html
    assert "<th>Distance (km)</th>" in html and "<th>Last used</th>" in html
    assert "run_km" not in html and "bone_oi" not in html and "00:00:00" not in html


def test_weeks_without_activity_and_without_shoes() -> None:
    frame = make_frame(_runs())
    settings = Settings()
    start, end = date(2024, 1, 1), date(2024, 1, 14)
    table = report.weekly_report_table(
        views.weekly_table(frame, settings, start, end),
        views.targets(frame, settings, start, end),
        "km",
    )
    assert (
        table["Runs"].to_list() == [0, 0] and table["On target"].to_list() == ["walking phase"] * 2
    )
    no_shoes = views.shoe_table(frame.head(0), views_assignments(), settings, end)
    html = report.render(table, no_shoes, report.ReportInfo(start, end, end), [])
    assert '<div class="fact">Stage<b>no walks or runs</b></div>' in html
    assert '<div class="fact">Weeks on target<b>0 of 2</b></div>' in html
    assert "<p>No shoes.</p>" in html


def test_session_log_reads_as_on_the_pages() -> None:
    """Duration h:mm:ss, pace m:ss per km or mile for foot sports, dates without a clock."""
    frame = make_frame(_runs())
    log = report_sections.session_log(frame, date(2025, 3, 3), date(2025, 3, 16), "km")
    first = log.row(-1, named=True)  # the Monday 5 km run, 29:10 moving
    assert (first["Duration (h:mm:ss)"], first["Pace (min/km)"]) == ("0:29:10", "5:50")
    miles = report_sections.session_log(frame, date(2025, 3, 3), date(2025, 3, 16), "mi")
    assert miles.row(-1, named=True)["Pace (min/mi)"] == "9:23"
    html = report_sections.session_log_html(log)
    assert '<td class="text">03 Mar 2025</td>' in html and "<td>5:50</td>" in html
    assert "00:00:00" not in html and "2025-03-03" not in html
