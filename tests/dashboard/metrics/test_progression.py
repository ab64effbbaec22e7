"""Walk-to-run stages, Couch to 5K plan and progress, pace at heart rate."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.demo import demo_activities
from dashboard.metrics.progression import (
    is_walk_run_name,
    pace_at_hr,
    personal_paces,
    progression_weekly,
    run_session_class,
    stage_takeaway,
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
    assert out["complete"].all()  # 17 May 2026 is a Sunday


@pytest.mark.parametrize(
    "name",
    [
        "Walk/Run",
        "Run-walk intervals",
        "walk and run",
        "C25K W3D1",
        "Couch to 5K week 6",
        "Lauf/Geh-Training",
        "Marche-course",
        "Caminar y correr",
        "Jeffing",
    ],
)
def test_walk_run_names_are_seen(make, name):
    acts = make(
        [{"start": date(2026, 4, 1), "sport": "run", "minutes": 30, "km": 4.5, "name": name}]
    )
    assert run_session_class(acts)["run_class"].to_list() == ["walk-run"]


@pytest.mark.parametrize("name", ["Morning Run", "Long run", "Parkrun", "Tempo", None])
def test_plain_run_names_are_not_walk_run(make, name):
    frame = pl.DataFrame({"name": [name]}, schema={"name": pl.String})
    assert frame.select(is_walk_run_name(pl.col("name")))["name"].to_list() == [False]


def test_walk_run_sport_type_is_seen(make):
    acts = make([{"start": date(2026, 4, 1), "sport": "run", "km": 4.5, "sport_type": "Run/Walk"}])
    assert run_session_class(acts)["run_class"].to_list() == ["walk-run"]


def test_own_walk_and_run_paces_place_a_session_between_them(make):
    day = date(2026, 4, 1)
    walks = [
        {"start": day + timedelta(days=i), "sport": "walk", "minutes": 44, "km": 4.0}
        for i in range(3)
    ]  # 11:00 min/km
    runs = [
        {"start": day + timedelta(days=3 + i), "sport": "run", "minutes": 30, "km": 5.0}
        for i in range(3)
    ]  # 6:00 min/km
    between = {"start": day + timedelta(days=9), "sport": "run", "minutes": 36, "km": 4.0}  # 9:00
    jog = {"start": day + timedelta(days=10), "sport": "run", "minutes": 33, "km": 4.0}  # 8:15
    acts = make([*walks, *runs, between, jog])
    assert personal_paces(acts) == pytest.approx((11.0, 6.0))
    assert run_session_class(acts)["run_class"].to_list() == [
        "run",
        "run",
        "run",
        "walk-run",  # 9:00 is past the 8:30 midpoint of her own paces
        "jog",
    ]
    # without her own paces, 9:00 min/km is only a jog by the fixed thresholds
    assert run_session_class(make([between]))["run_class"].to_list() == ["jog"]


def test_the_demo_walk_run_weeks_show_the_walk_run_stage():
    today = date(2026, 11, 30)  # a Monday
    acts = demo_activities(today)
    weeks = progression_weekly(acts, end=today)
    stages = weeks["stage"].to_list()
    walk_run = [i for i, s in enumerate(stages) if s == "walk-run"]
    assert len(walk_run) == 5  # the five interval weeks of her couch-to-5k block
    assert walk_run == list(range(walk_run[0], walk_run[0] + 5))
    assert stages[walk_run[0] - 1] == "walking" and stages[walk_run[-1] + 1] == "running"


def test_the_unfinished_current_week_has_no_stage(make):
    acts = make(
        [
            {"start": date(2026, 4, 21), "sport": "run", "minutes": 30, "km": 5.0},
            {"start": date(2026, 4, 23), "sport": "run", "minutes": 30, "km": 5.0},
            {"start": date(2026, 4, 27), "sport": "walk", "minutes": 30, "km": 3.0},  # Monday
        ]
    )
    out = progression_weekly(acts, end=date(2026, 4, 27))
    assert out["stage"].to_list() == ["running", None]
    assert out["complete"].to_list() == [True, False]
    ended = progression_weekly(acts, end=date(2026, 5, 3))
    assert ended["stage"].to_list() == ["running", "walking"]


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
    assert (
        run_session_class(acts)
        .sort("activity_id")
        .equals(run_session_class(shuffled).sort("activity_id"))
    )


def test_stage_takeaway(make):
    acts = make(
        [
            {"start": date(2026, 4, 6), "sport": "walk", "minutes": 20, "km": 2.0},
            {"start": date(2026, 4, 14), "sport": "run", "minutes": 30, "km": 5.0},
            {"start": date(2026, 4, 20), "sport": "walk", "minutes": 30, "km": 3.0},
        ]
    )
    weeks = progression_weekly(acts, end=date(2026, 4, 20))  # a Monday: that week has no stage
    assert stage_takeaway(weeks) == (
        "Stage in the latest whole week: running, longest run 30 min "
        "(from walking in the week of 06 Apr 2026)."
    )
    walks = progression_weekly(acts.head(1), end=date(2026, 4, 12))
    assert stage_takeaway(walks) == (
        "Stage in the latest whole week: walking (since the week of 06 Apr 2026)."
    )
    assert stage_takeaway(progression_weekly(acts.head(1), end=date(2026, 4, 7))).startswith(
        "No whole week"
    )


def test_with_today_only_the_week_holding_today_is_unfinished(make):
    acts = make(
        [
            {"start": date(2026, 4, 21), "sport": "run", "minutes": 30, "km": 5.0},
            {"start": date(2026, 4, 22), "sport": "walk", "minutes": 30, "km": 3.0},  # Wed
        ]
    )
    # data ends on an old Wednesday: with today given, that week keeps its stage
    old = progression_weekly(acts, end=date(2026, 4, 22), today=date(2026, 6, 1))
    assert old["stage"].to_list() == ["running"] and old["complete"].to_list() == [True]
    now = progression_weekly(acts, end=date(2026, 4, 26), today=date(2026, 4, 26))  # Sunday
    assert now["stage"].to_list() == [None]
