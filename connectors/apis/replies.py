"""Every reply from an API or a token endpoint is checked for shape before it is used.

A proxy's HTML error page, an empty `{}`, a list where an object belongs, an expiry sent as a
string: each becomes a BoneloadError (API replies) or an AuthError (token replies, where the
sign-in cannot go on) naming the provider and what was wrong, never a KeyError or a traceback.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from connectors.errors import AuthError, BoneloadError

_MAX_LIFETIME = timedelta(days=3650)


def _start(response: requests.Response) -> str:
    kind = response.headers.get("Content-Type", "no content type").split(";")[0]
    text = " ".join((response.text or "")[:300].split())[:60]
    return f"{kind}: {text!r}" if text else kind


def read_json(response: requests.Response, provider: str) -> Any:
    """The reply's JSON; BoneloadError when it is not JSON (an HTML page, an empty body)."""
    try:
        return response.json()
    except (ValueError, RecursionError) as exc:
        raise BoneloadError(
            f"{provider} sent a reply that is not JSON ({_start(response)}); try again later"
        ) from exc


def json_object(body: Any, provider: str, what: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise BoneloadError(f"{provider} sent {_kind(body)} where {what} belongs")
    return body


def list_of_objects(body: Any, provider: str, what: str) -> list[dict[str, Any]]:
    """A JSON list whose entries are all objects."""
    if not isinstance(body, list):
        raise BoneloadError(f"{provider} sent {_kind(body)} where a list of {what} belongs")
    if not all(isinstance(item, dict) for item in body):
        raise BoneloadError(f"{provider} sent a list of {what} with an entry that is no object")
    return body


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object" if value else "an empty object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return "null" if value is None else f"a {type(value).__name__}"


# ---- token endpoint replies --------------------------------------------------------------
def token_body(response: requests.Response, provider: str) -> dict[str, Any]:
    """A token reply as an object holding a non-empty access_token; AuthError otherwise."""
    try:
        body = json_object(read_json(response, provider), provider, "a sign-in reply")
    except AuthError:
        raise
    except BoneloadError as exc:
        raise AuthError(f"{exc}: connect {provider} again") from exc
    token = body.get("access_token")
    if not isinstance(token, str) or not token.strip():
        raise AuthError(f"{provider}'s sign-in reply had no access token: connect {provider} again")
    refresh = body.get("refresh_token")
    if refresh is not None and not isinstance(refresh, str):
        raise AuthError(f"{provider}'s sign-in reply had a malformed refresh token: connect again")
    return body


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def expires_at(body: Mapping[str, Any], now: datetime, provider: str) -> datetime | None:
    """When the access token expires: `expires_at` (epoch seconds, Strava) or `expires_in`
    (seconds from now, RFC 6749); None when the reply names neither. AuthError when one is
    there but is not a plausible number (a string, a negative lifetime, year 9999)."""
    bad = AuthError(f"{provider}'s sign-in reply had a malformed expiry: connect {provider} again")
    if body.get("expires_at") is not None:
        epoch = _seconds(body["expires_at"])
        if epoch is None:
            raise bad
        try:
            when = datetime.fromtimestamp(epoch, tz=UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise bad from exc
        if abs(when - now) > _MAX_LIFETIME:
            raise bad
        return when
    if body.get("expires_in") is not None:
        seconds = _seconds(body["expires_in"])
        if seconds is None or not 0 <= seconds <= _MAX_LIFETIME.total_seconds():
            raise bad
        return now + timedelta(seconds=seconds)
    return None
