"""The session types a person can log by hand: plain data, so `boneload log --help` and its
argument check load neither Polars nor the store (connectors.manual builds the row)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, NamedTuple


class SessionType(NamedTuple):
    """A choice on the form: `key` (CLI --type), the label people read, the stored type name
    (which connectors.schema.sport_family maps to a family, as for any import)."""

    key: str
    label: str
    sport_type: str


SESSION_TYPES: Final[tuple[SessionType, ...]] = (
    SessionType("walk", "Walk", "Walk"),
    SessionType("walk-run", "Walk-run (walk and run intervals)", "Walk-run"),
    SessionType("run", "Run", "Run"),
    SessionType("hike", "Hike", "Hike"),
    SessionType("impact", "Jumps and hops (impact)", "Plyometrics"),
    SessionType("jump-rope", "Jump rope", "Jump rope"),
    SessionType("strength", "Strength training", "Strength training"),
    SessionType("balance", "Balance training", "Balance training"),
    SessionType("yoga", "Yoga or tai chi", "Yoga"),
    SessionType("ride", "Cycling", "Ride"),
    SessionType("swim", "Swim", "Swim"),
    SessionType("other", "Other", "Other"),
)
BY_KEY: Final[Mapping[str, SessionType]] = {t.key: t for t in SESSION_TYPES}
