"""Alerts that follow the evidence, and the safety panel's logged pain."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from dashboard.guidance import alerts, safety
from dashboard.guidance.alerts import COHORT
from tests import personas
from tests.dashboard.guidance.test_compose import settings
from tests.factories import make_frame

TODAY = date(2026, 12, 3)


def found(builder, profile: str = "runner") -> list[alerts.Alert]:
    person = builder(TODAY)
    return alerts.alerts(make_frame(person.rows), settings(), TODAY, profile=profile)


def test_a_twenty_percent_spike_is_alerted_softly_with_the_cohort_caveat() -> None:
    (spike,) = [a for a in found(personas.spike_20) if a.kind == "spike"]
    assert (spike.level, spike.tone, spike.caveat) == ("warning", "notice", COHORT)
    assert spike.text.startswith(
        "Wed 02 Dec: a run 20% longer (by distance) than your longest run of the previous 30 days."
    )
    assert "hazard ratio 1.64" in spike.text


@pytest.mark.parametrize(
    ("km", "tone", "words"),
    [(14.0, "caution", "40% longer"), (25.0, "warning", "more than twice as long")],
)
def test_the_higher_bands_are_alerted_too(km: float, tone: str, words: str) -> None:
    rows = [
        personas._session(i, TODAY - timedelta(days=20 - 3 * i), "run", 60, 10.0) for i in range(5)
    ]
    rows.append(personas._session(9, TODAY, "run", 90, km))
    (spike,) = [a for a in alerts.alerts(make_frame(rows), settings(), TODAY) if a.kind == "spike"]
    assert words in spike.text and (spike.tone, spike.caveat) == (tone, COHORT)


def test_a_long_gap_run_is_compared_with_the_last_90_days_and_says_so() -> None:
    (gap,) = [a for a in found(personas.long_gap) if a.kind == "long_gap"]
    assert gap.level == "warning" and gap.caveat == COHORT
    assert gap.text.startswith(
        "Wed 02 Dec: a run 25% longer (by distance) than your longest run in the 90 days before it"
    )
    assert "It came 45 days after your previous run." in gap.text


def test_week_on_week_is_context_only_and_nothing_else_is_flagged() -> None:
    monday = TODAY - timedelta(days=TODAY.weekday())
    rows = [
        personas._session(1, monday - timedelta(days=14), "run", 30, 5.0),
        personas._session(2, monday - timedelta(days=7), "run", 30, 5.0),
        personas._session(3, monday - timedelta(days=5), "run", 30, 5.0),
    ]
    (alert,) = alerts.alerts(make_frame(rows), settings(), TODAY)
    assert (alert.kind, alert.level) == ("week_change", "context")
    assert alert.text.startswith("For context: last week you ran 100% more distance")


def test_back_to_back_runs_warn_on_the_walk_to_run_path_and_are_context_for_a_runner() -> None:
    rows = [personas._session(i, TODAY - timedelta(days=i), "run", 30, 5.0) for i in range(2)]
    frame = make_frame(rows)
    (starting,) = [a for a in alerts.alerts(frame, settings(), TODAY) if a.kind == "back_to_back"]
    (runner,) = [
        a
        for a in alerts.alerts(frame, settings(), TODAY, profile="runner")
        if a.kind == "back_to_back"
    ]
    assert (starting.level, runner.level) == ("warning", "context")


def test_pain_at_or_above_the_threshold_surfaces_with_its_note_as_data() -> None:
    rows = [
        personas._session(1, TODAY - timedelta(days=1), "run", 30, 5.0),
        personas._session(2, TODAY - timedelta(days=3), "run", 30, 5.0),
        personas._session(3, TODAY - timedelta(days=40), "run", 30, 5.0),
    ]
    frame = make_frame(rows).with_columns(
        pain=pl.Series([6.0, 3.0, 9.0]),
        note=pl.Series(["shin sore ![x](http://e.test/a.png) <b>", None, "old"]),
    )
    notes = safety.pain_notes(frame, 4.0, TODAY - timedelta(days=27), TODAY)
    assert [(n.day, n.pain) for n in notes] == [(TODAY - timedelta(days=1), 6.0)]
    assert safety.pain_line(notes[0]) == (
        "Wed 02 Dec: pain 6/10 (Morning Run): shin sore ![x](http://e.test/a.png) <b>"
    )
    assert safety.pain_notes(make_frame(rows), 4.0, TODAY, TODAY) == []  # no pain column


def test_plain_escapes_every_markup_character() -> None:
    from dashboard.components.guidance_view import plain

    text = plain("![x](http://e.test/a.png) <b>**bold**</b> :material/home: $x$")
    assert "![" not in text and "<b>" not in text and "**" not in text
    shown = text.replace("\\", "").replace("\u200b", "")  # escapes; zero-width breaks
    assert shown == "![x](http://e.test/a.png) <b>**bold**</b> :material/home: $x$"
