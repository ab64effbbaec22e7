"""HTTP plumbing shared by every API connector: rate-limit headers, windows, errors, retries.

Everything here is a pure function of its inputs (headers, status, an injected `now`, an
injected `sleep`), so it is tested with tables of header dicts and never waits for real.

Strava's limits (developers.strava.com, "Rate Limits"): 200 requests per 15 minutes and 2,000 a
day overall, 100 / 1,000 for reads. Each response carries X-RateLimit-Limit / X-RateLimit-Usage
and X-ReadRateLimit-Limit / X-ReadRateLimit-Usage, each "15min,daily". The 15-minute windows
reset at :00, :15, :30 and :45 UTC, the daily one at midnight UTC; past a limit Strava answers 429.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import requests

from connectors.errors import AuthError, BoneloadError, RateLimited

Clock = Callable[[], datetime]
Sleep = Callable[[float], None]

SAFETY_MARGIN = 3
"""Requests kept in reserve below each limit (a page, the athlete call, one retry)."""


class Unauthorized(AuthError):
    """HTTP 401: the token was refused (expired early, or the athlete revoked access)."""


class HttpError(BoneloadError):
    """Any other failed response; `status` is the HTTP status."""

    def __init__(self, message: str, status: int) -> None:
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class Usage:
    """One pair of limits with their usage: the 15-minute window and the day."""

    limit_15min: int
    limit_daily: int
    usage_15min: int
    usage_daily: int


@dataclass(frozen=True)
class RateLimits:
    """What one response said: `overall` (X-RateLimit-*), `read` (X-ReadRateLimit-*)."""

    overall: Usage | None = None
    read: Usage | None = None


@dataclass(frozen=True)
class Pause:
    """Stop before the limit: the next request may go at `until` (UTC)."""

    until: datetime
    reason: str


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def _pair(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2:
        return None
    try:
        return int(parts[0]), int(parts[1])
    except ValueError:
        return None


def _usage(headers: Mapping[str, str], prefix: str) -> Usage | None:
    limit = _pair(_header(headers, f"{prefix}-Limit"))
    usage = _pair(_header(headers, f"{prefix}-Usage"))
    if limit is None or usage is None:
        return None
    return Usage(limit[0], limit[1], usage[0], usage[1])


def parse_rate_limits(headers: Mapping[str, str]) -> RateLimits:
    """Read Strava's X-RateLimit-* and X-ReadRateLimit-* headers (case-insensitive).

    A header pair that is missing or malformed gives None for that family, never an error."""
    return RateLimits(
        overall=_usage(headers, "X-RateLimit"), read=_usage(headers, "X-ReadRateLimit")
    )


def next_window(now: datetime) -> datetime:
    """Start of the next 15-minute window (:00, :15, :30, :45 UTC) strictly after `now`."""
    now = now.astimezone(UTC)
    floor = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    return floor + timedelta(minutes=15)


def next_day(now: datetime) -> datetime:
    """The next midnight UTC strictly after `now` (when the daily limit resets)."""
    now = now.astimezone(UTC)
    return now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)


def should_pause(limits: RateLimits, now: datetime, margin: int = SAFETY_MARGIN) -> Pause | None:
    """A Pause when any usage is within `margin` requests of its limit, else None.

    The daily limit wins over the 15-minute one: waiting for the next quarter hour would not help.
    """
    pause: Pause | None = None
    for label, usage in (("", limits.overall), ("read ", limits.read)):
        if usage is None:
            continue
        if usage.usage_daily >= usage.limit_daily - margin:
            return Pause(
                next_day(now), f"daily {label}limit ({usage.usage_daily}/{usage.limit_daily})"
            )
        if usage.usage_15min >= usage.limit_15min - margin and pause is None:
            pause = Pause(
                next_window(now),
                f"15-minute {label}limit ({usage.usage_15min}/{usage.limit_15min})",
            )
    return pause


def _short_body(response: requests.Response, limit: int = 200) -> str:
    text = " ".join((response.text or "").split())
    return text[:limit] + ("…" if len(text) > limit else "")


def raise_for_status(response: requests.Response, now: datetime, provider: str) -> None:
    """Map a failed response to the error tree; return quietly on 2xx/3xx.

    401 -> Unauthorized, an AuthError (reconnect); 403 -> AuthError (a permission was not granted);
    429 -> RateLimited(until = when the exhausted window reopens); anything else ->
    HttpError (a BoneloadError) naming the status and the start of the body. `send` retries
    5xx before they get here.
    """
    status = response.status_code
    if status < 400:
        return
    if status == 401:
        raise Unauthorized(f"{provider} refused the saved authorisation: reconnect {provider}")
    if status == 403:
        raise AuthError(
            f"{provider} refused access ({_short_body(response)}): reconnect {provider} and "
            "allow reading your activities"
        )
    if status == 429:
        pause = should_pause(parse_rate_limits(response.headers), now, margin=0)
        until = pause.until if pause else next_window(now)
        raise RateLimited(
            f"{provider} rate limit reached; the next window opens at {until:%Y-%m-%d %H:%M} UTC",
            until=until,
        )
    raise HttpError(f"{provider} answered HTTP {status}: {_short_body(response)}", status)


def send(
    request: Callable[[], requests.Response],
    *,
    now: Clock,
    sleep: Sleep,
    provider: str,
    retries: int = 3,
    backoff_s: float = 2.0,
) -> requests.Response:
    """Call `request` until it is not a 5xx or a connection failure, at most `retries` times
    more, sleeping backoff_s, 2 x backoff_s, 4 x backoff_s ... in between. Then map errors."""
    attempt = 0
    while True:
        try:
            response = request()
        except (requests.ConnectionError, requests.Timeout) as exc:
            if attempt >= retries:
                reason = exc.__class__.__name__
                raise BoneloadError(f"could not reach {provider}: {reason}") from exc
        else:
            if response.status_code < 500 or attempt >= retries:
                raise_for_status(response, now(), provider)
                return response
        sleep(backoff_s * 2**attempt)
        attempt += 1


def json_number(value: object) -> float | None:
    """A JSON number as float; None for null, booleans, strings and anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
