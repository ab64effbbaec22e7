"""Settings: every one has help text and README documentation; bad values are refused."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from pathlib import Path

import pytest

from connectors.errors import BoneloadError
from connectors.settings import (
    HELP,
    Settings,
    check,
    defaults,
    from_stored,
    is_timezone,
    system_timezone,
)

README = Path(__file__).resolve().parents[2] / "README.md"
FIELDS = [f.name for f in fields(Settings)]


def test_every_setting_has_help_text() -> None:
    assert sorted(HELP) == sorted(FIELDS)
    assert all(len(HELP[name]) > 20 for name in FIELDS)


@pytest.mark.parametrize("key", FIELDS)
def test_readme_documents_every_setting(key: str) -> None:
    text = README.read_text(encoding="utf-8")
    assert re.search(rf"`{key}`", text), f"README.md does not mention `{key}`"


def test_defaults_pass_their_own_check() -> None:
    assert check(Settings()) == Settings()
    assert Settings().distance_unit == "km"
    assert (Settings().shoe_warn_miles, Settings().shoe_replace_miles) == (300.0, 500.0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"distance_unit": "miles"}, "distance unit must be km or mi"),
        ({"timezone": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
        ({"timezone": ""}, "unknown time zone ''"),
        ({"runs_per_week_start": 0}, "runs per week"),
        ({"runs_per_week_start": 3, "runs_per_week_target": 2}, "runs per week"),
        ({"runs_per_week_target": 8}, "runs per week"),
        ({"shoe_warn_miles": 500.0}, "shoe warning distance must be below the replace distance"),
        ({"shoe_warn_miles": 0.0}, "shoe warning distance"),
        ({"resting_hr": 20}, "heart rates"),
        ({"resting_hr": 190}, "heart rates"),
        ({"max_hr": 240}, "heart rates"),
        ({"sex": "other"}, "sex must be female or male"),
        ({"weekly_increase_flag_pct": 0.0}, "weekly increase"),
        ({"weekly_increase_flag_pct": -10.0}, "weekly increase"),
        ({"plan_start": "next monday"}, "plan start 'next monday' is not a date"),
        ({"plan_start": "2025-02-30"}, "plan start"),
    ],
)
def test_check_refuses_bad_values(change: dict, message: str) -> None:
    with pytest.raises(BoneloadError, match=re.escape(message)):
        check(replace(Settings(), **change))


def test_check_lists_every_problem_at_once() -> None:
    bad = replace(Settings(), distance_unit="yd", sex="x")
    with pytest.raises(BoneloadError) as caught:
        check(bad)
    assert str(caught.value) == "distance unit must be km or mi; sex must be female or male"


def test_good_values_pass() -> None:
    good = replace(
        Settings(),
        distance_unit="mi",
        timezone="America/Chicago",
        runs_per_week_start=2,
        runs_per_week_target=2,
        resting_hr=48,
        max_hr=201,
        sex="male",
        plan_start="2025-04-07",
    )
    assert check(good) is good


def test_updated_ignores_unknown_keys_and_checks() -> None:
    updated = Settings().updated({"distance_unit": "mi", "colour": "red"})
    assert updated == replace(Settings(), distance_unit="mi")
    with pytest.raises(BoneloadError, match="distance unit"):
        Settings().updated({"distance_unit": "furlongs"})


def test_from_stored_applies_good_values_and_falls_back_on_bad(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Europe/Copenhagen")
    assert defaults() == replace(Settings(), timezone="Europe/Copenhagen")
    stored = from_stored({"distance_unit": "mi", "max_hr": 190, "plan_start": "2025-04-07"})
    assert (stored.distance_unit, stored.max_hr, stored.plan_start) == ("mi", 190, "2025-04-07")
    assert stored.timezone == "Europe/Copenhagen"
    assert from_stored({"distance_unit": "mi", "resting_hr": 250}) == defaults()
    assert from_stored({"runs_per_week_target": "three"}) == defaults()
    assert from_stored({"plan_start": "soon"}) == defaults()


@pytest.mark.parametrize(
    ("tz", "expected"),
    [("America/Chicago", "America/Chicago"), ("UTC", "UTC"), ("Not/AZone", "UTC")],
)
def test_system_timezone_from_tz(monkeypatch: pytest.MonkeyPatch, tz: str, expected: str) -> None:
    monkeypatch.setenv("TZ", tz)
    assert system_timezone() == expected


def test_is_timezone() -> None:
    assert is_timezone("Europe/London")
    assert not is_timezone("")
    assert not is_timezone("Europe/Atlantis")
    assert not is_timezone("../../etc/passwd")
