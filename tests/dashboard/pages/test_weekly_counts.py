"""Weekly load and Rest days count whole weeks from the period's first Monday: the takeaway's
sessions equal the sessions the load caption accounts for, and no week row starts before the
period (issue 13: "84 sessions" against 81, a table three days early)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from connectors.store import Store
from dashboard.components.common import whole_weeks
from tests.dashboard.pages.page_helpers import short_column
from tests.factories import make_activity, make_result

ROOT = Path(__file__).resolve().parents[3]
TODAY = datetime.now(UTC).date()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    url = f"sqlite:///{tmp_path / 'weeks.sqlite'}"
    monkeypatch.setenv("BONELOAD_DB", url)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("BONELOAD_DEMO", raising=False)
    opened = Store(url)
    # a session every day for 120 days up to yesterday: runs, walks and rides in turn
    sports = ("run", "walk", "ride")
    rows = [
        make_activity(
            source_id=str(d),
            sport=sports[d % 3],
            sport_type=sports[d % 3].title(),
            start_utc=datetime.combine(TODAY - timedelta(days=d), datetime.min.time(), UTC)
            + timedelta(hours=7),
            avg_hr=None if d % 2 else 140.0,
            max_hr=None if d % 2 else 160.0,
            gear=None,
        )
        for d in range(1, 121)
    ]
    opened.ingest(make_result(rows), "days.csv", "local")
    yield opened
    opened.close()


def _open(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _iso(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def test_whole_weeks_moves_the_start_forward_to_a_monday() -> None:
    thursday = date(2026, 11, 26)
    assert whole_weeks(thursday, date(2026, 12, 31)) == date(2026, 11, 30)
    assert whole_weeks(date(2026, 11, 30), date(2026, 12, 31)) == date(2026, 11, 30)
    # a period shorter than its first week keeps the Monday before
    assert whole_weeks(thursday, date(2026, 11, 28)) == date(2026, 11, 23)
    # so does one that starts at the first activity: nothing is dropped
    assert whole_weeks(thursday, date(2026, 12, 31), first=thursday) == date(2026, 11, 23)
    assert whole_weeks(thursday, date(2026, 12, 31), first=date(2026, 1, 1)) == date(2026, 11, 30)


def test_weekly_load_sessions_agree_with_the_caption_and_start_in_the_period(store) -> None:
    at = _open("weekly_load")
    takeaway = next(m.value for m in at.markdown if m.value.startswith("#### "))
    sessions = int(re.search(r"#### (\d+) sessions in this period", takeaway).group(1))
    note = next(c.value for c in at.caption if "sessions from heart rate" in c.value)
    parts = re.search(
        r"(\d+) sessions from heart rate, (\d+) from your logged effort, (\d+) from a typical",
        note,
    )
    assert sessions == sum(int(n) for n in parts.groups())
    end = TODAY - timedelta(days=1)  # the latest activity
    start = whole_weeks(end - timedelta(days=83), end)
    assert sessions == (end - start).days + 1  # one session a day
    assert short_column(at, 0, "week")[-1] == _iso(start)  # newest first: last row
    assert any(c.value.startswith(f"Whole weeks, Monday to Sunday: {start:%a %d %b %Y}")
               for c in at.caption)  # fmt: skip


def test_rest_days_weeks_start_in_the_period(store) -> None:
    at = _open("rest_days")
    end = TODAY - timedelta(days=1)
    start = whole_weeks(end - timedelta(days=83), end)
    assert short_column(at, 0, "week")[-1] == _iso(start)


def test_the_report_counts_the_same_whole_weeks(tmp_path: Path, monkeypatch) -> None:
    # the latest session on a Wednesday: "Last 12 weeks" then begins on a Thursday
    wednesday = TODAY - timedelta(days=(TODAY.weekday() - 2) % 7 or 7)
    url = f"sqlite:///{tmp_path / 'report.sqlite'}"
    monkeypatch.setenv("BONELOAD_DB", url)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("BONELOAD_DEMO", raising=False)
    rows = [
        make_activity(
            source_id=f"r{d}",
            start_utc=datetime.combine(wednesday - timedelta(days=d), datetime.min.time(), UTC)
            + timedelta(hours=7),
            gear=None,
        )
        for d in range(0, 120, 2)
    ]
    opened = Store(url)
    opened.ingest(make_result(rows), "runs.csv", "local")
    opened.close()
    at = _open("report")
    start = whole_weeks(wednesday - timedelta(days=83), wednesday)
    assert start.weekday() == 0
    weeks = (wednesday - start).days // 7 + 1
    takeaway = next(m.value for m in at.markdown if m.value.startswith("#### "))
    assert takeaway == (
        f"#### {weeks} weeks, from {start:%d %b %Y} to {wednesday:%d %b %Y}, ready to print."
    )
