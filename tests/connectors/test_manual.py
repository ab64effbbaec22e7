"""build_row(): a session logged by hand, from form values to one canonical row."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from connectors.manual import (
    BY_KEY,
    MANUAL_SOURCE,
    SESSION_TYPES,
    ManualEntryError,
    SessionForm,
    build_row,
    form_from_row,
)
from connectors.schema import sport_family, validate

TODAY = date(2026, 11, 30)


def _form(**overrides: object) -> SessionForm:
    values: dict[str, object] = {
        "day": "2026-11-28", "start": "07:30", "type_key": "walk", "minutes": "30",
    }  # fmt: skip
    values.update(overrides)
    return SessionForm(**values)  # type: ignore[arg-type]


def test_a_walk_becomes_one_valid_manual_row_in_the_persons_zone() -> None:
    form = _form(distance="2.5", reps=None, rpe="4", pain="2", note="felt <b>good</b> | ok")
    frame = build_row(form, timezone="Europe/Oslo", distance_unit="km", today=TODAY)
    assert validate(frame) == []
    row = frame.row(0, named=True)
    assert row["source"] == MANUAL_SOURCE and row["activity_id"] == "manual:20261128T0730-walk"
    assert (row["sport"], row["sport_type"], row["name"]) == ("walk", "Walk", "Walk")
    assert row["start_local"] == datetime(2026, 11, 28, 7, 30)
    assert row["start_utc"] == datetime(2026, 11, 28, 6, 30, tzinfo=UTC)  # Oslo is UTC+1
    assert (row["elapsed_s"], row["distance_m"], row["moving_s"]) == (1800.0, 2500.0, None)
    assert (row["rpe"], row["pain"], row["reps"]) == (4.0, 2.0, None)
    assert row["note"] == "felt <b>good</b> | ok"  # kept as typed: data, escaped where shown
    assert row["avg_hr"] is None and row["calories"] is None  # nothing invented


def test_distance_is_typed_in_the_display_unit_and_jumps_carry_a_count() -> None:
    frame = build_row(
        _form(type_key="impact", minutes=10, distance=1, reps="50"),
        timezone="UTC",
        distance_unit="mi",
    )
    row = frame.row(0, named=True)
    assert row["distance_m"] == pytest.approx(1609.344)
    assert row["reps"] == 50 and row["sport_type"] == "Plyometrics"
    assert row["sport"] == sport_family("Plyometrics")


@pytest.mark.parametrize("kind", SESSION_TYPES, ids=lambda t: t.key)
def test_every_type_builds_a_valid_row(kind: object) -> None:
    frame = build_row(_form(type_key=kind.key), timezone="UTC")  # type: ignore[attr-defined]
    assert validate(frame) == []
    assert frame["sport"][0] == sport_family(kind.sport_type)  # type: ignore[attr-defined]


def test_walk_run_is_a_run_family_session_with_its_own_type_name() -> None:
    row = build_row(_form(type_key="walk-run"), timezone="UTC").row(0, named=True)
    assert (row["sport"], row["sport_type"]) == ("run", "Walk-run")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"pain": "11"}, "Pain must be between 0 and 10 (got 11)"),
        ({"pain": "-1"}, "Pain must be between 0 and 10 (got -1)"),
        ({"rpe": "12"}, "Effort must be between 0 and 10 (got 12)"),
        ({"rpe": "hard"}, "Effort must be a number (got 'hard')"),
        ({"minutes": "0"}, "Minutes must be more than 0 and at most 1440 (got 0)"),
        ({"minutes": "2000"}, "Minutes must be more than 0 and at most 1440 (got 2000)"),
        ({"minutes": ""}, "Minutes are required"),
        ({"minutes": "nan"}, "Minutes must be a number"),
        ({"distance": "-2"}, "Distance must be between 0 and 300 km (got -2)"),
        ({"reps": "2.5"}, "Repetitions must be a whole number (got 2.5)"),
        ({"reps": "200000"}, "Repetitions must be between 0 and 100000 (got 200000)"),
        ({"day": "28/11/2026"}, "the date must look like 2026-11-28"),
        ({"day": "2026-12-01"}, "the date 2026-12-01 is in the future"),
        ({"start": "7.30pm"}, "the time must look like 07:30"),
        ({"type_key": "karate"}, "unknown type 'karate'; choose one of walk, walk-run, run"),
        ({"note": "x" * 1001}, "the note is 1001 characters long; keep it under 1000"),
    ],
)
def test_out_of_range_values_get_a_clear_message(overrides: dict, message: str) -> None:
    with pytest.raises(ManualEntryError) as caught:
        build_row(_form(**overrides), timezone="UTC", today=TODAY)
    assert any(message in problem for problem in caught.value.problems), caught.value.problems


def test_every_problem_is_listed_at_once() -> None:
    with pytest.raises(ManualEntryError) as caught:
        build_row(_form(pain="15", rpe="-3", minutes="abc"), timezone="UTC")
    assert len(caught.value.problems) == 3


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ManualEntryError, match="unknown time zone"):
        build_row(_form(), timezone="Mars/Olympus")


def test_typed_values_work_as_well_as_text_and_a_stored_row_rebuilds_its_form() -> None:
    form = SessionForm(
        date(2026, 11, 28), time(18, 5, 42), "jump-rope", 12.5, 0.8, 120, 7.0, 0.0, " hops ", "Rope"
    )
    row = build_row(form, timezone="America/Chicago", distance_unit="mi").row(0, named=True)
    assert row["start_local"] == datetime(2026, 11, 28, 18, 5)  # seconds dropped
    assert (row["name"], row["note"], row["pain"]) == ("Rope", "hops", 0.0)
    again = form_from_row(row, "mi")
    assert again.type_key == "jump-rope" and again.minutes == 12.5
    assert again.distance == pytest.approx(0.8) and (again.reps, again.rpe) == (120, 7.0)
    rebuilt = build_row(again, timezone="America/Chicago", distance_unit="mi").row(0, named=True)
    assert rebuilt == row


def test_type_keys_are_unique_and_plain() -> None:
    assert len(BY_KEY) == len(SESSION_TYPES)
    assert all(key == key.lower() and " " not in key for key in BY_KEY)
