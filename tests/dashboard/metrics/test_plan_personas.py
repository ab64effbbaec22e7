"""The plan, the ramp and the spike alerts on issue 9's personas (tests/personas.py), on every
weekday: what each person is told is what the evidence and their plan say."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from connectors.settings import Settings
from dashboard import views
from dashboard.guidance.compose import compose
from dashboard.metrics import plan, progression, spikes
from tests import personas
from tests.dashboard.guidance.test_compose import ASKS_TO_RUN
from tests.factories import make_frame

WEEK = [date(2026, 4, 13) + timedelta(days=d) for d in range(7)]  # Monday to Sunday


def _load(builder, today: date):
    person = builder(today)
    return make_frame(person.rows), Settings().updated(person.settings)


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
def test_walker_in_week_two_is_on_track_and_never_asked_to_run(today):
    acts, settings = _load(personas.walker_week2, today)
    week = plan.plan_week(acts, settings, today)
    assert (week.phase, week.week) == ("walking", 2)
    assert all(i.kind == "walk" for s in week.sessions for i in s.content.intervals)
    assert "on track" in plan.plan_sentence(week)
    this = compose(acts, settings, today)  # what Overview says (dashboard.guidance)
    assert (this.mode, this.status) == ("walking", "on track")
    assert not [s for s in this.sentences() if ASKS_TO_RUN.search(s)]


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
def test_first_running_week_with_three_runs_is_ahead_of_plan_and_told_why(today):
    acts, settings = _load(personas.first_running_week, today)
    this = compose(acts, settings, today)
    assert (this.mode, this.status) == ("ramp", "ahead of plan")
    assert this.headline == "3 runs in week 1 of running, against the plan's 1: ahead of plan."
    assert this.why is not None and this.why.text.startswith("Why that matters")
    assert "on target" not in " ".join(this.sentences())


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
def test_couch_to_5k_week_six_is_three_of_three(today):
    # the persona: from Friday week 6 is this week; Monday to Thursday it was last week
    acts, settings = _load(personas.couch_to_5k_week6, today)
    week = plan.plan_week(acts, settings, today)
    history = plan.plan_history(acts, settings, today)
    six = history.filter(history["plan_week"] == 6).row(0, named=True)
    assert (six["attempt"], six["done"]) == (1, 3)
    assert set(history.filter(history["plan_week"] < 6)["done"]) == {3}
    if today.weekday() >= 4:
        assert (week.phase, week.week, week.attempt, week.done, week.planned) == (
            "plan",
            6,
            1,
            3,
            3,
        )
        assert week.sessions[1].content.text.endswith("10 min run, 3 min walk, 10 min run")
        assert plan.plan_sentence(week).startswith("Week 6 of the walk-to-run plan: 3 of 3")
    else:
        assert (week.phase, week.week, week.done) == ("plan", 7, 0)
        assert six["outcome"] == "moved on"
    assert week.adherence is not None and week.adherence.share == 1.0


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
def test_ten_year_runner_is_not_nagged(today):
    acts, settings = _load(personas.ten_year_runner, today)
    table = views.targets(acts, settings, today - timedelta(weeks=12), today)
    whole = table.filter(table["complete"])
    assert set(whole["status"]) == {"on target"}
    texts = " ".join(compose(acts, settings, today).sentences())
    assert "ahead of plan" not in texts and "more run" not in texts
    assert plan.plan_week(acts, settings, today).phase == "running"


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
def test_limited_impact_is_never_asked_to_run(today):
    acts, settings = _load(personas.limited_impact, today)
    this = compose(acts, settings, today)
    assert this.mode == "limited" and "more run" not in " ".join(this.sentences())
    assert not [s for s in this.sentences() if ASKS_TO_RUN.search(s)]
    week = plan.plan_week(acts, settings, today)
    assert week.phase == "limited"
    assert {i.kind for s in week.sessions for i in s.content.intervals} == {"walk"}


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
def test_spike_and_long_gap_are_alerted_with_the_caveat(today):
    acts, _ = _load(personas.spike_20, today)
    [alert] = spikes.spike_alerts(acts, today)
    assert (alert.band, alert.level, alert.reference) == ("+10-30%", "notice", "30 days")
    assert alert.caveat == spikes.COHORT_CAVEAT
    acts, _ = _load(personas.long_gap, today)
    [alert] = spikes.spike_alerts(acts, today)
    assert (alert.band, alert.reference) == ("+10-30%", "90 days")
    assert "no run in the 30 days before it" in alert.text
    assert alert.caveat == spikes.COHORT_CAVEAT


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
def test_couch_to_5k_interval_sessions_make_walk_run_weeks(today):
    acts, settings = _load(personas.couch_to_5k_week6, today)
    ids = plan.plan_walk_run_ids(acts, settings, today)
    assert len(ids) == 4 * 3 + 2 + 2  # weeks 1-4, and the interval sessions of weeks 5 and 6
    start = date.fromisoformat(settings.plan_start)
    weeks = progression.progression_weekly(acts, start, today, ids)
    stages = weeks.filter(weeks["complete"] & (weeks["runs"] > 0))["stage"].to_list()
    # intervals up to the week holding week 5's 20-minute continuous run: then running
    assert stages[:4] == ["walk-run"] * 4 and "jogging" not in stages
    assert set(stages) <= {"walk-run", "running"}
    plain = progression.progression_weekly(acts, start, today)
    assert "walk-run" not in set(plain["stage"].drop_nulls())  # pace alone says jogging here
    table = views.weekly_table(acts, settings, start, today)
    assert table["stage"].to_list()[:4] == ["walk-run"] * 4
