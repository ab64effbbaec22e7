"""Shoe mileage, alerts, rotation share and date-range gear assignments."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.schema import ACTIVITY_SCHEMA
from dashboard.metrics.shoes import KM_PER_MILE, apply_assignments, shoe_summary

from .strategies import activity_rows

TODAY = date(2026, 6, 30)


def test_shoe_summary_distance_status_and_rotation(make):
    acts = make(
        [
            # "Old": 310 miles of runs long ago -> warn
            {"start": date(2025, 1, 5), "sport": "run", "km": 310 * KM_PER_MILE, "gear": "Old"},
            # "Worn": 500 miles incl. a walk -> replace
            {"start": date(2025, 3, 1), "sport": "run", "km": 400 * KM_PER_MILE, "gear": "Worn"},
            {"start": date(2025, 3, 2), "sport": "walk", "km": 100 * KM_PER_MILE, "gear": "Worn"},
            # recent runs: A 30 km, B 10 km in the last 90 days
            {"start": TODAY - timedelta(days=10), "sport": "run", "km": 30.0, "gear": "A"},
            {"start": TODAY - timedelta(days=89), "sport": "run", "km": 10.0, "gear": "B"},
            {"start": TODAY - timedelta(days=90), "sport": "run", "km": 50.0, "gear": "B"},
            {"start": TODAY - timedelta(days=5), "sport": "hike", "km": 8.0, "gear": "B"},
            {"start": TODAY - timedelta(days=3), "sport": "ride", "km": 80.0, "gear": "Bike"},
            {"start": TODAY + timedelta(days=1), "sport": "run", "km": 9.0, "gear": "A"},
            {"start": TODAY - timedelta(days=1), "sport": "run", "km": 5.0},  # no shoe
        ]
    )
    out = shoe_summary(acts, TODAY)
    assert out["gear"].to_list() == ["Worn", "Old", "B", "A"]
    rows = {r["gear"]: r for r in out.iter_rows(named=True)}
    assert rows["Worn"]["distance_mi"] == pytest.approx(500.0)
    assert rows["Worn"]["status"] == "replace"
    assert rows["Old"]["status"] == "warn"
    assert rows["A"]["status"] == "ok"
    assert (rows["Worn"]["runs"], rows["Worn"]["walks"]) == (1, 1)
    assert rows["B"]["distance_km"] == pytest.approx(68.0)
    assert rows["A"]["distance_km"] == pytest.approx(30.0)  # the future run is not counted
    assert rows["A"]["rotation_share"] == pytest.approx(0.75)
    assert rows["B"]["rotation_share"] == pytest.approx(0.25)
    assert rows["Old"]["rotation_share"] == 0.0
    assert rows["B"]["first_used"] == TODAY - timedelta(days=90)
    assert rows["B"]["last_used"] == TODAY - timedelta(days=5)
    custom = shoe_summary(acts, TODAY, warn_miles=20, replace_miles=50)  # B: 42.3 mi
    assert custom.filter(pl.col("gear") == "B")["status"][0] == "warn"


def test_rotation_share_null_without_recent_runs(make):
    acts = make([{"start": date(2025, 1, 1), "sport": "run", "km": 5.0, "gear": "A"}])
    out = shoe_summary(acts, TODAY)
    assert out["rotation_share"][0] is None


def test_apply_assignments_fills_runs_without_gear(make):
    acts = make(
        [
            {"start": date(2026, 1, 10), "sport": "run"},
            {"start": date(2026, 2, 10), "sport": "run"},
            {"start": date(2026, 2, 10), "sport": "walk"},
            {"start": date(2026, 2, 11), "sport": "run", "gear": "Own"},
            {"start": date(2026, 3, 15), "sport": "run"},
            {"start": date(2025, 12, 1), "sport": "run"},
        ]
    )
    assignments = pl.DataFrame(
        {
            "gear": ["Pegasus", "Ghost", "Novablast"],
            "start_date": [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)],
            "end_date": [date(2026, 2, 28), None, date(2026, 3, 31)],
        }
    )
    out = apply_assignments(acts, assignments)
    assert out["gear"].to_list() == ["Pegasus", "Ghost", None, "Own", "Novablast", None]
    assert out.schema == ACTIVITY_SCHEMA
    assert out.drop("gear").equals(acts.drop("gear"))
    empty = assignments.clear()
    assert apply_assignments(acts, empty).equals(acts)


@settings(max_examples=30, deadline=None)
@given(rows=activity_rows(sports=("run", "walk", "ride")), seed=st.integers(0, 10_000))
def test_row_order_changes_nothing(make, rows, seed):
    rows = [dict(r, gear=["A", "B", None][i % 3]) for i, r in enumerate(rows)]
    acts = make(rows)
    shuffled = acts.sample(fraction=1.0, shuffle=True, seed=seed)
    a = shoe_summary(acts, TODAY)
    b = shoe_summary(shuffled, TODAY)
    assert a["gear"].to_list() == b["gear"].to_list()
    assert a["distance_km"].to_list() == pytest.approx(b["distance_km"].to_list())
    total = acts.filter(pl.col("gear").is_not_null() & (pl.col("sport") != "ride"))
    assert a["distance_km"].sum() == pytest.approx(total["distance_m"].fill_null(0).sum() / 1000)
