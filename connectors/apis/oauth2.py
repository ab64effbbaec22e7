"""OAuth 2 plumbing shared by Polar AccessLink and Oura: code exchange, refresh, bearer requests.

Strava keeps its own client (its token replies and rate-limit headers are its own); the two
newer providers follow RFC 6749 closely enough to share this:
- POST {token_url} with grant_type=authorization_code (code, redirect_uri) or refresh_token;
  the client authenticates with HTTP Basic (Polar) or client_id/client_secret in the form (Oura).
- The reply carries access_token, expires_in (seconds), and a refresh_token when the provider
  rotates them (Oura: each refresh token works once, so the newest is always the one saved).
- Requests carry "Authorization: Bearer <token>"; one refresh-and-retry on a 401 when a refresh
  token exists, else the 401 asks the user to reconnect.
- A 429 becomes RateLimited until Retry-After / RateLimit-Reset (seconds, a per-window list of
  seconds, or an HTTP date) when the provider sends one, else until its documented window ends
  (`default_wait`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode

import requests

from connectors.apis import replies
from connectors.apis.http import Clock, HttpError, Sleep, Unauthorized, send
from connectors.apis.tokens import AppCredentials, Tokens, TokenSource
from connectors.errors import AuthError, RateLimited

TIMEOUT_S = 30
LONG_LIVED = timedelta(days=3650)
"""Lifetime assumed when a token reply names none (Polar's tokens do not expire in practice)."""


def retry_at(headers: Mapping[str, str], now: datetime, default_wait: timedelta) -> datetime:
    """When a refused (429) request may go again: Retry-After or RateLimit-Reset as seconds or
    an HTTP date; `now + default_wait` when neither is readable."""
    lowered = {k.lower(): v for k, v in headers.items()}
    for name in ("retry-after", "ratelimit-reset"):
        text = (lowered.get(name) or "").strip()
        if not text:
            continue
        seconds = _exhausted_reset(lowered, text)
        if seconds is not None:
            return now + timedelta(seconds=seconds)
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            continue
        if when.tzinfo is not None:
            return max(now, when)
    return now + default_wait


def _exhausted_reset(headers: Mapping[str, str], text: str) -> int | None:
    """Seconds from "600", or from a per-window list ("600, 40000", Polar's RateLimit-Reset
    beside RateLimit-Usage and RateLimit-Limit): the first window whose usage reached its
    limit, else the first."""
    parts = [p.strip() for p in text.split(",")]
    if not all(p.isdigit() for p in parts):
        return None
    usage = [p.strip() for p in (headers.get("ratelimit-usage") or "").split(",")]
    limit = [p.strip() for p in (headers.get("ratelimit-limit") or "").split(",")]
    for index, (used, most) in enumerate(zip(usage, limit, strict=False)):
        if used.isdigit() and most.isdigit() and int(used) >= int(most) and index < len(parts):
            return int(parts[index])
    return int(parts[0])


def token_from_reply(
    body: Mapping[str, Any], now: datetime, old: Tokens | None, provider: str = "the provider"
) -> Tokens:
    """Tokens from a token endpoint's JSON object (checked by replies.token_body); keeps the old
    refresh token when none is returned."""
    expires = replies.expires_at(body, now, provider) or now + LONG_LIVED
    user = body.get("x_user_id") or body.get("user_id")
    if isinstance(user, dict | list):
        raise AuthError(f"{provider}'s sign-in reply had a malformed user id: connect again")
    return Tokens(
        access_token=str(body["access_token"]),
        refresh_token=str(body.get("refresh_token") or (old.refresh_token if old else "")),
        expires_at=expires,
        scope=str(body.get("scope") or (old.scope if old else "")),
        athlete_id=str(user) if user else (old.athlete_id if old else None),
    )


class OAuthApi:
    """A bearer-token API for one user: tokens from a TokenSource, refreshed when they can be."""

    label = "the provider"
    default_wait = timedelta(minutes=15)
    basic_auth = False

    def __init__(
        self,
        session: requests.Session,
        base_url: str,
        token_url: str,
        clock: Clock,
        sleep: Sleep,
        tokens: TokenSource,
        app: AppCredentials | None,
    ) -> None:
        self.session = session
        self.base_url = base_url.rstrip("/")
        self.token_url = token_url
        self.clock = clock
        self.sleep = sleep
        self.tokens = tokens
        self.app = app
        self.pause = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    # ---- transport -----------------------------------------------------------------------
    def send(self, request: Callable[[], requests.Response], retries: int = 3) -> requests.Response:
        """`http.send` (5xx retried, errors mapped) with the provider's own 429 window."""
        last: list[requests.Response] = []

        def keep() -> requests.Response:
            last.append(request())
            return last[-1]

        try:
            return send(
                keep, now=self.clock, sleep=self.sleep, provider=self.label, retries=retries
            )
        except RateLimited as exc:
            now = self.clock()
            until = retry_at(last[-1].headers if last else {}, now, self.default_wait)
            raise RateLimited(
                f"{self.label} rate limit reached; try again after {until:%Y-%m-%d %H:%M} UTC",
                until=until,
            ) from exc

    # ---- OAuth ---------------------------------------------------------------------------
    def token_request(self, form: Mapping[str, str], old: Tokens | None) -> Tokens:
        if self.app is None:
            prefix = self.label.split()[0].upper()
            raise AuthError(
                f"{self.label} is not set up: {prefix}_CLIENT_ID and {prefix}_CLIENT_SECRET"
            )
        data = dict(form)
        auth = None
        if self.basic_auth:
            auth = (self.app.client_id, self.app.client_secret)
        else:
            data.update(client_id=self.app.client_id, client_secret=self.app.client_secret)
        try:
            response = self.send(
                lambda: self.session.post(
                    self.token_url,
                    data=data,
                    auth=auth,
                    headers={"Accept": "application/json;charset=UTF-8"},
                    timeout=TIMEOUT_S,
                ),
                retries=0,  # never again after a 5xx: Oura's refresh tokens work once
            )
        except (HttpError, Unauthorized) as exc:
            if getattr(exc, "status", 401) >= 500:
                raise
            raise AuthError(
                f"{self.label} refused the sign-in ({exc}): reconnect {self.label}"
            ) from exc
        body = replies.token_body(response, self.label)
        return token_from_reply(body, self.clock(), old, self.label)

    def exchange_code(self, code: str, redirect_uri: str | None) -> Tokens:
        """Trade the redirect's code for tokens and save them."""
        form = {"grant_type": "authorization_code", "code": code}
        if redirect_uri:
            form["redirect_uri"] = redirect_uri
        tokens = self.token_request(form, None)
        self.tokens.save(tokens)
        return tokens

    def refresh(self, old: Tokens) -> Tokens:
        if not old.refresh_token:
            raise AuthError(f"the {self.label} sign-in expired: reconnect {self.label}")
        form = {"grant_type": "refresh_token", "refresh_token": old.refresh_token}
        tokens = self.token_request(form, old)
        self.tokens.save(tokens)
        return tokens

    def access_token(self, force_refresh: bool = False) -> str:
        tokens = self.tokens.load()
        if force_refresh or tokens.expiring(self.clock()):
            tokens = self.refresh(tokens)
        return tokens.access_token

    # ---- API -----------------------------------------------------------------------------
    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """{base}{path} with the bearer token; one refresh-and-retry on a 401 when refreshable."""
        for attempt in range(2):
            token = self.access_token(force_refresh=attempt > 0)
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
            try:
                return self.send(
                    lambda headers=headers: self.session.request(
                        method,
                        f"{self.base_url}{path}",
                        headers=headers,
                        timeout=TIMEOUT_S,
                        **kwargs,
                    )
                )
            except Unauthorized:
                if attempt == 0 and self.tokens.load().refresh_token:
                    continue
                raise
        raise AssertionError("unreachable")


def authorize_url(endpoint: str, client_id: str, redirect_uri: str, scope: str, state: str) -> str:
    """The authorization-code request URL of a standard OAuth2 provider (Polar, Oura)."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": scope,
            "state": state,
        }
    )
    return f"{endpoint}?{query}"
