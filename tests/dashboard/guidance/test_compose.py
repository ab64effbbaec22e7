"""The guidance composer against issue 9's personas, on every weekday, and its properties.

Every sentence a person reads is checked here: a walker is never asked to run, a person whose
clinician limits impact is never asked to run, a target never exceeds what fits in the days
left with a rest day between runs, above the plan is "ahead of plan" with why.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from connectors.settings import Settings
from dashboard.guidance.compose import compose
from dashboard.guidance.words import free_days
from dashboard.metrics.ramp import days_that_fit
from tests import personas
from tests.factories import make_frame

WEEK = [date(2026, 11, 30) + timedelta(days=i) for i in range(7)]  # Monday to Sunday
ASKS_TO_RUN = re.compile(
    r"more runs? (fits?|to reach)|runs? to reach|Keep .*run under|Suggested days|"
    r"\bgo for a run\b|ahead of plan|below target",
    re.IGNORECASE,
)


def settings(**values: Any) -> Any:
    """Settings with the values given."""
    return replace(Settings(), **values)


def run_persona(builder: Any, today: date) -> Any:
    person = builder(today)
    return compose(make_frame(person.rows), settings(**person.settings), today)


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
def test_a_walker_in_week_two_is_on_track_and_never_asked_to_run(today: date) -> None:
    guidance = run_persona(personas.walker_week2, today)
    assert (guidance.mode, guidance.status) == ("walking", "on track")
    assert guidance.headline.startswith("Week 2 of the walking phase: on track.")
    assert not [s for s in guidance.sentences() if ASKS_TO_RUN.search(s)]
    texts = " ".join(guidance.sentences())
    assert "Next walk: about 25 minutes, a little brisker" in texts
    assert "Running can start in about a week" in texts


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
def test_three_runs_in_the_first_running_week_are_ahead_of_plan_and_say_why(today: date) -> None:
    guidance = run_persona(personas.first_running_week, today)
    assert (guidance.mode, guidance.status) == ("ramp", "ahead of plan")
    assert guidance.headline == "3 runs in week 1 of running, against the plan's 1: ahead of plan."
    assert guidance.why is not None
    assert guidance.why.text.startswith("Why that matters: the plan builds from 1 run a week")
    assert "on target" not in " ".join(guidance.sentences())
    assert "That is this week's runs: next week the plan asks for 1 run." in [
        s.text for s in guidance.next
    ]


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
def test_couch_to_5k_week_six_done_as_prescribed_is_three_of_three(today: date) -> None:
    guidance = run_persona(personas.couch_to_5k_week6, today)
    assert guidance.mode == "plan"
    if today.weekday() >= 4:  # week 6 is this week: Monday, Wednesday and Friday done
        assert guidance.status == "done"
        assert guidance.headline == (
            "Week 6 of the walk-to-run plan: 3 of 3 sessions done. Well done."
        )
        monday = today - timedelta(days=today.weekday())
        assert [s.done_on for s in guidance.plan.sessions] == [
            monday,
            monday + timedelta(days=2),
            monday + timedelta(days=4),
        ]
        assert any(s.text.startswith("Week 7 starts") for s in guidance.next)
    else:  # week 6 was last week, done: this week is week 7
        assert guidance.headline.startswith("Week 7 of the walk-to-run plan: 0 of 3")
        assert "Last week: plan week 6, 3 of 3 done, so this week is week 7." in [
            s.text for s in guidance.holds
        ]
    sessions = [s.text for s in guidance.holds if s.text.startswith("Session ")]
    assert len(sessions) == 3 and all(t.startswith("Session ") for t in sessions)


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
def test_a_ten_year_runner_is_not_nagged_and_sees_the_rest_between_runs(today: date) -> None:
    guidance = run_persona(personas.ten_year_runner, today)
    assert guidance.mode == "runner"
    texts = guidance.sentences()
    assert not [s for s in texts if re.search(r"more runs?|to reach|target|ahead of plan", s)]
    (runs_line,) = [s for s in texts if s.startswith("Runs: ")]
    if today.weekday() >= 2:  # two runs or more by Wednesday
        assert re.search(r"a day without running between each|back to back on", runs_line)


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
def test_when_a_clinician_limits_impact_no_sentence_asks_for_a_run(today: date) -> None:
    guidance = run_persona(personas.limited_impact, today)
    assert guidance.mode == "limited"
    assert "a clinician limits impact" in guidance.headline
    assert not [s for s in guidance.sentences() if ASKS_TO_RUN.search(s)]
    assert not [s for s in guidance.sentences()[1:] if re.search(r"\brun", s, re.IGNORECASE)]
    assert any(s.startswith("Balance: ") for s in guidance.sentences())  # born 1950: on by age
    assert any(s.startswith("Strength: ") for s in guidance.sentences())


def test_the_plan_suggests_days_with_a_rest_day_between_and_a_spike_guard() -> None:
    monday = WEEK[0]
    plan_start = monday - timedelta(days=14)  # plan weeks 1 and 2 done: week 3 starts today
    rows = [
        personas._session(i, plan_start + timedelta(days=d), "run", 28, 3.5)
        for i, d in enumerate((0, 2, 4, 7, 9, 11))
    ]
    guidance = compose(make_frame(rows), settings(plan_start=plan_start.isoformat()), monday)
    assert guidance.headline == "Week 3 of the walk-to-run plan: 0 of 3 sessions done."
    assert [s.suggested for s in guidance.plan.sessions] == [WEEK[0], WEEK[2], WEEK[4]]
    texts = [s.text for s in guidance.next]
    assert texts[0] == (
        "Suggested days, a rest day between runs: session 1 today, session 2 Wednesday, "
        "session 3 Friday."
    )
    assert texts[1] == (
        "Keep today's run under about 31 minutes: your longest run of the last 30 days was 28 "
        "minutes, plus 10%."
    )
    (session_1,) = [s.text for s in guidance.holds if s.text.startswith("Session 1")]
    assert session_1 == (
        "Session 1: 5 min brisk walk, then 2 x (90 s run, 90 s walk, 3 min run, 3 min walk) "
        "(9 minutes running, 9 minutes walking): fits today."
    )


def test_sessions_that_no_longer_fit_are_not_asked_for() -> None:
    sunday = WEEK[6]
    plan_start = WEEK[0]  # plan week 1 is this week, nothing done by Sunday
    guidance = compose(make_frame([]), settings(plan_start=plan_start.isoformat()), sunday)
    assert [s.suggested for s in guidance.plan.sessions] == [sunday, None, None]
    assert (
        "2 sessions no longer fit this week with a rest day between runs: repeating the week "
        "next week is fine."
    ) in [s.text for s in guidance.next]


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
def test_the_ramp_never_asks_for_more_runs_than_fit(today: date) -> None:
    first = WEEK[0] - timedelta(days=28)  # running since four weeks: the ramp asks for 2... 3
    rows = [personas._session(i, first + timedelta(days=7 * i), "run", 20, 2.5) for i in range(4)]
    guidance = compose(make_frame(rows), settings(runs_per_week_target=3), today)
    asked = [s.text for s in guidance.next if "more run" in s.text]
    days_left = (WEEK[6] - today).days + 1
    fit = (days_left + 1) // 2
    if asked:
        number = int(re.match(r"(\d+) more run", asked[0]).group(1))
        assert number <= fit
    else:
        assert "No other run fits this week" in " ".join(guidance.sentences())


def test_days_that_fit_keep_a_rest_day_between() -> None:
    sat, sun = WEEK[5], WEEK[6]
    assert days_that_fit(sat, [WEEK[4]], 2) == [sun]
    assert days_that_fit(sat, [sat], 1) == []
    assert days_that_fit(WEEK[0], [], 5) == [WEEK[0], WEEK[2], WEEK[4], WEEK[6]]
    assert free_days(sat, sun, [sat], 2) == [sun]


def test_a_plan_that_starts_later_keeps_the_walker_walking() -> None:
    today = WEEK[2]
    start = today + timedelta(days=5)
    rows = [personas._session(1, today - timedelta(days=1), "walk", 30, 2.7)]
    guidance = compose(make_frame(rows), settings(plan_start=start.isoformat()), today)
    assert guidance.mode == "walking"
    assert f"Week 1 of the walk-to-run plan starts on {start:%A %d %B}" in guidance.sentences()[-1]


def test_every_statement_names_a_basis_with_a_rung() -> None:
    for builder in personas.ALL:
        guidance = run_persona(builder, WEEK[3])
        for basis in guidance.bases():
            assert basis.rung in ("well-founded", "moderate", "speculative")
            assert basis.sources
