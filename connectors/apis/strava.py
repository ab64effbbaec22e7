"""Strava API v3: OAuth (authorization code, refresh, deauthorize) and the activity feed.

Session, base URLs, clock, sleep and tokens are passed in (stravalib's habit), so tests point
the client at a fake Strava on 127.0.0.1 and never wait. Facts used (developers.strava.com):
- authorize: {oauth}/oauth/authorize?client_id&redirect_uri&response_type=code&scope&state;
  the redirect returns code, state and the scope the athlete actually granted.
- POST {oauth}/oauth/token (authorization_code or refresh_token): access tokens last 6 hours;
  the refresh token may rotate, so the newest one returned is always the one kept.
- GET {api}/athlete/activities?per_page<=200&page&after=<epoch s>; GET {api}/athlete (gear).
- POST {oauth}/oauth/deauthorize revokes the grant.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import requests

from connectors.apis import replies
from connectors.apis.credentials import STRAVA_OAUTH_URL
from connectors.apis.feed import FeedPage
from connectors.apis.http import (
    SAFETY_MARGIN,
    Clock,
    HttpError,
    Pause,
    RateLimits,
    Sleep,
    Unauthorized,
    parse_rate_limits,
    send,
    should_pause,
)
from connectors.apis.strava_mapping import SOURCE, activities_frame, gear_names
from connectors.apis.tokens import AppCredentials, Tokens, TokenSource
from connectors.errors import AuthError, RateLimited

PROVIDER = "Strava"
DEFAULT_SCOPE = "read,activity:read_all"
PER_PAGE = 200
TIMEOUT_S = 30


def authorize_url(
    oauth_url: str,
    client_id: str,
    redirect_uri: str,
    state: str,
    scope: str = DEFAULT_SCOPE,
) -> str:
    """Where "Connect Strava" sends the athlete."""
    query = urlencode(
        {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "approval_prompt": "auto",
            "scope": scope,
            "state": state,
        }
    )
    return f"{oauth_url.rstrip('/')}/oauth/authorize?{query}"


def check_scope(granted: str | None) -> list[str]:
    """Warnings about the scopes the athlete granted; AuthError when activities cannot be read.

    activity:read_all reads every activity; activity:read misses those set to "Only You"."""
    scopes = {s.strip() for s in (granted or "").replace(" ", ",").split(",") if s.strip()}
    if "activity:read_all" in scopes:
        return []
    if "activity:read" in scopes:
        return [
            "Strava shares only your non-private activities: reconnect and tick "
            "'View data about your private activities' to bring them all"
        ]
    raise AuthError(
        "Strava did not grant access to your activities: connect again and leave "
        "'View data about your activities' ticked"
    )


class StravaClient:
    """One athlete's Strava. Reads rate-limit headers on every response and stops before them."""

    provider = "strava"
    source = SOURCE

    def __init__(
        self,
        session: requests.Session,
        base_url: str,
        clock: Clock,
        sleep: Sleep,
        tokens: TokenSource,
        *,
        oauth_url: str = STRAVA_OAUTH_URL,
        app: AppCredentials | None = None,
        fallback_zone: str = "UTC",
        margin: int = SAFETY_MARGIN,
    ) -> None:
        self.session = session
        self.base_url = base_url.rstrip("/")
        self.oauth_url = oauth_url.rstrip("/")
        self.clock = clock
        self.sleep = sleep
        self.tokens = tokens
        self.app = app
        self.fallback_zone = fallback_zone
        self.margin = margin
        self.limits = RateLimits()
        self.pause: Pause | None = None
        self._gear: dict[str, str] | None = None

    def __repr__(self) -> str:
        return f"StravaClient(base_url={self.base_url!r})"

    # ---- OAuth ---------------------------------------------------------------------------
    def _token_request(self, data: Mapping[str, str], old: Tokens | None) -> Tokens:
        if self.app is None:
            raise AuthError("Strava is not set up: STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET")
        form = {"client_id": self.app.client_id, "client_secret": self.app.client_secret, **data}
        try:
            response = send(
                lambda: self.session.post(
                    f"{self.oauth_url}/oauth/token", data=form, timeout=TIMEOUT_S
                ),
                now=self.clock,
                sleep=self.sleep,
                provider=PROVIDER,
                retries=0,  # never again after a 5xx: a refresh token may already be spent
            )
        except (HttpError, Unauthorized) as exc:
            status = getattr(exc, "status", 401)
            if status >= 500:
                raise
            raise AuthError(f"Strava refused the sign-in ({exc}): reconnect Strava") from exc
        body = replies.token_body(response, PROVIDER)
        expires = replies.expires_at(body, self.clock(), PROVIDER)
        if expires is None:
            raise AuthError("Strava's sign-in reply named no expiry: connect Strava again")
        athlete = body.get("athlete") if isinstance(body.get("athlete"), dict) else {}
        athlete_id = athlete.get("id")
        return Tokens(
            access_token=body["access_token"],
            refresh_token=body.get("refresh_token") or (old.refresh_token if old else ""),
            expires_at=expires,
            scope=old.scope if old else "",
            athlete_id=str(athlete_id) if athlete_id else (old and old.athlete_id),
        )

    def exchange_code(self, code: str, granted_scope: str) -> Tokens:
        """Trade the redirect's code for tokens, after checking the granted scope; saves them."""
        check_scope(granted_scope)
        tokens = self._token_request({"code": code, "grant_type": "authorization_code"}, None)
        tokens = Tokens(
            tokens.access_token,
            tokens.refresh_token,
            tokens.expires_at,
            granted_scope,
            tokens.athlete_id,
        )
        self.tokens.save(tokens)
        return tokens

    def refresh(self, refresh_token: str) -> Tokens:
        """New tokens from a refresh token; the newest refresh token is saved and returned."""
        try:
            old = self.tokens.load()
        except AuthError:
            old = None
        if old is not None and old.refresh_token != refresh_token:
            old = Tokens(old.access_token, refresh_token, old.expires_at, old.scope, old.athlete_id)
        tokens = self._token_request(
            {"grant_type": "refresh_token", "refresh_token": refresh_token}, old
        )
        self.tokens.save(tokens)
        return tokens

    def deauthorize(self) -> None:
        """Revoke the grant at Strava (the caller deletes the stored tokens)."""
        access = self._access_token()
        send(
            lambda: self.session.post(
                f"{self.oauth_url}/oauth/deauthorize",
                data={"access_token": access},
                timeout=TIMEOUT_S,
            ),
            now=self.clock,
            sleep=self.sleep,
            provider=PROVIDER,
        )

    def _access_token(self, force_refresh: bool = False) -> str:
        tokens = self.tokens.load()
        if force_refresh or tokens.expiring(self.clock()):
            tokens = self.refresh(tokens.refresh_token)
        return tokens.access_token

    # ---- API -----------------------------------------------------------------------------
    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET {api}{path} as JSON. Stops before a limit; one refresh-and-retry on a 401."""
        if self.pause is not None and self.pause.until > self.clock():
            raise RateLimited(
                f"paused before Strava's {self.pause.reason}; the next window opens at "
                f"{self.pause.until:%Y-%m-%d %H:%M} UTC",
                until=self.pause.until,
            )
        for attempt in range(2):
            token = self._access_token(force_refresh=attempt > 0)
            try:
                response = send(
                    lambda token=token: self._get(path, params, token),
                    now=self.clock,
                    sleep=self.sleep,
                    provider=PROVIDER,
                )
            except Unauthorized:
                if attempt == 0:
                    continue  # expired early? one refresh, then give up
                raise
            return replies.read_json(response, PROVIDER)
        raise AssertionError("unreachable")

    def _get(self, path: str, params: Mapping[str, Any] | None, token: str) -> requests.Response:
        response = self.session.get(
            f"{self.base_url}{path}",
            params=params,
            headers={"Authorization": f"Bearer {token}"},
            timeout=TIMEOUT_S,
        )
        limits = parse_rate_limits(response.headers)
        if limits.overall or limits.read:
            self.limits = limits
            self.pause = should_pause(limits, self.clock(), self.margin)
        return response

    def athlete(self) -> dict[str, Any]:
        return replies.json_object(self.get("/athlete"), PROVIDER, "the athlete")

    def gear(self) -> dict[str, str]:
        """Gear id -> name, fetched once per client (one client per sync)."""
        if self._gear is None:
            self._gear = gear_names(self.athlete())
        return self._gear

    def pages(self, after: datetime | None, first_page: int = 1) -> Iterator[FeedPage]:
        """Activities starting after `after` (all when None), page by page until an empty one."""
        number = max(1, first_page)
        while True:
            params: dict[str, Any] = {"per_page": PER_PAGE, "page": number}
            params["after"] = int(after.timestamp()) if after is not None else 0
            items = replies.list_of_objects(
                self.get("/athlete/activities", params), PROVIDER, "activities"
            )
            if not items:
                return
            gear = self.gear() if any(i.get("gear_id") for i in items) else {}
            result = activities_frame(items, gear, self.fallback_zone, f"Strava page {number}")
            seen = [str(i["id"]) for i in items if i.get("id") is not None]
            yield FeedPage(number, result, seen)
            number += 1
