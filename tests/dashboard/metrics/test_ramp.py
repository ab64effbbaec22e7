"""The runs ramp's start, days that fit with a rest day between runs, and the spike guard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from connectors.settings import Settings
from dashboard import views
from dashboard.guidance.compose import compose
from dashboard.guidance.words import FRANDSEN
from dashboard.metrics import ramp, rest
from tests.dashboard.guidance.test_compose import ASKS_TO_RUN

MONDAY = date(2026, 4, 13)


@dataclass(frozen=True)
class Person:
    """Settings as the new fields will look (profile may not be on Settings yet)."""

    profile: str = "starting"
    plan_start: str | None = None


def test_days_that_fit_keep_a_rest_day_between_runs():
    assert ramp.days_that_fit(MONDAY, [], 7) == [MONDAY + timedelta(days=d) for d in (0, 2, 4, 6)]
    # ran Sunday: Monday is too close
    assert ramp.days_that_fit(MONDAY, [MONDAY - timedelta(days=1)], 7)[0] == MONDAY + timedelta(1)
    # ran today (Wednesday): Friday, Sunday
    wed = MONDAY + timedelta(days=2)
    assert ramp.days_that_fit(wed, [wed], 7) == [wed + timedelta(2), wed + timedelta(4)]
    assert ramp.days_that_fit(MONDAY + timedelta(days=6), [MONDAY + timedelta(days=5)], 3) == []
    assert ramp.days_that_fit(MONDAY, [], 2) == [MONDAY, MONDAY + timedelta(days=2)]


def test_ramp_starts_at_first_run_or_plan_start_never_first_walk(make):
    acts = make(
        [
            {"start": date(2026, 3, 2), "sport": "walk"},
            {"start": date(2026, 4, 14), "sport": "run"},
        ]
    )
    assert ramp.ramp_start(acts, Person()) == date(2026, 4, 14)
    assert ramp.ramp_start(acts, Person(plan_start="2026-04-06")) == date(2026, 4, 6)
    walks = acts.filter(acts["sport"] == "walk")
    assert ramp.ramp_start(walks, Person()) is None


def test_persona_walker_in_week_two_of_the_walking_phase_is_not_asked_to_run(make):
    start = MONDAY - timedelta(days=7)
    acts = make(
        [{"start": start + timedelta(days=d), "sport": "walk", "minutes": 18} for d in (0, 2, 4)]
        + [{"start": MONDAY + timedelta(days=1), "sport": "walk", "minutes": 20}]
    )
    today = MONDAY + timedelta(days=2)
    guidance = compose(acts, Settings(), today)  # what Overview says (dashboard.guidance)
    assert (guidance.mode, guidance.status) == ("walking", "on track")
    assert not [s for s in guidance.sentences() if ASKS_TO_RUN.search(s)]
    assert guidance.headline.startswith("Week 2 of the walking phase: on track.")
    assert "it is the plan, not a failure to run" in guidance.headline
    table = views.targets(acts, Settings(), start, today)
    assert set(table["status"]) == {"walking phase"}


def test_persona_first_running_week_with_three_runs_is_ahead_of_plan(make):
    acts = make(
        [{"start": MONDAY - timedelta(days=d), "sport": "walk"} for d in (3, 5, 8)]
        + [{"start": MONDAY + timedelta(days=d), "sport": "run", "km": 3.0} for d in (0, 2, 4)]
    )
    guidance = compose(acts, Settings(), MONDAY + timedelta(days=5))
    assert (guidance.mode, guidance.status) == ("ramp", "ahead of plan")
    assert guidance.headline == "3 runs in week 1 of running, against the plan's 1: ahead of plan."
    # and why: the build-up and the rest between runs, with the spike guard's evidence
    assert guidance.why is not None and "rest between runs" in guidance.why.text
    assert "6-12 months" in guidance.why.text
    assert FRANDSEN in [source for basis in guidance.bases() for source in basis.sources]
    assert "on target" not in " ".join(guidance.sentences())


def test_persona_monday_with_target_five_never_asks_for_more_than_fits(make):
    acts = make(
        [
            {"start": MONDAY - timedelta(days=7 * w) + timedelta(days=d), "sport": "run", "km": 8.0}
            for w in range(1, 30)
            for d in (1, 3, 5, 6)
        ]
    )
    settings = Settings(runs_per_week_start=5, runs_per_week_target=5)

    def asked(guidance: object) -> list[str]:
        return [s.text for s in guidance.next if "more run" in s.text]

    # ran Sunday, so Tuesday, Thursday and Saturday fit: 3 are asked, not 5
    assert asked(compose(acts, settings, MONDAY)) == [
        "3 more runs fit this week with a rest day between, for example tomorrow and Thursday "
        "and Saturday."
    ]
    fresh = make([{"start": MONDAY - timedelta(days=3), "sport": "run", "km": 8.0}])
    (fresh_week,) = asked(compose(fresh, settings, MONDAY))
    assert fresh_week.startswith("4 more runs fit")  # Mon, Wed, Fri, Sun
    (sunday,) = asked(compose(fresh, settings, MONDAY + timedelta(days=6)))
    assert sunday.startswith("1 more run fits") and "5 more" not in sunday


def test_persona_runner_at_four_to_five_runs_is_not_nagged(make):
    @dataclass(frozen=True)
    class Runner(Settings):
        profile: str = "runner"

    days = (0, 1, 3, 5, 6)
    acts = make(
        [
            {"start": MONDAY - timedelta(days=7 * w) + timedelta(days=d), "sport": "run", "km": 8.0}
            for w in range(1, 60)
            for d in days[: 4 + w % 2]
        ]
    )
    table = views.targets(acts, Runner(), MONDAY - timedelta(days=56), MONDAY - timedelta(days=1))
    assert set(table["status"]) == {"on target"}
    for row in table.iter_rows(named=True):
        sentence = rest.rest_takeaway(
            row["runs"], row["back_to_back"], row["status"], row["run_days"], target=row["target"]
        )
        assert "ahead of plan" not in sentence and "more runs" not in sentence
        assert "rest day" in sentence  # rest between runs is still shown


def test_limited_impact_never_asks_for_runs(make):
    @dataclass(frozen=True)
    class Limited(Settings):
        profile: str = "limited_impact"

    acts = make([{"start": MONDAY - timedelta(days=3), "sport": "run"}])
    guidance = compose(acts, Limited(), MONDAY)
    assert guidance.mode == "limited"
    assert not [s for s in guidance.sentences() if ASKS_TO_RUN.search(s)]
    assert "more run" not in " ".join(guidance.sentences())


def test_spike_guard_is_30_day_longest_plus_ten_percent(make):
    acts = make(
        [
            {"start": MONDAY - timedelta(days=40), "sport": "run", "minutes": 50, "km": 9.0},
            {"start": MONDAY - timedelta(days=10), "sport": "run", "minutes": 28, "km": 3.0},
            {"start": MONDAY - timedelta(days=3), "sport": "run", "minutes": 20, "km": 2.5},
        ]
    )
    guard = ramp.spike_guard(acts, MONDAY)
    assert guard is not None and guard.reference == "30 days"
    assert guard.max_minutes == pytest.approx(30.8)
    assert guard.max_km == pytest.approx(3.3)
    assert guard.text(date(2026, 4, 18)) == (
        "Keep Saturday's run under about 31 minutes (3.3 km): that is your longest run of the "
        "last 30 days plus 10%."
    )
    later = ramp.spike_guard(acts, MONDAY + timedelta(days=40))
    assert later is not None and later.reference == "90 days"
    assert later.max_minutes == pytest.approx(55.0)
    assert ramp.spike_guard(acts, MONDAY - timedelta(days=41)) is None
