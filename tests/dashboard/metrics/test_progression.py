"""Walk-to-run stages, Couch to 5K plan and progress, pace at heart rate."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.metrics.progression import (
    couch_to_5k_plan,
    pace_at_hr,
    plan_progress,
    progression_weekly,
    run_session_class,
)

from .strategies import activity_rows


def test_run_session_class_thresholds(make):
    acts = make(
        [
            {"start": date(2026, 4, 1), "sport": "run", "minutes": 33, "km": 3.0},  # 11:00
            {"start": date(2026, 4, 2), "sport": "run", "minutes": 27, "km": 3.0},  # 9:00
            {"start": date(2026, 4, 3), "sport": "run", "minutes": 21, "km": 3.0},  # 7:00
            {
                "start": date(2026, 4, 4),
                "sport": "run",
                "minutes": 21,
                "km": 3.0,
                "avg_cadence_spm": 145,
            },
            {"start": date(2026, 4, 5), "sport": "run", "minutes": 30, "avg_cadence_spm": 135},
            {"start": date(2026, 4, 6), "sport": "run", "minutes": 30},
            {"start": date(2026, 4, 7), "sport": "walk", "minutes": 30, "km": 3.0},
        ]
    )
    out = run_session_class(acts)
    assert out["run_class"].to_list() == ["walk-run", "jog", "run", "jog", "walk-run", "jog"]
    assert out["pace_min_km"][0] == pytest.approx(11.0)


def test_progression_weekly_stages_and_longest_run(make):
    acts = make(
        [
            {"start": date(2026, 4, 6), "sport": "walk", "minutes": 20, "km": 2.0},
            {"start": date(2026, 4, 13), "sport": "walk", "minutes": 30, "km": 3.0},
            {"start": date(2026, 4, 14), "sport": "run", "minutes": 5, "km": 0.6},  # jog, short
            {"start": date(2026, 4, 21), "sport": "run", "minutes": 25, "km": 2.2},  # walk-run
            {"start": date(2026, 4, 28), "sport": "run", "minutes": 25, "km": 2.8},  # jog
            {"start": date(2026, 4, 29), "sport": "run", "minutes": 18, "km": 2.1},  # jog
            {"start": date(2026, 5, 5), "sport": "run", "minutes": 30, "km": 4.5},  # run
            {"start": date(2026, 5, 7), "sport": "run", "minutes": 20, "km": 2.2},  # jog
        ]
    )
    out = progression_weekly(acts, end=date(2026, 5, 17))
    assert out["stage"].to_list() == [
        "walking",
        "walk-run",
        "walk-run",
        "jogging",
        "running",
        "none",
    ]
    assert out["longest_run_min"].to_list() == [0.0, 5.0, 25.0, 25.0, 30.0, 0.0]
    assert out["time_on_feet_min"].to_list() == [20.0, 35.0, 25.0, 43.0, 50.0, 0.0]


def test_couch_to_5k_plan_structure():
    plan = couch_to_5k_plan()
    assert plan.height == 27
    assert plan.group_by("week").len().sort("week")["len"].to_list() == [3] * 9
    week1 = plan.row(0, named=True)
    assert "60 s run / 90 s walk" in week1["description"]
    assert (week1["run_minutes"], week1["total_minutes"]) == (8.0, 20.0)
    assert "90 s run / 2 min walk" in plan.filter(pl.col("week") == 2)["description"][0]
    assert plan.filter((pl.col("week") == 5) & (pl.col("session") == 3))["run_minutes"][0] == 20
    finals = plan.filter(pl.col("week") >= 6).group_by("week").agg(pl.col("run_minutes").max())
    assert finals.sort("week")["run_minutes"].to_list() == [25.0, 25.0, 28.0, 30.0]
    assert (plan["run_minutes"] <= plan["total_minutes"]).all()


def test_plan_progress_counts_long_enough_runs(make):
    start = date(2026, 4, 6)
    acts = make(
        [
            {"start": start, "sport": "run", "minutes": 21},
            {"start": start + timedelta(days=2), "sport": "run", "minutes": 19},  # too short
            {"start": start + timedelta(days=3), "sport": "walk", "minutes": 40},  # not a run
            {"start": start + timedelta(days=4), "sport": "run", "minutes": 20},
            {"start": start + timedelta(days=6), "sport": "run", "minutes": 25},
            {"start": start + timedelta(days=8), "sport": "run", "minutes": 22},
            {"start": start + timedelta(days=30), "sport": "run", "minutes": 30},  # after today
        ]
    )
    out = plan_progress(acts, plan_start=start, today=start + timedelta(days=16))
    assert out["done"].to_list()[:4] == [3, 1, 0, 0]
    assert out["status"].to_list()[:4] == ["done", "partial", "in progress", "upcoming"]
    assert out["week_start"][1] == date(2026, 4, 13)
    assert out["planned"].to_list() == [3] * 9
    assert out["run_minutes"][0] == 24.0


def test_pace_at_hr_per_month(make):
    acts = make(
        [
            {"start": date(2026, 3, 3), "sport": "run", "minutes": 35, "km": 5.0, "avg_hr": 148},
            {"start": date(2026, 3, 10), "sport": "run", "minutes": 65, "km": 10.0, "avg_hr": 152},
            {"start": date(2026, 3, 12), "sport": "run", "minutes": 30, "km": 5.0, "avg_hr": 170},
            {"start": date(2026, 4, 2), "sport": "run", "minutes": 30, "km": 5.0, "avg_hr": 155},
            {"start": date(2026, 4, 3), "sport": "walk", "minutes": 60, "km": 5.0, "avg_hr": 150},
        ]
    )
    out = pace_at_hr(acts, hr=150)
    assert out["month"].to_list() == [date(2026, 3, 1), date(2026, 4, 1)]
    assert out["runs"].to_list() == [2, 1]
    assert out["pace_min_km"].to_list() == pytest.approx([100 / 15, 6.0])


@settings(max_examples=30, deadline=None)
@given(rows=activity_rows(sports=("run", "walk", "hike", "swim")), seed=st.integers(0, 10_000))
def test_row_order_changes_nothing(make, rows, seed):
    acts = make(rows)
    shuffled = acts.sample(fraction=1.0, shuffle=True, seed=seed)
    assert progression_weekly(acts).equals(progression_weekly(shuffled))
    start = date(2026, 3, 2)
    assert plan_progress(acts, start, date(2026, 5, 1)).equals(
        plan_progress(shuffled, start, date(2026, 5, 1))
    )
