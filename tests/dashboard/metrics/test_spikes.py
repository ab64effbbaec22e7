"""Single-run spikes against the 30-day longest run (Frandsen 2025) and week-on-week change."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.metrics.spikes import run_spikes, weekly_run_change

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
    assert out["band"].to_list() == ["no history", "no history", "+30-100%"]
    assert out["hazard_ratio"][2] == 1.52


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
