"""Single-run spikes against the 30-day longest run (Frandsen 2025) and week-on-week change."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.metrics.spikes import (
    COHORT_CAVEAT,
    run_spikes,
    spike_alerts,
    spike_context,
    weekly_run_change,
)

from .strategies import activity_rows

D0 = date(2026, 4, 1)


def runs_km(make, kms: list[float], gap_days: int = 2) -> pl.DataFrame:
    return make(
        [
            {"start": D0 + timedelta(days=gap_days * i), "sport": "run", "km": km}
            for i, km in enumerate(kms)
        ]
    )


def test_bands_and_hazard_ratios(make):
    out = run_spikes(runs_km(make, [10.0, 11.0, 14.3, 28.6, 57.3]))
    assert out["band"].to_list() == ["no history", "none", "+10-30%", "+30-100%", ">+100%"]
    assert out["hazard_ratio"].to_list() == [None, None, 1.64, 1.52, 2.28]
    assert out["increase_pct"][1] == pytest.approx(10.0)
    assert out["longest_30d"].to_list()[1:] == [10.0, 11.0, 14.3, 28.6]
    assert out["basis"].to_list() == [None, "distance", "distance", "distance", "distance"]


def test_compares_with_longest_not_latest_and_excludes_itself(make):
    out = run_spikes(runs_km(make, [10.0, 5.0, 10.5]))
    assert out["longest_30d"].to_list() == [None, 10.0, 10.0]
    assert out["band"].to_list() == ["no history", "none", "none"]


def test_window_is_thirty_days(make):
    acts = make(
        [
            {"start": datetime(2026, 4, 1, 8), "sport": "run", "km": 20.0},
            {"start": datetime(2026, 5, 1, 9), "sport": "run", "km": 5.0},  # 30 d + 1 h later
            {"start": datetime(2026, 5, 3, 8), "sport": "run", "km": 8.0},
        ]
    )
    out = run_spikes(acts)
    assert out["reference"].to_list() == [None, "90 days", "30 days"]
    assert out["band"].to_list() == ["no history", "none", "+30-100%"]
    assert out["hazard_ratio"].to_list() == [None, None, 1.52]


def test_falls_back_to_duration_and_ignores_walks(make):
    acts = make(
        [
            {"start": D0, "sport": "run", "minutes": 30},
            {"start": D0 + timedelta(days=1), "sport": "walk", "minutes": 300, "km": 20.0},
            {"start": D0 + timedelta(days=2), "sport": "run", "minutes": 40, "km": 6.0},
        ]
    )
    out = run_spikes(acts)
    assert out.height == 2
    assert out["basis"][1] == "duration"
    assert out["increase_pct"][1] == pytest.approx(100 / 3)
    assert out["band"][1] == "+30-100%"


def test_weekly_run_change(make):
    acts = make(
        [
            {"start": date(2026, 4, 6), "sport": "run", "km": 10.0},
            {"start": date(2026, 4, 13), "sport": "run", "km": 12.0},
            {"start": date(2026, 4, 20), "sport": "walk", "km": 5.0},
            {"start": date(2026, 4, 27), "sport": "run", "km": 4.0},
        ]
    )
    out = weekly_run_change(acts)
    assert out["run_km"].to_list() == [10.0, 12.0, 0.0, 4.0]
    assert out["change_pct"][1] == pytest.approx(20.0)
    assert out["change_pct"][2] == pytest.approx(-100.0)
    assert out["change_pct"][3] is None  # after a week without running
    assert out["over_10pct"].to_list() == [None, True, False, None]


@settings(max_examples=30, deadline=None)
@given(rows=activity_rows(sports=("run", "walk")), seed=st.integers(0, 10_000))
def test_row_order_changes_nothing(make, rows, seed):
    # distinct start times: runs at one instant have no defined order
    rows = [dict(r, start=r["start"] + timedelta(seconds=i)) for i, r in enumerate(rows)]
    acts = make(rows)
    shuffled = acts.sample(fraction=1.0, shuffle=True, seed=seed)
    assert run_spikes(acts).equals(run_spikes(shuffled))
    out = run_spikes(acts)
    assert out.height == acts.filter(pl.col("sport") == "run").height
    assert set(out["band"]) <= {"no history", "none", "+10-30%", "+30-100%", ">+100%"}


def test_long_gap_compares_with_90_days_then_ever(make):
    acts = make(
        [
            {"start": date(2025, 1, 5), "sport": "run", "km": 8.0},
            {"start": date(2026, 2, 1), "sport": "run", "km": 10.0},
            {"start": date(2026, 3, 18), "sport": "run", "km": 15.0},  # 45 days off
            {"start": date(2026, 9, 1), "sport": "run", "km": 16.0},  # 167 days off
        ]
    )
    out = run_spikes(acts)
    assert out["reference"].to_list() == [None, "ever", "90 days", "ever"]
    assert out["longest_30d"].to_list() == [None, 8.0, 10.0, 15.0]
    assert out["band"].to_list() == ["no history", "+10-30%", "+30-100%", "none"]
    assert out["hazard_ratio"].to_list() == [None] * 4  # HRs belong to the 30-day comparison
    assert out["days_since_run"][2] == pytest.approx(45.0)


def test_persona_twenty_percent_spike_is_alerted_softly_with_caveat(make):
    acts = runs_km(make, [10.0, 10.0, 12.0])  # Apr 1, 3, 5
    [alert] = spike_alerts(acts, today=date(2026, 4, 6))
    assert alert.level == "notice" and alert.band == "+10-30%"
    assert alert.caveat == COHORT_CAVEAT
    assert "beginners on a walk-to-run plan" in alert.caveat and "46" in alert.caveat
    assert alert.text.startswith("Sun 05 Apr: a run 20% longer (by distance) than your longest")
    assert "previous 30 days" in alert.text and "1.64" in alert.text
    assert alert.rung == "moderate"
    assert "injur" in alert.text and "must" not in alert.text


def test_persona_long_gap_run_is_alerted_and_says_which_reference(make):
    acts = make(
        [
            {"start": date(2026, 1, 10), "sport": "run", "km": 10.0},
            {"start": date(2026, 2, 24), "sport": "run", "km": 15.0},  # 45 days later
        ]
    )
    [alert] = spike_alerts(acts, today=date(2026, 2, 25))
    assert alert.reference == "90 days" and alert.level == "caution"
    assert "50% longer" in alert.text and "the 90 days before it" in alert.text
    assert "45 days after your previous run" in alert.text
    assert alert.caveat == COHORT_CAVEAT
    assert alert.hazard_ratio is None


def test_all_three_bands_alert_with_rising_levels_newest_first(make):
    acts = runs_km(make, [10.0, 12.0, 20.0, 45.0], gap_days=3)
    alerts = spike_alerts(acts, today=D0 + timedelta(days=9))
    assert [a.level for a in alerts] == ["warning", "caution", "notice"]
    assert "more than twice as long" in alerts[0].text and "2.28" in alerts[0].text
    assert "1.52" in alerts[1].text
    assert all(a.caveat == COHORT_CAVEAT for a in alerts)
    assert spike_alerts(acts, today=D0 + timedelta(days=60)) == []  # outside the 28 days


def test_week_on_week_is_context_never_an_alert(make):
    acts = make(
        [
            {"start": date(2026, 4, 6), "sport": "run", "km": 5.0},
            {"start": date(2026, 4, 8), "sport": "run", "km": 5.0},
            {"start": date(2026, 4, 13), "sport": "run", "km": 5.0},
            {"start": date(2026, 4, 15), "sport": "run", "km": 5.0},
            {"start": date(2026, 4, 17), "sport": "run", "km": 5.0},  # +50% that week
        ]
    )
    assert spike_alerts(acts, today=date(2026, 4, 20)) == []
    text = spike_context(acts, today=date(2026, 4, 20))
    assert text is not None and text.startswith("For context: last week you ran 50% more")
    assert "did not predict" in text
    assert spike_context(acts, today=date(2026, 4, 14)) is None  # the week before had none
