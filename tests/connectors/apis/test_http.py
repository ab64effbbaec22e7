"""Rate-limit headers, windows, the pause decision and the error mapping, from tables."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import requests

from connectors.apis.http import (
    HttpError,
    Pause,
    RateLimits,
    Unauthorized,
    Usage,
    next_day,
    next_window,
    parse_rate_limits,
    raise_for_status,
    send,
    should_pause,
)
from connectors.errors import AuthError, BoneloadError, RateLimited

NOW = datetime(2025, 3, 5, 10, 7, 30, tzinfo=UTC)
FULL = {
    "X-RateLimit-Limit": "200,2000",
    "X-RateLimit-Usage": "12,340",
    "X-ReadRateLimit-Limit": "100,1000",
    "X-ReadRateLimit-Usage": "8,120",
}


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (FULL, RateLimits(Usage(200, 2000, 12, 340), Usage(100, 1000, 8, 120))),
        (
            {k.lower(): v for k, v in FULL.items()},
            RateLimits(Usage(200, 2000, 12, 340), Usage(100, 1000, 8, 120)),
        ),
        (
            {"X-RateLimit-Limit": "600, 30000", "X-RateLimit-Usage": "1, 2"},
            RateLimits(Usage(600, 30000, 1, 2), None),
        ),
        ({"X-RateLimit-Limit": "200,2000"}, RateLimits(None, None)),
        ({"X-RateLimit-Limit": "200", "X-RateLimit-Usage": "1"}, RateLimits(None, None)),
        ({"X-RateLimit-Limit": "a,b", "X-RateLimit-Usage": "1,2"}, RateLimits(None, None)),
        ({}, RateLimits(None, None)),
    ],
)
def test_rate_limit_headers(headers: dict[str, str], expected: RateLimits) -> None:
    assert parse_rate_limits(headers) == expected


@pytest.mark.parametrize(
    ("now", "window", "day"),
    [
        (NOW, datetime(2025, 3, 5, 10, 15, tzinfo=UTC), datetime(2025, 3, 6, tzinfo=UTC)),
        (
            datetime(2025, 3, 5, 10, 15, tzinfo=UTC),
            datetime(2025, 3, 5, 10, 30, tzinfo=UTC),
            datetime(2025, 3, 6, tzinfo=UTC),
        ),
        (
            datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC),
            datetime(2026, 1, 1, tzinfo=UTC),
            datetime(2026, 1, 1, tzinfo=UTC),
        ),
        (  # a zone-aware local time is converted to UTC first
            datetime.fromisoformat("2025-03-05T02:50:00-08:00"),
            datetime(2025, 3, 5, 11, 0, tzinfo=UTC),
            datetime(2025, 3, 6, tzinfo=UTC),
        ),
    ],
)
def test_windows(now: datetime, window: datetime, day: datetime) -> None:
    assert next_window(now) == window
    assert next_day(now) == day


@pytest.mark.parametrize(
    ("overall", "read", "expected"),
    [
        ((12, 340), (8, 120), None),
        ((12, 340), (96, 120), None),
        ((12, 340), (97, 120), Pause(datetime(2025, 3, 5, 10, 15, tzinfo=UTC), "x")),
        ((197, 340), (8, 120), Pause(datetime(2025, 3, 5, 10, 15, tzinfo=UTC), "x")),
        ((12, 340), (8, 997), Pause(datetime(2025, 3, 6, tzinfo=UTC), "x")),
        ((197, 1997), (97, 120), Pause(datetime(2025, 3, 6, tzinfo=UTC), "x")),
    ],
)
def test_should_pause_with_a_margin_of_3(overall, read, expected) -> None:
    limits = RateLimits(Usage(200, 2000, *overall), Usage(100, 1000, *read))
    decision = should_pause(limits, NOW, margin=3)
    assert (decision and decision.until) == (expected and expected.until)


def test_the_pause_names_the_limit() -> None:
    decision = should_pause(RateLimits(None, Usage(100, 1000, 99, 5)), NOW)
    assert decision == Pause(
        datetime(2025, 3, 5, 10, 15, tzinfo=UTC), "15-minute read limit (99/100)"
    )


def _response(status: int, body: str = "", headers: dict[str, str] | None = None):
    response = requests.Response()
    response.status_code = status
    response._content = body.encode()
    response.headers.update(headers or {})
    return response


@pytest.mark.parametrize(
    ("status", "headers", "error", "text"),
    [
        (401, {}, Unauthorized, "reconnect Strava"),
        (403, {}, AuthError, "allow reading your activities"),
        (429, {**FULL, "X-ReadRateLimit-Usage": "101,300"}, RateLimited, "10:15 UTC"),
        (429, {**FULL, "X-ReadRateLimit-Usage": "5,1000"}, RateLimited, "2025-03-06 00:00"),
        (429, {}, RateLimited, "10:15 UTC"),
        (404, {}, HttpError, 'HTTP 404: {"message": "Record Not Found"'),
        (500, {}, HttpError, "HTTP 500"),
    ],
)
def test_failures_map_to_the_error_tree(status, headers, error, text) -> None:
    body = '{"message": "Record Not Found", "errors": []}' if status == 404 else "oops"
    with pytest.raises(error) as caught:
        raise_for_status(_response(status, body, headers), NOW, "Strava")
    assert text in str(caught.value)
    assert isinstance(caught.value, BoneloadError)


def test_429_until_is_the_window_that_reopens() -> None:
    with pytest.raises(RateLimited) as caught:
        raise_for_status(_response(429, "", {**FULL, "X-RateLimit-Usage": "201,900"}), NOW, "S")
    assert caught.value.until == datetime(2025, 3, 5, 10, 15, tzinfo=UTC)


def test_long_bodies_are_cut_and_success_passes() -> None:
    with pytest.raises(HttpError) as caught:
        raise_for_status(_response(400, "x" * 5000), NOW, "Strava")
    assert caught.value.status == 400
    assert len(str(caught.value)) < 260
    raise_for_status(_response(200, "[]"), NOW, "Strava")


def test_send_retries_5xx_and_connection_errors_with_backoff() -> None:
    outcomes: list[object] = [
        _response(502),
        requests.ConnectionError("reset"),
        _response(503),
        _response(200, "[]"),
    ]
    sleeps: list[float] = []

    def request():
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    response = send(request, now=lambda: NOW, sleep=sleeps.append, provider="Strava")
    assert response.status_code == 200
    assert sleeps == [2.0, 4.0, 8.0]


def test_send_gives_up_on_an_unreachable_host() -> None:
    sleeps: list[float] = []

    def request():
        raise requests.ConnectionError("refused")

    with pytest.raises(BoneloadError, match="could not reach Strava: ConnectionError"):
        send(request, now=lambda: NOW, sleep=sleeps.append, provider="Strava", retries=2)
    assert sleeps == [2.0, 4.0]


def test_4xx_are_not_retried() -> None:
    calls: list[int] = []

    def request():
        calls.append(1)
        return _response(401)

    with pytest.raises(Unauthorized):
        send(request, now=lambda: NOW, sleep=lambda s: None, provider="Strava")
    assert calls == [1]
