"""The bone week: run, other impact, strength, balance and rest days against their targets."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.schema import empty_frame
from connectors.settings import Settings
from dashboard.metrics.bone_week import (
    COUNTS,
    balance_on,
    bone_week,
    last_months_share,
    months_view,
)
from dashboard.metrics.ramp import ramp_start

from .strategies import activity_rows

MON = date(2026, 4, 6)  # a Monday
WED_AFTER_3_WEEKS = MON + timedelta(days=23)


def day(n: int) -> date:
    return MON + timedelta(days=n)


def test_a_walker_in_the_walking_phase_is_never_asked_to_run(make):
    walks = make([{"start": day(d), "sport": "walk", "minutes": 20} for d in range(0, 14, 2)])
    weeks = bone_week(walks, Settings(strength_days_target=0), day(16))
    assert weeks["phase"].to_list() == ["walking"] * 3
    assert weeks["runs_target"].to_list() == [0, 0, 0]
    assert weeks["runs_status"].to_list() == ["not yet"] * 3
    assert weeks["runs_met"].all()
    assert weeks["walk_days"].to_list()[:2] == [4, 3]
    assert weeks["full_bone_week"].to_list() == [True, True, False]  # the last has no activity
    assert weeks["complete"].to_list() == [True, True, False]


def test_the_ramp_starts_at_the_first_run_not_the_first_walk(make):
    rows = [{"start": day(d), "sport": "walk"} for d in (0, 2, 7, 9)]
    rows += [{"start": day(d), "sport": "run"} for d in (14, 16, 18)]  # week 3: 3 runs
    acts = make(rows)
    assert ramp_start(acts, Settings()) == day(14)
    weeks = bone_week(acts, Settings(runs_per_week_start=1, runs_per_week_target=3), day(35))
    assert weeks["runs_target"].to_list() == [0, 0, 1, 1, 2, 2]
    assert weeks["runs_status"].to_list()[:3] == ["not yet", "not yet", "ahead"]
    assert weeks["runs_status"].to_list()[3] == "below"


def test_a_plan_start_starts_the_ramp_before_any_run(make):
    acts = make([{"start": day(0), "sport": "walk"}])
    plan = Settings(plan_start=day(7).isoformat())
    weeks = bone_week(acts, plan, day(10))
    assert weeks["phase"].to_list() == ["walking", "running"]
    assert weeks["runs_target"].to_list() == [0, 3]  # the plan's 3 sessions a week
    assert weeks["runs_status"].to_list() == ["not yet", "to come"]  # this week is not over


def test_a_ten_year_runner_at_five_runs_is_met_with_back_to_back_days_counted(make):
    rows = [{"start": day(d), "sport": "run"} for d in (0, 1, 3, 4, 6)]
    rows += [{"start": day(d), "sport": "strength"} for d in (1, 4)]
    weeks = bone_week(
        make(rows), Settings(profile="runner", runs_per_week_target=2), day(7), end=day(6)
    )
    (week,) = weeks.to_dicts()
    assert (week["run_days"], week["back_to_back_run_days"], week["rest_days"]) == (5, 2, 2)
    assert week["runs_status"] == "met" and week["full_bone_week"]
    assert week["strength_days"] == 2 and week["strength_met"]


def test_limited_impact_never_asks_for_runs(make):
    rows = [{"start": day(d), "sport": "walk"} for d in range(7)]
    rows += [{"start": day(d), "sport": "strength"} for d in (1, 4)]
    weeks = bone_week(make(rows), Settings(profile="limited_impact"), day(7), end=day(6))
    (week,) = weeks.to_dicts()
    assert (week["runs_target"], week["impact_target"], week["phase"]) == (0, 0, "limited")
    assert week["runs_status"] == "not asked"
    assert week["full_bone_week"] and week["walk_days"] == 7


def test_day_kinds_are_counted_once_each(make):
    rows = [
        {"start": day(0), "sport": "run"},
        {"start": day(0), "sport": "strength"},
        {"start": day(1), "sport": "impact", "sport_type": "Jump Rope"},
        {"start": day(2), "sport": "impact", "sport_type": "Tennis"},
        {"start": day(2), "sport": "run"},  # a run day, so not an "other impact" day
        {"start": day(3), "sport": "balance", "sport_type": "Yoga"},
        {"start": day(4), "sport": "swim"},
    ]
    (week,) = bone_week(make(rows), Settings(), day(7), end=day(6)).to_dicts()
    got = {k: week[k] for k in COUNTS}
    assert got == {
        "run_days": 2,
        "impact_days": 1,
        "strength_days": 1,
        "balance_days": 1,
        "walk_days": 0,
        "rest_days": 2,
        "back_to_back_run_days": 0,
    }


def test_back_to_back_across_the_week_boundary_counts_in_the_later_week(make):
    acts = make([{"start": day(6), "sport": "run"}, {"start": day(7), "sport": "run"}])
    weeks = bone_week(acts, Settings(), day(14))
    assert weeks["back_to_back_run_days"].to_list() == [0, 1, 0]


def test_balance_days_by_setting_and_age():
    today = date(2026, 4, 6)
    assert balance_on(Settings(balance_days="auto", birth_year=1961), today)  # 65 this year
    assert not balance_on(Settings(balance_days="auto", birth_year=1962), today)
    assert not balance_on(Settings(balance_days="auto"), today)  # age unknown
    assert balance_on(Settings(balance_days="on"), today)
    assert not balance_on(Settings(balance_days="off", birth_year=1940), today)


def test_balance_target_joins_the_verdict(make):
    rows = [{"start": day(d), "sport": "run"} for d in (0, 2)]
    rows += [{"start": day(d), "sport": "strength"} for d in (1, 3)]
    rows += [{"start": day(d), "sport": "balance", "sport_type": "Tai Chi"} for d in (1, 3)]
    acts = make(rows)
    older = Settings(birth_year=1950, runs_per_week_start=2, runs_per_week_target=2)
    (week,) = bone_week(acts, older, day(7), end=day(6)).to_dicts()
    assert (week["balance_target"], week["balance_days"], week["balance_met"]) == (3, 2, False)
    assert not week["full_bone_week"]
    (week,) = bone_week(acts, older.updated({"balance_days": "off"}), day(7), end=day(6)).to_dicts()
    assert week["balance_target"] == 0 and week["full_bone_week"]


def test_months_view_counts_only_complete_weeks(make):
    # 30 weeks: full bone weeks (2 runs + 2 strength days) on even weeks only
    rows = []
    for w in range(30):
        days = (0, 2, 1, 3) if w % 2 == 0 else (0,)
        for i, d in enumerate(days):
            sport = "run" if i in (0, 1) else "strength"
            rows.append({"start": MON + timedelta(weeks=w, days=d), "sport": sport})
    acts = make(rows)
    runner = Settings(profile="runner", runs_per_week_target=2)
    today = MON + timedelta(weeks=29, days=2)  # the 30th week is still running
    weeks = bone_week(acts, runner, today)
    view = months_view(weeks)
    assert view.height == 29 and view["weeks_counted"].max() == 26
    assert last_months_share(weeks) == (13, 26)
    assert view["share_full"][-1] == 13 / 26
    assert view["share_full"][0] == 1.0


def test_no_activities_no_weeks():
    out = bone_week(empty_frame(), Settings(), MON)
    assert out.is_empty() and "full_bone_week" in out.columns
    assert months_view(out).is_empty() and last_months_share(out) == (0, 0)


@settings(max_examples=40, deadline=None)
@given(rows=activity_rows(), profile=st.sampled_from(["starting", "runner", "limited_impact"]))
def test_counts_fit_in_the_week(make, rows, profile):
    acts = make(rows)
    weeks = bone_week(acts, Settings(profile=profile), date(2026, 6, 1))
    for name in COUNTS:
        assert (weeks[name] <= weeks["days"]).all()
    kinds = weeks["run_days"] + weeks["impact_days"] + weeks["walk_days"] + weeks["rest_days"]
    assert (kinds <= weeks["days"]).all()
    if profile == "limited_impact":
        assert (weeks["runs_target"] == 0).all()
    assert not weeks.filter(~pl.col("complete"))["runs_status"].is_in(["below"]).any()


def test_weeks_before_the_first_activity_are_not_counted(make):
    acts = make([{"start": day(d), "sport": "run"} for d in (14, 16)])
    weeks = bone_week(acts, Settings(), day(30), start=day(-60), end=day(27))
    assert weeks["week_start"].to_list() == [day(14), day(21)]
    assert bone_week(acts, Settings(), day(30), start=day(-60), end=day(-1)).is_empty()
