"""Weekly summaries and day classes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.metrics.weekly import daily_classes, weekly_summary

from .strategies import activity_rows


def test_weekly_summary_counts_runs_walks_hikes_and_rest(make):
    acts = make(
        [
            {"start": date(2026, 4, 13), "sport": "run", "km": 5.0, "minutes": 30},
            {"start": date(2026, 4, 15), "sport": "walk", "km": 3.0, "minutes": 40},
            {"start": date(2026, 4, 15), "sport": "hike", "km": 6.0, "minutes": 90},
            {"start": date(2026, 4, 16), "sport": "ride", "km": 20.0, "minutes": 60},
            {"start": date(2026, 4, 29), "sport": "run", "km": 4.0, "minutes": 25},
        ]
    )
    out = weekly_summary(acts)
    assert out["week"].to_list() == ["2026-W16", "2026-W17", "2026-W18"]
    assert out["week_start"].to_list() == [date(2026, 4, 13), date(2026, 4, 20), date(2026, 4, 27)]
    first = out.row(0, named=True)
    assert first["runs"] == 1 and first["run_km"] == 5.0
    assert first["walks"] == 2 and first["walk_km"] == 9.0  # walk + hike
    assert first["sessions"] == 4
    assert first["active_days"] == 3 and first["rest_days"] == 4
    assert first["time_on_feet_min"] == 160.0  # the ride is not time on feet
    empty = out.row(1, named=True)
    assert (empty["sessions"], empty["rest_days"], empty["run_km"]) == (0, 7, 0.0)
    last = out.row(2, named=True)
    # the range ends on Wednesday 29th: Mon..Wed counted, one active
    assert (last["active_days"], last["rest_days"]) == (1, 2)


def test_weekly_summary_partial_current_week_counts_days_up_to_end(make):
    acts = make([{"start": date(2026, 4, 13), "sport": "run", "km": 5.0}])
    out = weekly_summary(acts, start=date(2026, 4, 13), end=date(2026, 4, 21))
    assert out["rest_days"].to_list() == [6, 2]


def test_weekly_summary_uses_local_wall_clock_and_iso_year(make):
    # 23:30 on Sunday local is Monday in UTC: it must count on Sunday's week.
    acts = make(
        [
            {
                "start": datetime(2026, 4, 19, 23, 30),
                "start_utc": datetime(2026, 4, 20, 4, 30),
                "sport": "run",
                "km": 5.0,
            },
            {"start": date(2027, 1, 1), "sport": "walk", "km": 2.0},
        ]
    )
    out = weekly_summary(acts, end=date(2027, 1, 3))
    assert out["week"][0] == "2026-W16"
    assert out.filter(pl.col("week_start") == date(2026, 12, 28))["week"][0] == "2026-W53"
    assert out["runs"].sum() == 1


def test_weekly_summary_empty_frame(make):
    assert weekly_summary(make([])).is_empty()
    out = weekly_summary(make([]), start=date(2026, 4, 13), end=date(2026, 4, 26))
    assert out["sessions"].to_list() == [0, 0]
    assert out["rest_days"].to_list() == [7, 7]


def test_daily_classes_orders_impact_over_walk_over_active(make):
    acts = make(
        [
            {"start": date(2026, 4, 13), "sport": "run"},
            {"start": date(2026, 4, 13), "sport": "walk"},
            {"start": date(2026, 4, 14), "sport": "hike"},
            {"start": date(2026, 4, 14), "sport": "swim"},
            {"start": date(2026, 4, 15), "sport": "ride"},
        ]
    )
    out = daily_classes(acts, date(2026, 4, 12), date(2026, 4, 16))
    assert out["day_class"].to_list() == ["rest", "impact", "weight-bearing", "active", "rest"]


def test_an_impact_session_makes_an_impact_day_and_balance_an_active_day(make):
    acts = make(
        [
            {"start": date(2026, 4, 13), "sport": "impact"},
            {"start": date(2026, 4, 13), "sport": "walk"},
            {"start": date(2026, 4, 14), "sport": "balance"},
            {"start": date(2026, 4, 15), "sport": "strength"},
        ]
    )
    out = daily_classes(acts, date(2026, 4, 13), date(2026, 4, 15))
    assert out["day_class"].to_list() == ["impact", "active", "active"]


@settings(max_examples=40, deadline=None)
@given(rows=activity_rows())
def test_weekly_totals_add_up_to_the_whole(make, rows):
    acts = make(rows)
    out = weekly_summary(acts)
    assert out["runs"].sum() == acts.filter(pl.col("sport") == "run").height
    assert out["sessions"].sum() == acts.height
    run_km = acts.filter(pl.col("sport") == "run")["distance_m"].fill_null(0).sum() / 1000
    assert abs(out["run_km"].sum() - run_km) < 1e-6
    days = acts["start_local"].dt.date()
    assert out["active_days"].sum() == days.n_unique()
    total_days = (days.max() - (days.min() - timedelta(days=days.min().weekday()))).days + 1
    assert (out["active_days"] + out["rest_days"]).sum() == total_days


@settings(max_examples=30, deadline=None)
@given(rows=activity_rows(), seed=st.integers(0, 10_000))
def test_row_order_changes_nothing(make, rows, seed):
    acts = make(rows)
    shuffled = acts.sample(fraction=1.0, shuffle=True, seed=seed)
    assert weekly_summary(acts).equals(weekly_summary(shuffled))
    first = acts["start_local"].min().date()
    last = acts["start_local"].max().date()
    assert daily_classes(acts, first, last).equals(daily_classes(shuffled, first, last))
