"""Rest between runs, runs per week vs target, streaks and the takeaway sentence."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.metrics.rest import (
    back_to_back_run_days,
    current_streak,
    hours_between_runs,
    rest_takeaway,
    runs_vs_target,
    target_streaks,
    weekly_target,
    weeks_text,
)

from .strategies import activity_rows


def test_back_to_back_and_hours_between(make):
    acts = make(
        [
            {"start": datetime(2026, 4, 13, 8), "sport": "run", "minutes": 30},
            {"start": datetime(2026, 4, 14, 18), "sport": "run", "minutes": 30},
            {"start": datetime(2026, 4, 14, 7), "sport": "walk", "minutes": 30},
            {"start": datetime(2026, 4, 16, 8), "sport": "run", "minutes": 60},
        ]
    )
    b2b = back_to_back_run_days(acts)
    assert b2b["date"].to_list() == [date(2026, 4, 14)]
    hours = hours_between_runs(acts)["hours_since_previous_run"].to_list()
    assert hours[0] is None
    assert hours[1:] == pytest.approx([33.5, 37.5])


def test_weekly_target_ramps_and_caps():
    assert [weekly_target(i, 1, 3, 2) for i in range(7)] == [1, 1, 2, 2, 3, 3, 3]
    assert [weekly_target(i, 1, 2, 1) for i in range(3)] == [1, 2, 2]
    assert weekly_target(-1, 1, 3, 2) == 1


def weeks_of_runs(make, days: list[date]):
    return make([{"start": d, "sport": "run"} for d in days])


def test_runs_vs_target_statuses(make):
    acts = weeks_of_runs(
        make,
        [
            date(2026, 4, 6),  # W15: 1 run, target 1
            date(2026, 4, 13),
            date(2026, 4, 15),  # W16: 2 runs, target 2
            date(2026, 4, 20),  # W17: 1 run, target 2
            date(2026, 4, 27),
            date(2026, 4, 28),
            date(2026, 4, 30),  # W18: 3 runs, target 2
        ],
    )
    out = runs_vs_target(acts, target_runs_per_week=2, weeks_per_step=1)
    assert out["target"].to_list() == [1, 2, 2, 2]
    assert out["runs"].to_list() == [1, 2, 1, 3]
    assert out["status"].to_list() == ["on target", "on target", "below", "ahead of plan"]
    assert out["back_to_back"].to_list() == [0, 0, 0, 1]
    ranged = runs_vs_target(acts, target_runs_per_week=2, weeks_per_step=1, max_runs_per_week=3)
    assert ranged["status"][3] == "on target"


def test_streaks_counted_in_weeks_and_open_week_pending(make):
    acts = weeks_of_runs(
        make,
        [date(2026, 4, 6), date(2026, 4, 13), date(2026, 4, 27), date(2026, 5, 4)],
    )
    weeks = runs_vs_target(acts, target_runs_per_week=1, end=date(2026, 5, 12))
    # W15 W16 on target, W17 below, W18 W19 on target, W20 open and empty
    assert weeks["status"].to_list() == [
        "on target",
        "on target",
        "below",
        "on target",
        "on target",
        "below",
    ]
    assert weeks["complete"].to_list() == [True] * 5 + [False]
    streaks = target_streaks(weeks)
    assert streaks["weeks"].to_list() == [2, 2]
    assert streaks["first_week"].to_list() == ["2026-W15", "2026-W18"]
    assert current_streak(weeks) == 2
    closed = runs_vs_target(acts, target_runs_per_week=1, end=date(2026, 5, 17))
    assert current_streak(closed) == 0


def test_rest_takeaway_sentences():
    assert rest_takeaway(2, 0, "on target") == (
        "2 runs this week with a rest day between each: on target"
    )
    assert rest_takeaway(0, 0, "below") == "No runs this week: below target"
    assert rest_takeaway(1, 0, "on target") == "1 run this week: on target"
    # the verdict is about the count; back-to-back days are said apart, never "add ...: on target"
    assert rest_takeaway(3, 1, "on target") == (
        "3 runs this week (on target), with 1 pair of back-to-back run days: a rest day between "
        "runs is the guidance"
    )
    assert rest_takeaway(4, 2, "above") == (
        "4 runs this week (above target), with 2 pairs of back-to-back run days: a rest day "
        "between runs is the guidance"
    )
    assert rest_takeaway(2, 0, "on target", run_days=1) == (
        "2 runs on 1 day this week (on target); spreading them over more days, with a rest day "
        "between, is the guidance"
    )
    for sentence in (rest_takeaway(3, 1, "on target"), rest_takeaway(2, 0, "on target", 1)):
        assert not re.search(r"(add|spread)[^.;(]*: on target", sentence)


def test_weeks_text_pluralises():
    assert [weeks_text(n) for n in (0, 1, 2)] == ["0 weeks", "1 week", "2 weeks"]


@settings(max_examples=30, deadline=None)
@given(rows=activity_rows(sports=("run", "walk", "ride")), seed=st.integers(0, 10_000))
def test_row_order_changes_nothing(make, rows, seed):
    acts = make(rows)
    shuffled = acts.sample(fraction=1.0, shuffle=True, seed=seed)
    a = runs_vs_target(acts, 3)
    assert a.equals(runs_vs_target(shuffled, 3))
    assert back_to_back_run_days(acts).equals(back_to_back_run_days(shuffled))
    assert a["runs"].sum() == acts.filter(acts["sport"] == "run").height
