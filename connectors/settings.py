"""Every setting in one table: name, default, bounds or choices, unit and help.

Settings are stored per owner in the store; what is not stored takes the default here. The
Settings page draws its widgets from `TABLE`, `boneload settings` lists and sets them, and a test
checks the README's table against `markdown_table()`. A stored value that no longer passes its
row's check falls back to that row's default alone, with a warning (never every setting).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from connectors.errors import BoneloadError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Spec:
    """One setting. kind: choice, timezone, int, float, text or date."""

    name: str
    label: str
    default: Any
    kind: str
    help: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    optional: bool = False  # None (empty) is allowed
    step: float = 1.0

    def allowed(self) -> str:
        """The allowed values in words, for the README, the CLI and error messages."""
        if self.kind == "choice":
            text = ", ".join(self.choices)
        elif self.kind == "timezone":
            text = "an IANA zone"
        elif self.kind == "date":
            text = "a date YYYY-MM-DD"
        elif self.kind == "text":
            text = f"text up to {self.maximum:.0f} characters"
        else:
            text = f"{_num(self.minimum)}-{_num(self.maximum)}"
        return f"{text}, or empty" if self.optional else text

    def problem(self, value: Any) -> str | None:
        """Why `value` is not allowed for this setting, or None when it is."""
        if value is None:
            return None if self.optional else f"{self.name} must be set ({self.allowed()})"
        wrong = f"{self.name} must be {self.allowed()}, not {value!r}"
        if self.kind == "choice":
            return None if value in self.choices else wrong
        if self.kind == "timezone":
            return None if isinstance(value, str) and is_timezone(value) else wrong
        if self.kind == "date":
            return None if isinstance(value, str) and _is_iso_date(value) else wrong
        if self.kind == "text":
            ok = (
                isinstance(value, str) and len(value) <= (self.maximum or 0) and "\x00" not in value
            )
            return None if ok else wrong
        if isinstance(value, bool) or not isinstance(value, int | float):
            return wrong
        if self.kind == "int" and value != int(value):
            return wrong
        assert self.minimum is not None and self.maximum is not None
        return None if self.minimum <= value <= self.maximum else wrong

    def coerce(self, value: Any) -> Any:
        """The stored JSON value in this setting's Python type (int stays int, etc.)."""
        if value is None or isinstance(value, bool):
            return value
        if self.kind == "int" and isinstance(value, float) and value == int(value):
            return int(value)
        if self.kind == "float" and isinstance(value, int):
            return float(value)
        return value

    def parse_text(self, text: str) -> Any:
        """A value typed on the command line, in this setting's type (check it afterwards)."""
        text = text.strip()
        if self.optional and text.lower() in ("", "none", "empty"):
            return None
        if self.kind in ("int", "float"):
            try:
                number = float(text)
            except ValueError as exc:
                raise BoneloadError(f"{self.name} must be a number ({self.allowed()})") from exc
            return self.coerce(number) if self.kind == "int" else number
        return text


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


