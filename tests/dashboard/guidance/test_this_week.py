"""This week's words and alerts on small hand-built frames, through the code the Overview runs
(dashboard.guidance: compose and alerts). Moved from tests of views.this_week / views.alerts,
which only these tests called; what they asserted is kept."""

from __future__ import annotations

from datetime import date

from connectors.settings import Settings
from dashboard.guidance import alerts
from dashboard.guidance.alerts import COHORT
from dashboard.guidance.compose import compose
from tests.dashboard.test_views import TWO_WEEKS, _every_other_day, act
from tests.factories import make_frame


def test_this_week_and_its_back_to_back_alert() -> None:
    today = date(2025, 6, 12)
    guidance = compose(TWO_WEEKS, Settings(), today)
    # the second week of running: the ramp asks for 1, so 2 is ahead of plan, and says why
    assert (guidance.mode, guidance.status) == ("ramp", "ahead of plan")
    assert guidance.headline == "2 runs in week 2 of running, against the plan's 1: ahead of plan."
    assert guidance.why is not None and guidance.why.text.startswith("Why that matters")
    runs = next(s.text for s in guidance.holds if s.text.startswith("Runs: "))
    assert "back to back on Tue and Wed" in runs
    found = alerts.alerts(TWO_WEEKS, Settings(), today)
    assert [(a.kind, a.level) for a in found] == [
        ("spike", "warning"),
        ("spike", "warning"),
        ("back_to_back", "warning"),
    ]
    assert found[0].text == (
        "Tue 10 Jun: a run 33% longer (by distance) than your longest run of the previous 30 "
        "days. Runs this far beyond the recent longest were linked to more injuries (hazard ratio "
        "1.52); the next runs are best kept nearer your usual length."
    )
    assert found[1].text == (
        "Wed 04 Jun: a run 20% longer (by distance) than your longest run of the previous 30 "
        "days. In a large study, even runs 10-30% beyond the recent longest came with more "
        "injuries (hazard ratio 1.64), so small steps up, with easy days after, are the gentler "
        "way."
    )
    assert found[0].caveat == found[1].caveat == COHORT
    assert found[2].text.startswith("Runs on consecutive days (Wed 11 Jun): the walk-to-run")


def test_this_week_early_in_the_week_says_what_is_left() -> None:
    frame = make_frame([act(date(2025, 6, 2)), act(date(2025, 6, 9))])
    settings = Settings(runs_per_week_start=2, runs_per_week_target=2)
    guidance = compose(frame, settings, date(2025, 6, 10))
    assert guidance.headline == "1 of 2 runs so far in week 2 of running."
    assert guidance.next[0].text == (
        "1 more run fits this week with a rest day between, for example tomorrow."
    )
    assert alerts.alerts(frame, settings, date(2025, 6, 10)) == []


def test_alerts_leave_old_and_small_things_alone() -> None:
    # the back-to-back pair is five weeks old; +10% is below the bands that get an alert
    frame = make_frame(
        [act(date(2025, 5, 5)), act(date(2025, 5, 6)), act(date(2025, 6, 10), km=5.5)]
    )
    assert alerts.alerts(frame, Settings(), date(2025, 6, 12)) == []


def test_a_shoe_past_300_miles_in_use_gets_an_alert() -> None:
    frame = make_frame(_every_other_day(50, 10.0, "Brooks Ghost 15", date(2025, 1, 1)))
    found = alerts.alerts(frame, Settings(), date(2025, 4, 20))
    assert [(a.kind, a.text) for a in found] == [
        ("shoes", "Brooks Ghost 15 has 500 km (311 mi): worth checking.")
    ]
    # a retired shoe (last run more than four weeks ago) is not nagged about
    assert alerts.alerts(frame, Settings(), date(2025, 6, 1)) == []
    replace = Settings(shoe_warn_miles=200.0, shoe_replace_miles=300.0)
    assert [a.text for a in alerts.alerts(frame, replace, date(2025, 4, 20))] == [
        "Brooks Ghost 15 has 500 km (311 mi): past the replace mark."
    ]
