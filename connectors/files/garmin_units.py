"""Which distance unit a Garmin Activities.csv is in, told by the file's own numbers.

The file never states its unit: distances are in km or miles as the account is set. But average
stride length is in metres in every export, whatever the unit setting, so for a foot activity

    stride (m) x cadence (steps/min) x timer time (min) / distance  =  metres per distance unit,

about 1000 when distances are km and about 1609 when they are miles. Measured on 25 real public
exports in 11 languages (tests/fixtures/garmin/SOURCES.md): the median is 993-1003 for every
km file and 1609 for the one miles file (372 runs); the timer time ("Time") fits best, as
Garmin averages cadence over it (moving time gives 554 on a run-walker's file).

The check that catches "2.81" read as 281: each row's speed from distance and timer time must
agree with the file's own pace or speed column, which is in the same unit as the distance; a
median disagreement by a power of ten means the decimal mark was misread.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

KM_RATIO: Final = (850.0, 1200.0)
MI_RATIO: Final = (1400.0, 1850.0)
WORDS: Final = {"km": "kilometres", "mi": "miles"}


@dataclass(frozen=True)
class UnitEvidence:
    """The unit the strides point to (None: no evidence, or it is unclear)."""

    unit: str | None
    ratio: float | None
    rows: int


def from_strides(samples: Iterable[tuple[float, float, float, float]]) -> UnitEvidence:
    """Evidence from (stride m, cadence steps/min, timer seconds, distance in file units) of
    foot activities; samples with a zero or negative value are ignored."""
    ratios = [
        stride * cadence * seconds / 60.0 / distance
        for stride, cadence, seconds, distance in samples
        if stride > 0 and cadence > 0 and seconds > 0 and distance > 0
    ]
    if not ratios:
        return UnitEvidence(None, None, 0)
    ratio = statistics.median(ratios)
    unit = None
    if KM_RATIO[0] <= ratio <= KM_RATIO[1]:
        unit = "km"
    elif MI_RATIO[0] <= ratio <= MI_RATIO[1]:
        unit = "mi"
    return UnitEvidence(unit, ratio, len(ratios))


def messages(evidence: UnitEvidence, setting: str) -> list[str]:
    """What was detected, in plain words, and a warning when the setting says otherwise."""
    checked = f"checked on {evidence.rows} of its runs and walks"
    if evidence.unit is None:
        if evidence.rows:
            return [
                "The file's stride lengths, cadence and times do not tell whether its distances "
                f"are kilometres or miles ({checked}), so your setting was used: "
                f"{WORDS[setting]}."
            ]
        return []
    word = WORDS[evidence.unit]
    said = (
        f"Distances read as {word}: the file's stride lengths, cadence and times add up to "
        f"{word} ({checked})."
    )
    if evidence.unit == setting:
        return [said]
    return [
        f"{said} Your setting says {WORDS[setting]}, so the file's own unit was used; choose "
        f"{word} in Settings (or --distance-unit {evidence.unit}) if that is the unit you use."
    ]


def pace_speed(text: str | None) -> float | None:
    """Distance units per hour from a pace cell ("5:43" min per unit) or a speed cell ("12.6")."""
    s = (text or "").strip()
    if not s or s.startswith("-"):
        return None
    try:
        if ":" in s:
            minutes, _, seconds = s.partition(":")
            per_unit = int(minutes) + float(seconds.replace(",", ".")) / 60.0
            return 60.0 / per_unit if per_unit > 0 else None
        value = float(s.replace(",", "."))
    except ValueError:
        return None
    return value if value > 0 else None


def pace_agreement(samples: Iterable[tuple[float, float, float]]) -> float | None:
    """Median of (distance / hours) / pace speed over (distance, timer seconds, pace speed);
    about 1 when the distances were read right."""
    ratios = [
        distance / (seconds / 3600.0) / speed
        for distance, seconds, speed in samples
        if distance > 0 and seconds >= 60 and speed > 0
    ]
    return statistics.median(ratios) if len(ratios) >= 1 else None


def misread_by(agreement: float | None) -> float | None:
    """10, 100 or 1000 (or their inverses) when the distances disagree with the pace by that
    power of ten, the mark of a misread decimal separator; None when they agree or it is not
    a clean power of ten."""
    if agreement is None or 0.8 <= agreement <= 1.25:
        return None
    for factor in (10.0, 100.0, 1000.0, 0.1, 0.01, 0.001):
        if 0.8 <= agreement / factor <= 1.25:
            return factor
    return None
