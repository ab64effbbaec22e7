"""The walk-to-run plan: NHS Couch to 5K content, the walking phase, planned against done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from dashboard.metrics import plan_content as content
from dashboard.metrics.plan import (
    plan_history,
    plan_sentence,
    plan_week,
    session_status,
    sessions_frame,
    sessions_markdown,
)

MONDAY = date(2026, 4, 6)


@dataclass(frozen=True)
class Person:
    profile: str = "starting"
    plan_start: str | None = None


def test_couch_to_5k_is_the_nhs_plan_week_by_week():
    plan = content.couch_to_5k_plan()
    assert plan.height == 27
    texts = {(w, s): t for w, s, t in plan.select("week", "session", "description").rows()}
    assert texts[(1, 1)] == "5 min brisk walk, then alternate 60 s run and 90 s walk for 20 min"
    assert texts[(2, 2)] == "5 min brisk walk, then alternate 90 s run and 2 min walk for 20 min"
    assert (
        texts[(3, 3)] == "5 min brisk walk, then 2 x (90 s run, 90 s walk, 3 min run, 3 min walk)"
    )
    assert texts[(4, 1)] == (
        "5 min brisk walk, then 3 min run, 90 s walk, 5 min run, 2.5 min walk, 3 min run, "
        "90 s walk, 5 min run"
    )
    assert texts[(5, 1)] == "5 min brisk walk, then 3 x (5 min run, 3 min walk)"
    assert texts[(5, 2)] == "5 min brisk walk, then 8 min run, 5 min walk, 8 min run"
    assert texts[(5, 3)] == "5 min brisk walk, then 20 min run without walking"
    assert texts[(6, 1)] == (
        "5 min brisk walk, then 5 min run, 3 min walk, 8 min run, 3 min walk, 5 min run"
    )
    assert texts[(6, 2)] == "5 min brisk walk, then 10 min run, 3 min walk, 10 min run"
    assert texts[(6, 3)] == "5 min brisk walk, then 25 min run without walking"
    for week, minutes in ((7, 25), (8, 28), (9, 30)):
        assert {texts[(week, s)] for s in (1, 2, 3)} == {
            f"5 min brisk walk, then {minutes} min run without walking"
        }
    runs = plan.select("week", "session", "run_minutes").rows()
    assert (6, 1, 18.0) in runs and (6, 2, 20.0) in runs and (6, 3, 25.0) in runs


def test_sessions_are_structured_intervals():
    week1 = content.week_sessions(1)[0]
    assert week1.warmup_s == 300
    assert sum(i.seconds for i in week1.intervals) == 20 * 60
    assert [i.kind for i in week1.intervals[:3]] == ["run", "walk", "run"]
    assert week1.run_minutes == 8.0
    week4 = content.week_sessions(4)[0]
    assert [(i.kind, i.seconds) for i in week4.intervals] == [
        ("run", 180),
        ("walk", 90),
        ("run", 300),
        ("walk", 150),
        ("run", 180),
        ("walk", 90),
        ("run", 300),
    ]
    assert content.week_sessions(9)[2].continuous


def test_persona_walker_in_week_two_of_the_walking_phase_is_on_track(make):
    acts = make(
        [
            {"start": MONDAY - timedelta(days=7), "sport": "walk", "minutes": 17},
            {"start": MONDAY - timedelta(days=5), "sport": "walk", "minutes": 18},
            {"start": MONDAY, "sport": "walk", "minutes": 19},
            {"start": MONDAY + timedelta(days=2), "sport": "walk", "minutes": 10},  # too short
        ]
    )
    week = plan_week(acts, Person(), MONDAY + timedelta(days=2))
    assert (week.phase, week.week, week.done, week.planned) == ("walking", 2, 1, 3)
    assert all(s.content.intervals[0].kind == "walk" for s in week.sessions)
    assert week.sessions[0].content.text == "a 15-20 min walk at a comfortable pace"
    assert [s.suggested for s in week.sessions] == [None, date(2026, 4, 9), date(2026, 4, 10)]
    sentence = plan_sentence(week)
    assert "walking phase" in sentence and "on track" in sentence
    assert "run" not in sentence.replace("running", "")


def test_walking_phase_moves_to_longer_brisker_walks_and_opens_week_one(make):
    acts = make([{"start": MONDAY - timedelta(days=21), "sport": "walk", "minutes": 20}])
    week = plan_week(acts, Person(), MONDAY)
    assert week.week == 4 and week.ready_to_run
    assert week.sessions[0].content.text == "a walk of about 30 min, brisker than before"
    assert "week 1 of the walk-to-run plan" in plan_sentence(week)


def _week6(make, minutes: tuple[float, float, float], days=(0, 2, 4)):
    start = MONDAY - timedelta(weeks=5)
    rows = []
    for week in range(1, 6):  # weeks 1-5 done as prescribed
        ws = start + timedelta(weeks=week - 1)
        for session, day in zip(content.week_sessions(week), (0, 2, 4), strict=True):
            rows.append(
                {
                    "start": ws + timedelta(days=day),
                    "sport": "run",
                    "minutes": session.main_minutes + 5,
                    "name": "C25K",
                }
            )
    for mins, day in zip(minutes, days, strict=True):
        rows.append({"start": MONDAY + timedelta(days=day), "sport": "run", "minutes": mins})
    return make(rows), Person(plan_start=start.isoformat())


def test_persona_couch_to_5k_week_six_done_as_prescribed(make):
    acts, person = _week6(make, (29.0, 28.0, 30.0))
    week = plan_week(acts, person, MONDAY + timedelta(days=5))
    assert (week.phase, week.week, week.attempt) == ("plan", 6, 1)
    assert (week.done, week.planned) == (3, 3)
    assert [s.done_on for s in week.sessions] == [MONDAY + timedelta(days=d) for d in (0, 2, 4)]
    assert "5 min run, 3 min walk, 8 min run" in week.sessions[0].content.text
    assert week.adherence is not None and week.adherence.share == 1.0
    assert week.adherence.repeats == 0
    assert plan_sentence(week).startswith("Week 6 of the walk-to-run plan: 3 of 3 sessions done")


def test_a_week_not_done_is_repeated_not_failed(make):
    start = MONDAY - timedelta(weeks=2)
    acts = make(
        [
            {"start": start, "sport": "run", "minutes": 25},
            {"start": start + timedelta(days=2), "sport": "run", "minutes": 12},  # too short
            {"start": start + timedelta(days=4), "sport": "run", "minutes": 25},
            *[
                {"start": start + timedelta(days=7 + d), "sport": "run", "minutes": 24}
                for d in (0, 2, 4)
            ],
            {"start": MONDAY, "sport": "run", "minutes": 25},
        ]
    )
    person = Person(plan_start=start.isoformat())
    history = plan_history(acts, person, MONDAY + timedelta(days=1))
    assert history.select("plan_week", "attempt", "done", "outcome").rows() == [
        (1, 1, 2, "repeat"),
        (1, 2, 3, "moved on"),
        (2, 1, 1, "this week"),
    ]
    week = plan_week(acts, person, MONDAY + timedelta(days=1))
    assert (week.week, week.done) == (2, 1)
    assert week.adherence is not None
    assert (week.adherence.sessions_done, week.adherence.sessions_planned) == (5, 6)
    assert week.adherence.repeats == 1
    # ran Monday, today Tuesday: Wednesday and Friday keep a rest day between
    assert [s.suggested for s in week.sessions] == [None, date(2026, 4, 8), date(2026, 4, 10)]
    assert week.guard_day == date(2026, 4, 8) and week.spike_guard is not None
    assert "Keep Wednesday's run under about 28 minutes" in plan_sentence(week)
    repeat = plan_week(acts, person, start + timedelta(days=8))
    assert (repeat.week, repeat.attempt) == (1, 2)
    assert "repeating week 1" in plan_sentence(repeat) and "fine" in plan_sentence(repeat)


def test_sessions_that_cannot_fit_are_never_suggested(make):
    start = MONDAY
    acts = make([{"start": start + timedelta(days=5), "sport": "run", "minutes": 25}])
    person = Person(plan_start=start.isoformat())
    week = plan_week(acts, person, start + timedelta(days=6))  # Sunday, ran Saturday
    assert week.done == 1 and week.cannot_fit == 2
    assert all(s.suggested is None for s in week.sessions)
    assert "next week" in plan_sentence(week)


def test_limited_impact_plans_walks_only(make):
    acts = make([{"start": MONDAY, "sport": "run", "minutes": 25}])
    week = plan_week(acts, Person(profile="limited_impact"), MONDAY + timedelta(days=1))
    assert week.phase == "limited" and week.spike_guard is None
    assert {i.kind for s in week.sessions for i in s.content.intervals} == {"walk"}


def test_runner_without_plan_gets_no_sessions(make):
    acts = make([{"start": MONDAY, "sport": "run", "minutes": 40, "km": 8.0}])
    week = plan_week(acts, Person(profile="runner"), MONDAY + timedelta(days=1))
    assert week.phase == "running" and week.sessions == ()
    assert week.spike_guard is not None and week.spike_guard.max_km == 8.8


def test_plan_finished_after_week_nine(make):
    start = MONDAY - timedelta(weeks=9)
    rows = [
        {"start": start + timedelta(weeks=w, days=d), "sport": "run", "minutes": 36}
        for w in range(9)
        for d in (0, 2, 4)
    ]
    week = plan_week(make(rows), Person(plan_start=start.isoformat()), MONDAY)
    assert week.phase == "finished" and week.adherence is not None
    assert week.adherence.weeks == 9 and week.adherence.share == 1.0
    assert isinstance(
        plan_history(make(rows), Person(plan_start=start.isoformat()), MONDAY), pl.DataFrame
    )


def test_session_status_and_markdown(make):
    acts = make([{"start": MONDAY, "sport": "run", "minutes": 25}])
    week = plan_week(acts, Person(plan_start=MONDAY.isoformat()), MONDAY + timedelta(days=5))
    assert [session_status(s) for s in week.sessions] == [
        "done Mon 06 Apr",
        "suggested Sat 11 Apr",
        "does not fit this week",
    ]
    lines = sessions_markdown(week).splitlines()
    assert lines[0] == (
        "- **Session 1:** 5 min brisk walk, then alternate 60 s run and 90 s walk for 20 min "
        "(done Mon 06 Apr)"
    )
    assert sessions_frame(week)["status"].to_list()[2] == "does not fit this week"
