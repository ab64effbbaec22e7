"""Parsing numbers and durations as exports write them: thousands separators, decimal commas,
placeholders like "--", and durations as "00:38:13", "38:13" or "00:09:25.5"."""

from __future__ import annotations

import re

MISSING = frozenset({"", "--", "-", "n/a", "na", "null", "none", "nan"})

_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)$")


def parse_number(text: str | None, decimal: str = ".") -> float | None:
    """A float from "1,337", "10,20" (decimal=","), "1.025,5", "3.2e-1"; None for placeholders.

    Raises ValueError for text that is not a number.
    """
    if text is None:
        return None
    s = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if s.lower() in MISSING:
        return None
    s = s.replace(".", "").replace(",", ".") if decimal == "," else s.replace(",", "")
    return float(s)


def parse_duration(text: str | None) -> float | None:
    """Seconds from "01:02:03", "38:13", "00:09:25.5" or a plain number of seconds."""
    if text is None:
        return None
    s = str(text).strip()
    if s.lower() in MISSING:
        return None
    match = _DURATION.match(s)
    if match:
        hours, minutes, seconds = match.groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds.replace(",", "."))
    return float(s.replace(",", ""))
