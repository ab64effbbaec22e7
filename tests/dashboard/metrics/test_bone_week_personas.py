"""The bone week for the issue's personas (tests/personas.py), on every day of the week."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from connectors.settings import Settings
from dashboard.metrics.bone_week import bone_week
from tests import personas
from tests.factories import make_frame

MONDAY = date(2026, 12, 7)
DAYS = [MONDAY + timedelta(days=d) for d in range(7)]


def weeks_of(builder, today: date):
    person = builder(today)
    known = {k: v for k, v in person.settings.items() if hasattr(Settings(), k)}
    return bone_week(make_frame(person.rows), replace(Settings(), **known), today)


@pytest.mark.parametrize("today", DAYS, ids=lambda d: f"{d:%a}")
def test_walker_in_week_2_is_on_track_and_never_asked_to_run(today):
    weeks = weeks_of(personas.walker_week2, today)
    assert set(weeks["phase"]) == {"walking"}
    assert set(weeks["runs_target"]) == {0}
    assert set(weeks["runs_status"]) == {"not yet"}
    assert weeks.row(-1, named=True)["complete"] is False


@pytest.mark.parametrize("today", DAYS[2:], ids=lambda d: f"{d:%a}")
def test_three_runs_in_the_first_running_week_are_ahead(today):
    this = weeks_of(personas.first_running_week, today).row(-1, named=True)
    assert (this["run_days"], this["runs_target"], this["runs_status"]) == (3, 1, "ahead")


@pytest.mark.parametrize("today", DAYS, ids=lambda d: f"{d:%a}")
def test_couch_to_5k_as_prescribed_meets_the_plan_every_week(today):
    weeks = weeks_of(personas.couch_to_5k_week6, today).filter("complete")
    plan = weeks.filter(weeks["run_days"] > 0)
    assert plan.height >= 5
    assert set(plan["runs_target"]) == {3} and set(plan["runs_status"]) == {"met"}


@pytest.mark.parametrize("today", DAYS, ids=lambda d: f"{d:%a}")
def test_ten_year_runner_meets_runs_and_back_to_back_days_are_shown(today):
    weeks = weeks_of(personas.ten_year_runner, today).filter("complete")
    assert weeks.height > 500
    assert set(weeks["runs_status"]) == {"met"}  # 4-5 runs against 3: no nagging
    assert weeks["back_to_back_run_days"].max() >= 1


@pytest.mark.parametrize("today", DAYS, ids=lambda d: f"{d:%a}")
def test_limited_impact_is_never_asked_to_run(today):
    weeks = weeks_of(personas.limited_impact, today)
    assert set(weeks["runs_target"]) == {0} and set(weeks["impact_target"]) == {0}
    assert set(weeks["runs_status"]) == {"not asked"}
    assert set(weeks["balance_target"]) == {3}  # born 1950: balance on from 65