TABLE: tuple[Spec, ...] = (
    Spec("distance_unit", "Distance unit", "km", "choice",
         "How distances are shown, and the unit of a Garmin CSV's Distance when the file "
         "does not give it away (no stride lengths).", ("km", "mi")),
    Spec("period", "Period pages open with", "auto", "choice",
         "The period the pages open with; the last one picked on a page is kept here. "
         "auto: each page's own default.",
         ("auto", "Last 12 weeks", "Last 6 months", "Last year", "Everything")),
    Spec("timezone", "Time zone", "UTC", "timezone",
         "Your IANA time zone (e.g. America/Chicago): puts each activity on your local day. "
         "The default is the machine's zone."),
    Spec("profile", "Profile", "starting", "choice",
         "starting: walk, then run; runner: building bone as a runner; limited_impact: your "
         "clinician limits impact, so guidance is walking, strength and balance, never runs.",
         ("starting", "runner", "limited_impact")),
    Spec("runs_per_week_start", "Runs a week to start with", 1, "int",
         "Runs a week to aim for at the start (the article's advice: 1).",
         minimum=1, maximum=7, unit="runs/week"),
    Spec("runs_per_week_target", "Runs a week to build up to", 2, "int",
         "Runs a week to build up to (2-3), with rest days between.",
         minimum=1, maximum=7, unit="runs/week"),
    Spec("strength_days_target", "Strength days a week", 2, "int",
         "Strength days a week to aim for (guidelines: 2-3).",
         minimum=0, maximum=7, unit="days/week"),
    Spec("balance_days", "Balance days", "auto", "choice",
         "auto: balance days are suggested from age 65 (WHO 2020); on or off to choose.",
         ("auto", "on", "off")),
    Spec("balance_days_target", "Balance days a week", 3, "int",
         "Balance days a week when balance days are on (WHO 2020: 3 or more).",
         minimum=0, maximum=7, unit="days/week"),
    Spec("birth_year", "Year of birth", None, "int",
         "Your year of birth, for age-based balance days; empty if you prefer not to say.",
         minimum=1900, maximum=2100, unit="year", optional=True),
    Spec("weekly_increase_flag_pct", "Mention a weekly distance increase above", 30.0, "float",
         "Week-on-week rise in running distance shown as context (never an alert: "
         "it predicted no injury in Frandsen 2025).",
         minimum=1, maximum=200, unit="%", step=5.0),
    Spec("shoe_warn_miles", "Shoe check at", 300.0, "float",
         "Shoe distance at which boneload suggests checking the shoe.",
         minimum=50, maximum=2000, unit="miles", step=25.0),
    Spec("shoe_replace_miles", "Shoe replace at", 500.0, "float",
         "Shoe distance at which the convention says replace it.",
         minimum=50, maximum=2000, unit="miles", step=25.0),
    Spec("resting_hr", "Resting heart rate", 60, "int",
         "Resting heart rate, for Banister TRIMP.", minimum=25, maximum=120, unit="bpm"),
    Spec("max_hr", "Maximum heart rate", 185, "int",
         "Maximum heart rate, for Banister TRIMP.", minimum=100, maximum=230, unit="bpm"),
    Spec("sex", "TRIMP weighting", "female", "choice",
         "Picks the Banister TRIMP weighting.", ("female", "male")),
    Spec("plan_start", "Plan start", None, "date",
         "Date you started the 9-week walk-to-run plan (YYYY-MM-DD), or empty.", optional=True),
    Spec("display_name", "Your name", "", "text",
         "Your name as it appears on the report for your clinician; may stay empty.",
         maximum=80),
    Spec("pain_alert_at", "Pain alert at", 4, "int",
         "A logged pain score at or above this is shown in the safety panel.",
         minimum=1, maximum=10, unit="0-10 scale"),
)  # fmt: skip
BY_NAME: dict[str, Spec] = {spec.name: spec for spec in TABLE}
HELP: dict[str, str] = {spec.name: spec.help for spec in TABLE}


def _default(name: str) -> Any:
    return BY_NAME[name].default


@dataclass(frozen=True)
class Settings:
    """The athlete's settings; each field's default, bounds and help are its row in TABLE."""

    distance_unit: str = _default("distance_unit")
    period: str = _default("period")
    timezone: str = _default("timezone")
    profile: str = _default("profile")
    runs_per_week_start: int = _default("runs_per_week_start")
    runs_per_week_target: int = _default("runs_per_week_target")
    strength_days_target: int = _default("strength_days_target")
    balance_days: str = _default("balance_days")
    balance_days_target: int = _default("balance_days_target")
    birth_year: int | None = _default("birth_year")
    weekly_increase_flag_pct: float = _default("weekly_increase_flag_pct")
    shoe_warn_miles: float = _default("shoe_warn_miles")
    shoe_replace_miles: float = _default("shoe_replace_miles")
    resting_hr: int = _default("resting_hr")
    max_hr: int = _default("max_hr")
    sex: str = _default("sex")
    plan_start: str | None = _default("plan_start")
    display_name: str = _default("display_name")
    pain_alert_at: int = _default("pain_alert_at")

    def updated(self, values: Mapping[str, Any]) -> Settings:
        """These settings with `values` applied (unknown keys ignored); raises BoneloadError."""
        merged = {f.name: getattr(self, f.name) for f in fields(self)}
        merged.update({k: BY_NAME[k].coerce(v) for k, v in values.items() if k in BY_NAME})
        return check(Settings(**merged))


