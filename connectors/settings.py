"""Every setting in one table: its default and the help text shown beside it.

Settings are stored per owner in the store; what is not stored takes the default here.
A test checks that each one is documented in the README.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from connectors.errors import BoneloadError


def system_timezone() -> str:
    """The machine's IANA zone (TZ, then /etc/localtime), or UTC."""
    candidate = os.environ.get("TZ", "")
    if not candidate:
        try:
            target = Path("/etc/localtime").resolve()
            parts = target.parts
            if "zoneinfo" in parts:
                candidate = "/".join(parts[parts.index("zoneinfo") + 1 :])
        except OSError:
            candidate = ""
    return candidate if is_timezone(candidate) else "UTC"


def is_timezone(name: str) -> bool:
    if not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def timezone_choices() -> list[str]:
    return sorted(available_timezones())


@dataclass(frozen=True)
class Settings:
    """The athlete's settings. Field docs double as help text (see HELP)."""

    distance_unit: str = "km"
    timezone: str = "UTC"
    runs_per_week_start: int = 1
    runs_per_week_target: int = 2
    weekly_increase_flag_pct: float = 30.0
    shoe_warn_miles: float = 300.0
    shoe_replace_miles: float = 500.0
    resting_hr: int = 60
    max_hr: int = 185
    sex: str = "female"
    plan_start: str | None = None

    def updated(self, values: Mapping[str, Any]) -> Settings:
        known = {f.name for f in fields(self)}
        merged = {f.name: getattr(self, f.name) for f in fields(self)}
        merged.update({k: v for k, v in values.items() if k in known})
        return check(Settings(**merged))


HELP: dict[str, str] = {
    "distance_unit": "km or mi: how distances are shown, and the unit of a Garmin CSV's Distance.",
    "timezone": "Your IANA time zone (e.g. America/Chicago): puts each activity on your local day.",
    "runs_per_week_start": "Runs a week to aim for at the start (the article's advice: 1).",
    "runs_per_week_target": "Runs a week to build up to (2-3), with rest days between.",
    "weekly_increase_flag_pct": "Week-on-week increase in running distance that gets flagged.",
    "shoe_warn_miles": "Shoe distance (miles) at which boneload suggests checking the shoe.",
    "shoe_replace_miles": "Shoe distance (miles) at which the convention says replace it.",
    "resting_hr": "Resting heart rate (bpm), for Banister TRIMP.",
    "max_hr": "Maximum heart rate (bpm), for Banister TRIMP.",
    "sex": "female or male: picks the Banister TRIMP weighting.",
    "plan_start": "Date you started the 9-week walk-to-run plan (YYYY-MM-DD), or empty.",
}


def check(settings: Settings) -> Settings:
    """Refuse settings that would make the dashboard wrong; return them unchanged otherwise."""
    problems = []
    if settings.distance_unit not in ("km", "mi"):
        problems.append("distance unit must be km or mi")
    if not is_timezone(settings.timezone):
        problems.append(f"unknown time zone {settings.timezone!r}")
    if not 1 <= settings.runs_per_week_start <= settings.runs_per_week_target <= 7:
        problems.append("runs per week: 1 <= start <= target <= 7")
    if not 0 < settings.shoe_warn_miles < settings.shoe_replace_miles:
        problems.append("shoe warning distance must be below the replace distance")
    if not 25 <= settings.resting_hr < settings.max_hr <= 230:
        problems.append("heart rates: 25 <= resting < max <= 230")
    if settings.sex not in ("female", "male"):
        problems.append("sex must be female or male")
    if not settings.weekly_increase_flag_pct > 0:
        problems.append("the weekly increase that gets flagged must be above 0%")
    if settings.plan_start and not _is_iso_date(settings.plan_start):
        problems.append(f"plan start {settings.plan_start!r} is not a date like 2025-04-07")
    if problems:
        raise BoneloadError("; ".join(problems))
    return settings


def _is_iso_date(text: object) -> bool:
    try:
        date.fromisoformat(str(text))
    except ValueError:
        return False
    return True


def defaults() -> Settings:
    return Settings(timezone=system_timezone())


def from_stored(stored: Mapping[str, Any]) -> Settings:
    """Settings from the store's key/value pairs, falling back to defaults for bad values."""
    base = defaults()
    try:
        return base.updated(stored)
    except (BoneloadError, TypeError):
        return base
