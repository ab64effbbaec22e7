"""Parsing numbers and durations as exports write them: thousands separators, decimal commas,
placeholders like "--", and durations as "00:38:13", "38:13" or "00:09:25.5"."""

from __future__ import annotations

import re

MISSING = frozenset(
    {"", "--", "-", "--:--:--", "--:--", "n/a", "na", "null", "none", "nan"}
)  # "--:--:--": Garmin's unrecorded duration

_THOUSANDS = {m: re.compile(rf"^[-+]?\d{{1,3}}(?:{re.escape(m)}\d{{3}})+$") for m in ",."}
_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)$")


def parse_number(text: str | None, decimal: str = ".") -> float | None:
    """A float from "1,337", "10,20" (decimal=","), "1.025,5", "3.2e-1"; None for placeholders.

    `decimal` decides only what cannot be told from the text itself: "1,337" is 1337 with a
    decimal point and 1.337 with a decimal comma. A separator that cannot be a thousands
    separator (not followed by groups of exactly three digits, as in "2,81" or "1.5") is the
    decimal mark whatever `decimal` says, so "2,81" is never read as 281. With both marks
    ("1.025,5", "1,025.5") the last one is the decimal mark.

    Raises ValueError for text that is not a number.
    """
    if text is None:
        return None
    s = str(text).strip().replace("\u00a0", "").replace(" ", "").lstrip("'")
    if s.lower() in MISSING:
        return None
    if "," in s and "." in s:
        point_last = s.rfind(".") > s.rfind(",")
        return float(s.replace(",", "") if point_last else s.replace(".", "").replace(",", "."))
    for mark in (",", "."):
        if mark in s and not _THOUSANDS[mark].match(s):
            if s.count(mark) > 1:
                raise ValueError(f"{text!r} is not a number")
            return float(s.replace(",", "."))
    return float(s.replace(".", "").replace(",", ".") if decimal == "," else s.replace(",", ""))


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
