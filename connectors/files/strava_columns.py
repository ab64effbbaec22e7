"""Header, locale and value formats of Strava's activities.csv (helpers for strava_export).

Headers grew over the years: 79 columns (2021), 94 (2023), 103 (2026). Several names repeat
("Distance", "Elapsed Time", "Max Heart Rate", "Relative Effort", "Commute"), and the copies do
not share units, so a column is addressed by name AND occurrence: `Header.index("Distance", 1)`
is the second "Distance" (metres), `Header.index("Distance", 0)` the first (display units).
Some 2021 headers carry raw HTML (`<span class="translation_missing" ...>Type</span>`): tags are
stripped before matching.

German exports: best-effort. Strava does not publish its translated headers, so GERMAN_HEADERS
is a small, explicit table of plausible translations of the columns this importer reads (with a
second spelling where two are common). German headers not in the table are kept but unused.
A header holding any German name switches the file to the German locale: dates like
"20.09.2026, 14:12:12" and decimal commas ("10,20"; thousands "1.025").
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Final

from connectors.files.numbers import parse_duration, parse_number

GERMAN_HEADERS: Final[Mapping[str, str]] = {
    "aktivitäts-id": "Activity ID",
    "datum der aktivität": "Activity Date",
    "aktivitätsdatum": "Activity Date",
    "name der aktivität": "Activity Name",
    "aktivitätsname": "Activity Name",
    "aktivitätsart": "Activity Type",
    "beschreibung der aktivität": "Activity Description",
    "verstrichene zeit": "Elapsed Time",
    "distanz": "Distance",
    "bewegungszeit": "Moving Time",
    "höhenmeter": "Elevation Gain",
    "max. herzfrequenz": "Max Heart Rate",
    "durchschnittliche herzfrequenz": "Average Heart Rate",
    "durchschnittliche trittfrequenz": "Average Cadence",
    "kalorien": "Calories",
    "aktivitätsausrüstung": "Activity Gear",
    "dateiname": "Filename",
    "gefühlte anstrengung": "Perceived Exertion",
    "schritte insgesamt": "Total Steps",
}

# Activity type values of German exports that schema.sport_family() does not know.
GERMAN_TYPES: Final[Mapping[str, str]] = {
    "lauf": "Run",
    "traillauf": "Trail Run",
    "virtueller lauf": "Virtual Run",
    "spaziergang": "Walk",
    "wanderung": "Hike",
    "radfahrt": "Ride",
    "schwimmen": "Swim",
    "krafttraining": "Weight Training",
}

_TAG = re.compile(r"<[^>]*>")
_GROUPED_DOTS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
_MONTHS: Final = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_EN_DATE = re.compile(
    r"([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?"
)
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:Z|\+00:?00)?")


@dataclass(frozen=True)
class Locale:
    """How a file writes numbers: `decimal` is "." (English) or "," (German)."""

    name: str
    decimal: str


ENGLISH: Final = Locale("en", ".")
GERMAN: Final = Locale("de", ",")


def clean_header(text: str) -> str:
    """A header cell without HTML tags, entities, BOM and surrounding space."""
    return " ".join(html.unescape(_TAG.sub("", text)).replace("\ufeff", "").split())


@dataclass(frozen=True)
class Header:
    """The header row: `labels` as the file shows them, `names` in English, and the locale."""

    labels: tuple[str, ...]
    names: tuple[str, ...]
    locale: Locale

    @classmethod
    def parse(cls, cells: Sequence[str]) -> Header:
        labels = tuple(clean_header(c) for c in cells)
        german = [GERMAN_HEADERS.get(label.casefold()) for label in labels]
        names = tuple(g or label for g, label in zip(german, labels, strict=True))
        return cls(labels, names, GERMAN if any(german) else ENGLISH)

    def is_strava(self) -> bool:
        return "Activity ID" in self.names and "Activity Date" in self.names

    @cached_property
    def _positions(self) -> dict[str, tuple[int, ...]]:
        """Every position of each column name, worked out once per file (not once per cell)."""
        positions: dict[str, list[int]] = {}
        for i, name in enumerate(self.names):
            positions.setdefault(name, []).append(i)
        return {name: tuple(hits) for name, hits in positions.items()}

    def count(self, name: str) -> int:
        return len(self._positions.get(name, ()))

    def index(self, name: str, nth: int = 0) -> int | None:
        """Position of the nth (0-based) column called `name`, None when there is none."""
        hits = self._positions.get(name, ())
        return hits[nth] if -len(hits) <= nth < len(hits) else None


def parse_utc(text: str) -> datetime:
    """A UTC instant from "Nov 30, 2022, 12:29:11 AM", "20.09.2026, 14:12:12" or ISO text.

    Month names are matched here rather than with strptime's %b, which follows the process
    locale. Raises ValueError with a reason a person understands.
    """
    s = text.strip()
    if m := _EN_DATE.fullmatch(s):
        mon, day, year, hour, minute, sec, ampm = m.groups()
        if mon.lower() not in _MONTHS:
            raise ValueError(f"{mon!r} is not a month")
        month, h = _MONTHS.index(mon.lower()) + 1, int(hour)
        if ampm:
            if not 1 <= h <= 12:
                raise ValueError(f"{hour} is not an hour on a 12-hour clock")
            h = h % 12 + (12 if ampm.lower() == "pm" else 0)
        parts = (int(year), month, int(day), h, int(minute), int(sec or 0))
    elif m := _DOTTED_DATE.fullmatch(s):
        day, month, year, hour, minute, sec = m.groups()
        parts = (int(year), int(month), int(day), int(hour), int(minute), int(sec or 0))
    elif m := _ISO_DATE.fullmatch(s):
        parts = tuple(int(g or 0) for g in m.groups())
    else:
        raise ValueError("Strava writes dates like 'Nov 30, 2022, 12:29:11 AM'")
    year, month, day, hour, minute, second = parts
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def parse_value(text: str | None, locale: Locale) -> float | None:
    """A finite float from a cell in the file's locale; None for an empty cell.

    German files: "10,20" -> 10.2 and "1.025" -> 1025; a dot not grouping thousands
    ("10200.0", as machine-written columns may be) is read as a decimal point.
    "1:02:03" is read as a duration in seconds. Raises ValueError for anything else.
    """
    if text is None:
        return None
    s = text.strip()
    decimal = locale.decimal
    if decimal == "," and "," not in s and "." in s and not _GROUPED_DOTS.fullmatch(s):
        decimal = "."
    value = parse_duration(s) if ":" in s else parse_number(s, decimal)
    if value is not None and not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value