# Rules that tie two settings together: (first, second, message); first must stay below.
_PAIRS = (
    ("runs_per_week_start", "runs_per_week_target", "runs per week: start <= target"),
    ("shoe_warn_miles", "shoe_replace_miles", "the shoe check distance must be below replace"),
    ("resting_hr", "max_hr", "heart rates: resting must be below maximum"),
)


def problems(settings: Settings) -> list[str]:
    """Everything wrong with `settings`: each row's own check, then the pair rules."""
    found = [p for spec in TABLE if (p := spec.problem(getattr(settings, spec.name)))]
    for first, second, message in _PAIRS:
        low, high = getattr(settings, first), getattr(settings, second)
        numbers = isinstance(low, int | float) and isinstance(high, int | float)
        if numbers and (low > high or (low == high and first != "runs_per_week_start")):
            found.append(message)
    return found


def check(settings: Settings) -> Settings:
    """Refuse settings that would make the dashboard wrong; return them unchanged otherwise."""
    found = problems(settings)
    if found:
        raise BoneloadError("; ".join(found))
    return settings


def defaults() -> Settings:
    return Settings(timezone=system_timezone())


def parse_stored(stored: Mapping[str, Any]) -> tuple[Settings, list[str]]:
    """Settings from the store's key/value pairs, and a warning for each value that fell back.

    A bad value costs that key only; a pair that breaks its rule (start above target...) falls
    back as a pair. Unknown keys (a setting a newer boneload wrote) are ignored.
    """
    base = defaults()
    values: dict[str, Any] = {}
    warnings: list[str] = []
    for key, raw in stored.items():
        spec = BY_NAME.get(key)
        if spec is None:
            continue
        value = spec.coerce(raw)
        problem = spec.problem(value)
        if problem:
            warnings.append(f"stored setting {problem}; using the default {spec.default!r}")
        else:
            values[key] = value
    settings = Settings(**{**{f.name: getattr(base, f.name) for f in fields(base)}, **values})
    for first, second, message in _PAIRS:
        if message in problems(settings):
            warnings.append(f"stored settings break '{message}'; using the defaults for both")
            settings = Settings(
                **{
                    **{f.name: getattr(settings, f.name) for f in fields(settings)},
                    first: getattr(base, first),
                    second: getattr(base, second),
                }
            )
    return settings, warnings


def from_stored(stored: Mapping[str, Any]) -> Settings:
    """parse_stored without the warnings list (they go to the log)."""
    settings, warnings = parse_stored(stored)
    for warning in warnings:
        log.warning(warning)
    return settings


def markdown_table() -> str:
    """The README's settings table (a test keeps the README equal to this)."""
    lines = ["| key | meaning | allowed | unit | default |", "|---|---|---|---|---|"]
    for spec in TABLE:
        default = "the machine's zone" if spec.name == "timezone" else _shown(spec.default)
        cells = (f"`{spec.name}`", spec.help, spec.allowed(), spec.unit, default)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "empty"
    return f"{value:g}" if isinstance(value, float) else str(value)


# ---- time zones ------------------------------------------------------------------------------
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


def _is_iso_date(text: object) -> bool:
    try:
        date.fromisoformat(str(text))
    except ValueError:
        return False
    return True
