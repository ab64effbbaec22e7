"""The Settings form shows the shoe marks in the distance unit (stored in miles)."""

from __future__ import annotations

from connectors.settings import TABLE
from dashboard.components.settings_form import in_display_unit


def test_shoe_marks_are_shown_in_km_and_other_settings_are_left_alone() -> None:
    specs = {spec.name: spec for spec in TABLE}
    warn = in_display_unit(specs["shoe_warn_miles"], "km")
    assert (warn.unit, warn.minimum, warn.maximum) == ("km", 80.5, 3218.7)
    assert in_display_unit(specs["shoe_warn_miles"], "mi") is specs["shoe_warn_miles"]
    assert in_display_unit(specs["max_hr"], "km") is specs["max_hr"]
