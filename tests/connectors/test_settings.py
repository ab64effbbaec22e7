"""Settings: one table (name, default, bounds, unit, help) that the README, the page and the CLI
follow; bad values are refused, and a bad stored value costs that key only."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from pathlib import Path

import pytest

from connectors.errors import BoneloadError
from connectors.settings import (
    BY_NAME,
    HELP,
    TABLE,
    Settings,
    check,
    defaults,
    from_stored,
    is_timezone,
    markdown_table,
    parse_stored,
    system_timezone,
)

README = Path(__file__).resolve().parents[2] / "README.md"
FIELDS = [f.name for f in fields(Settings)]


def test_every_setting_has_help_text() -> None:
    assert sorted(HELP) == sorted(FIELDS)
    assert all(len(HELP[name]) > 20 for name in FIELDS)


def test_the_table_and_the_typed_settings_agree() -> None:
    assert [spec.name for spec in TABLE] == FIELDS
    assert {f.name: f.default for f in fields(Settings)} == {s.name: s.default for s in TABLE}


def test_the_readme_settings_table_is_the_table() -> None:
    assert markdown_table() in README.read_text(encoding="utf-8")


def test_the_new_settings_and_their_defaults() -> None:
    made = Settings()
    assert (made.profile, made.birth_year, made.strength_days_target) == ("starting", None, 2)
    assert (made.balance_days, made.balance_days_target) == ("auto", 3)
    assert (made.display_name, made.pain_alert_at) == ("", 4)
    assert BY_NAME["profile"].choices == ("starting", "runner", "limited_impact")
    assert (BY_NAME["birth_year"].minimum, BY_NAME["birth_year"].maximum) == (1900, 2100)


def test_defaults_pass_their_own_check() -> None:
    assert check(Settings()) == Settings()
    assert Settings().distance_unit == "km"
    assert (Settings().shoe_warn_miles, Settings().shoe_replace_miles) == (300.0, 500.0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"distance_unit": "miles"}, "distance_unit must be km, mi, not 'miles'"),
        ({"timezone": "Mars/Olympus"}, "timezone must be an IANA zone, not 'Mars/Olympus'"),
        ({"timezone": ""}, "timezone must be an IANA zone, not ''"),
        ({"runs_per_week_start": 0}, "runs_per_week_start must be 1-7, not 0"),
        ({"runs_per_week_start": 3, "runs_per_week_target": 2}, "runs per week: start <= target"),
        ({"runs_per_week_target": 8}, "runs_per_week_target must be 1-7"),
        ({"shoe_warn_miles": 500.0}, "the shoe check distance must be below replace"),
        ({"shoe_warn_miles": 0.0}, "shoe_warn_miles must be 50-2000"),
        ({"resting_hr": 20}, "resting_hr must be 25-120"),
        ({"resting_hr": 110, "max_hr": 105}, "heart rates: resting must be below maximum"),
        ({"max_hr": 240}, "max_hr must be 100-230"),
        ({"sex": "other"}, "sex must be female, male, not 'other'"),
        ({"weekly_increase_flag_pct": 0.0}, "weekly_increase_flag_pct must be 1-200"),
        ({"weekly_increase_flag_pct": -10.0}, "weekly_increase_flag_pct"),
        ({"plan_start": "next monday"}, "plan_start must be a date YYYY-MM-DD, or empty"),
        ({"plan_start": "2025-02-30"}, "plan_start"),
        ({"profile": "elite"}, "profile must be starting, runner, limited_impact"),
        ({"birth_year": 1850}, "birth_year must be 1900-2100, or empty"),
        ({"strength_days_target": 8}, "strength_days_target must be 0-7"),
        ({"balance_days": "sometimes"}, "balance_days must be auto, on, off"),
        ({"balance_days_target": -1}, "balance_days_target must be 0-7"),
        ({"display_name": "x" * 81}, "display_name must be text up to 80 characters"),
        ({"pain_alert_at": 0}, "pain_alert_at must be 1-10"),
        ({"pain_alert_at": 4.5}, "pain_alert_at must be 1-10"),
        ({"resting_hr": True}, "resting_hr must be 25-120"),
    ],
)
def test_check_refuses_bad_values(change: dict, message: str) -> None:
    with pytest.raises(BoneloadError, match=re.escape(message)):
        check(replace(Settings(), **change))


def test_check_lists_every_problem_at_once() -> None:
    bad = replace(Settings(), distance_unit="yd", sex="x")
    with pytest.raises(BoneloadError) as caught:
        check(bad)
    assert str(caught.value) == (
        "distance_unit must be km, mi, not 'yd'; sex must be female, male, not 'x'"
    )


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
        profile="limited_impact",
        birth_year=1948,
        balance_days="on",
        display_name="Ana Lúcia",
        pain_alert_at=6,
    )
    assert check(good) is good


def test_updated_ignores_unknown_keys_and_checks() -> None:
    updated = Settings().updated({"distance_unit": "mi", "colour": "red"})
    assert updated == replace(Settings(), distance_unit="mi")
    with pytest.raises(BoneloadError, match="distance_unit"):
        Settings().updated({"distance_unit": "furlongs"})


def test_from_stored_applies_good_values_and_falls_back_on_bad(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Europe/Copenhagen")
    assert defaults() == replace(Settings(), timezone="Europe/Copenhagen")
    stored = from_stored({"distance_unit": "mi", "max_hr": 190, "plan_start": "2025-04-07"})
    assert (stored.distance_unit, stored.max_hr, stored.plan_start) == ("mi", 190, "2025-04-07")
    assert stored.timezone == "Europe/Copenhagen"
    assert from_stored({"runs_per_week_target": "three"}) == defaults()
    assert from_stored({"plan_start": "soon"}) == defaults()


def test_one_bad_stored_value_falls_back_for_that_key_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    stored = {"distance_unit": "mi", "resting_hr": 250, "max_hr": 190, "profile": "pro"}
    settings, warnings = parse_stored(stored)
    assert settings == replace(defaults(), distance_unit="mi", max_hr=190)
    assert warnings == [
        "stored setting resting_hr must be 25-120, not 250; using the default 60",
        "stored setting profile must be starting, runner, limited_impact, not 'pro'; "
        "using the default 'starting'",
    ]


def test_a_stored_pair_that_breaks_its_rule_falls_back_as_a_pair(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    stored = {"runs_per_week_start": 5, "runs_per_week_target": 3, "sex": "male"}
    settings, warnings = parse_stored(stored)
    assert settings == replace(defaults(), sex="male")
    assert warnings == [
        "stored settings break 'runs per week: start <= target'; using the defaults for both"
    ]


def test_stored_json_numbers_keep_their_types() -> None:
    settings, warnings = parse_stored({"resting_hr": 48.0, "shoe_warn_miles": 250, "x": 1})
    assert warnings == []
    assert (settings.resting_hr, settings.shoe_warn_miles) == (48, 250.0)
    assert isinstance(settings.resting_hr, int) and isinstance(settings.shoe_warn_miles, float)


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("resting_hr", "52", 52),
        ("weekly_increase_flag_pct", "25", 25.0),
        ("birth_year", "", None),
        ("birth_year", "none", None),
        ("plan_start", "2025-04-07", "2025-04-07"),
        ("display_name", "  Ana ", "Ana"),
    ],
)
def test_parse_text_gives_the_setting_its_type(name: str, text: str, value: object) -> None:
    assert BY_NAME[name].parse_text(text) == value


def test_parse_text_refuses_words_for_numbers() -> None:
    with pytest.raises(BoneloadError, match="resting_hr must be a number"):
        BY_NAME["resting_hr"].parse_text("fast")


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
