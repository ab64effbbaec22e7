"""The OAuth `state`: signed and expiring, so it verifies in whatever session the redirect opens.

Streamlit starts a fresh session when the provider redirects back, so the state cannot live in
session_state. Instead it carries its own proof: base64url(nonce, issued-at, owner) and an
HMAC-SHA256 over them with a key derived from BONELOAD_SECRET_KEY. Verification recomputes the
MAC, compares in constant time (hmac.compare_digest) and refuses states older than 10 minutes
or issued in the future.

The provider the sign-in is for travels in the state too ("polar~" before the nonce; Strava's
states, the first ones, carry no prefix), under the same MAC, so the one redirect page knows
which provider to finish with and nobody can swap it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from connectors.apis.tokens import derive_key
from connectors.errors import AuthError

MAX_AGE = timedelta(minutes=10)
_CLOCK_SKEW = timedelta(seconds=30)


@dataclass(frozen=True)
class VerifiedState:
    owner: str
    issued_at: datetime
    provider: str = "strava"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, payload: str) -> str:
    key = derive_key(secret, "oauth-state")
    return _b64(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest())


def sign_state(
    secret: str, owner: str, now: datetime, nonce: bytes | None = None, provider: str = "strava"
) -> str:
    """A state string for the authorize URL. `now` is aware UTC."""
    nonce = nonce if nonce is not None else secrets.token_bytes(16)
    prefix = "" if provider == "strava" else f"{provider}~"
    payload = ".".join(
        (prefix + _b64(nonce), str(int(now.timestamp())), _b64(owner.encode("utf-8")))
    )
    return f"{payload}.{_mac(secret, payload)}"


def verify_state(secret: str, state: str, now: datetime) -> VerifiedState:
    """The owner the state was issued for; AuthError when forged, malformed or expired."""
    if not state.isascii() or len(state) > 2048:
        raise AuthError("the sign-in link is not one boneload issued: start Connect again")
    parts = state.split(".")
    if len(parts) != 4:
        raise AuthError("the sign-in link is not one boneload issued: start Connect again")
    payload, mac = ".".join(parts[:3]), parts[3]
    if not hmac.compare_digest(_mac(secret, payload), mac):
        raise AuthError("the sign-in link is not one boneload issued: start Connect again")
    try:
        issued = datetime.fromtimestamp(int(parts[1]), tz=now.tzinfo)
        owner = _unb64(parts[2]).decode("utf-8")
    except (ValueError, UnicodeDecodeError) as exc:
        raise AuthError("the sign-in link is damaged: start Connect again") from exc
    if issued > now + _CLOCK_SKEW:
        raise AuthError("the sign-in link is dated in the future: start Connect again")
    if now - issued > MAX_AGE:
        raise AuthError("the sign-in link expired (after 10 minutes): start Connect again")
    return VerifiedState(owner=owner, issued_at=issued, provider=state_provider(state))


def state_provider(state: str) -> str:
    """The provider a state names, unverified (verify_state checks it): "strava" by default."""
    head = state.split(".", 1)[0]
    return head.split("~", 1)[0] if "~" in head else "strava"
