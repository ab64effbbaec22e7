"""OAuth tokens, app credentials, and their encryption at rest.

Tokens never appear in a repr, a log line or a page: every class holding one redacts it.
Encryption is Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) behind the small
TokenCipher protocol, with a key derived from the deployment's secret (BONELOAD_SECRET_KEY).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from connectors.errors import AuthError

REFRESH_MARGIN = timedelta(minutes=5)
"""An access token this close to expiry is refreshed before use."""


@dataclass(frozen=True)
class Tokens:
    """One athlete's grant. expires_at is UTC; scope is what the athlete actually granted."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: datetime
    scope: str = ""
    athlete_id: str | None = None

    def __repr__(self) -> str:
        return (
            f"Tokens(access_token='***', refresh_token='***', expires_at={self.expires_at!r}, "
            f"scope={self.scope!r}, athlete_id={self.athlete_id!r})"
        )

    def expiring(self, now: datetime) -> bool:
        return self.expires_at - REFRESH_MARGIN <= now


@dataclass(frozen=True)
class AppCredentials:
    """An OAuth app's client id and secret (or an API key as `secret`)."""

    client_id: str
    client_secret: str = field(repr=False)

    def __repr__(self) -> str:
        return f"AppCredentials(client_id={self.client_id!r}, client_secret='***')"


class TokenSource(Protocol):
    """Where a client gets its tokens and hands back refreshed ones (newest refresh token)."""

    def load(self) -> Tokens: ...

    def save(self, tokens: Tokens) -> None: ...


class MemoryTokens:
    """Tokens held in memory only (headless bootstrap, tests)."""

    def __init__(self, tokens: Tokens) -> None:
        self._tokens = tokens

    def load(self) -> Tokens:
        return self._tokens

    def save(self, tokens: Tokens) -> None:
        self._tokens = tokens

    def __repr__(self) -> str:
        return f"MemoryTokens({self._tokens!r})"


def bootstrap_tokens(refresh_token: str, scope: str = "") -> Tokens:
    """Tokens from a refresh token alone: already expired, so the first use refreshes them."""
    return Tokens("", refresh_token, datetime(1970, 1, 1, tzinfo=UTC), scope)


class TokenCipher(Protocol):
    def encrypt(self, text: str) -> str: ...

    def decrypt(self, token: str) -> str: ...


def derive_key(secret: str, purpose: str) -> bytes:
    """32 bytes for one purpose ("tokens", "oauth-state") from the deployment secret, so one
    secret never serves two algorithms directly (HMAC-SHA256 as a KDF, RFC 5869 style)."""
    if not secret:
        raise AuthError("no secret key configured: set BONELOAD_SECRET_KEY")
    return hmac.new(secret.encode("utf-8"), f"boneload:{purpose}".encode(), hashlib.sha256).digest()


class FernetCipher:
    """TokenCipher with cryptography's Fernet; imported lazily so the rest needs no crypto."""

    def __init__(self, secret: str) -> None:
        from cryptography.fernet import Fernet

        self._fernet = Fernet(base64.urlsafe_b64encode(derive_key(secret, "tokens")))

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken as exc:
            raise AuthError(
                "the saved tokens cannot be decrypted (was BONELOAD_SECRET_KEY changed?): reconnect"
            ) from exc

    def __repr__(self) -> str:
        return "FernetCipher(key='***')"
