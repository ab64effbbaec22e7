"""The clinician report's sections: name, period, profile, guidance with rungs, plan and
bone-week adherence, dated alerts, the session log with effort and pain, the safety panel."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import polars as pl

from connectors.settings import Settings
from dashboard import report, report_sections, views
from tests import personas
from tests.factories import make_frame

TODAY = date(2026, 12, 4)  # a Friday: the Couch to 5K persona's week 6 is this week


def _report(builder, extra: dict | None = None, frame_edit=None) -> str:
    person = builder(TODAY)
    frame = make_frame(person.rows)
    if frame_edit is not None:
        frame = frame_edit(frame)
    settings = replace(Settings(), **{**person.settings, **(extra or {})})
    start, end = TODAY - timedelta(weeks=8), TODAY
    top, bottom = report_sections.build(frame, settings, start, end, TODAY, "km")
    weekly = views.weekly_table(frame, settings, start, end)
    table = report.weekly_report_table(weekly, views.targets(frame, settings, start, end), "km")
    shoes = views.shoe_table(frame.head(0), pl.DataFrame(), settings, end)
    full = report_sections.full_weeks(frame, settings, start, end, TODAY)
    info = report.ReportInfo(start, end, TODAY, name=settings.display_name, full_weeks=full)
    return report.render(table, shoes, info, [], top, bottom)


def test_the_couch_to_5k_report_names_the_person_and_shows_adherence() -> None:
    html = _report(personas.couch_to_5k_week6, {"display_name": "Ann <Lee>"})
    assert '<p class="who">Ann &lt;Lee&gt;</p>' in html and "<Lee>" not in html
    assert "<h2>Profile and restrictions</h2><p>Starting out: walking first" in html
    assert "Week 6 of the walk-to-run plan: 3 of 3 sessions done. Well done." in html
    assert "<b>Walk-to-run plan: NHS Couch to 5K, 3 sessions a week</b> · evidence: " in html
    # weeks 1-5 are whole plan weeks in the period (week 6 is this week): 15 of 15
    assert "Walk-to-run plan: 15 of 15 sessions done in the plan weeks of this period that" in html
    assert "weeks repeated: 0" in html
    assert "<th>Run days / target</th>" in html and '<th class="text">Full bone week</th>' in html
    assert "<h2>Session log, with effort and pain</h2>" in html
    assert "<h2>Stop and see a clinician if...</h2>" in html
    assert "pain at rest or at night" in html
    assert "not medical advice" in html
    assert re.search(r"<script|<link|@import|url\(|src=|https?://", html) is None


def test_limited_impact_says_so_and_asks_for_no_run() -> None:
    html = _report(personas.limited_impact)
    assert "A clinician limits impact: the guidance is walking, strength and balance" in html
    # weeks 1-4 before the persona started are not judged (metrics.bone_week leaves out the
    # weeks before the first activity); then strength 2/2 but balance 2/3: none full
    assert '<div class="fact">Full bone weeks<b>0 of 4</b></div>' in html
    assert "Balance days are asked for" in html
    (section,) = re.findall(r"<h2>This week, for your bones.*?</ul>", html)
    assert not re.search(r"more runs?|Keep .*run under|Suggested days", section)


def test_dated_alerts_with_caveats_and_pain_notes_escaped() -> None:
    def hurt(frame: pl.DataFrame) -> pl.DataFrame:
        last = frame["start_local"].max()
        return frame.with_columns(
            pain=pl.when(pl.col("start_local") == last).then(6.0).otherwise(None),
            rpe=pl.when(pl.col("start_local") == last).then(8.0).otherwise(None),
            note=pl.when(pl.col("start_local") == last)
            .then(pl.lit('shin <img src="x"> sore'))
            .otherwise(None),
        )

    html = _report(personas.spike_20, frame_edit=hurt)
    (alerts,) = re.findall(r"<h2>Alerts in this period</h2><ul>.*?</ul>", html)
    assert "<li>Thu 03 Dec: a run 20% longer (by distance)" in alerts
    assert "<i>The study behind this followed established runners" in alerts
    assert "Pain logged at 4/10 or more in this period" in html
    assert "Thu 03 Dec: pain 6/10 (Morning Run): shin &lt;img src=&quot;x&quot;&gt; sore" in html
    assert '<img src="x">' not in html
    log = re.findall(r"<h2>Session log, with effort and pain</h2>(.*?)</table>", html)[0]
    assert '<th>Effort</th><th>Pain</th><th class="wrap">Note</th>' in log
    assert '<td class="wrap">shin &lt;img src=&quot;x&quot;&gt; sore</td>' in log


def test_the_session_log_reads_stores_without_the_new_columns() -> None:
    frame = make_frame(personas.walker_week2(TODAY).rows).drop("pain", "note", strict=False)
    log = report_sections.session_log(frame, TODAY - timedelta(days=30), TODAY, "mi")
    assert log.columns == [
        "Date", "Activity", "Duration (h:mm:ss)", "Distance (mi)", "Pace (min/mi)", "Effort",
        "Pain", "Note",
    ]  # fmt: skip
    assert log["Pain"].null_count() == log.height
