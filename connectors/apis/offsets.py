"""A start written as wall clock + UTC offset -> the canonical (start_utc, start_local, timezone).

Polar (start-time + start-time-utc-offset) and Oura (start_datetime "...+02:00") give an offset,
not a zone. The zone stored is, like the Apple Health reader's:
- the athlete's zone setting when its offset at that instant is the one written (the usual case);
- else a fixed "Etc/GMT-2" style name when the offset is whole hours (IANA's Etc names have the
  sign inverted: UTC+2 is Etc/GMT-2);
- else "UTC" (half-hour zones such as India's): the wall clock is still kept as written.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_name(start_utc: datetime, offset: timedelta, preferred: str) -> str:
    """The zone to store for a start at `start_utc` (aware) written with `offset`."""
    zone = _zone(preferred) if preferred else None
    if zone is not None and start_utc.astimezone(zone).utcoffset() == offset:
        return preferred
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    if minutes % 60 == 0:
        return f"Etc/GMT{-minutes // 60:+d}"
    return "UTC"


def from_offset(
    wall_clock: datetime, offset: timedelta | None, preferred: str
) -> tuple[datetime, datetime, str]:
    """(start_utc, start_local, zone) from a naive wall clock and its offset.

    Without an offset the wall clock is read in `preferred` (UTC when that is not a zone)."""
    local = wall_clock.replace(tzinfo=None)
    if offset is None:
        zone = _zone(preferred) or UTC
        start_utc = local.replace(tzinfo=zone).astimezone(UTC)
        return start_utc, local, preferred if _zone(preferred) else "UTC"
    start_utc = (local - offset).replace(tzinfo=UTC)
    return start_utc, local, zone_name(start_utc, offset, preferred)


def from_aware(value: datetime, preferred: str) -> tuple[datetime, datetime, str]:
    """(start_utc, start_local, zone) from an ISO timestamp parsed with its offset."""
    if value.tzinfo is None:
        return from_offset(value, None, preferred)
    return from_offset(value.replace(tzinfo=None), value.utcoffset(), preferred)
