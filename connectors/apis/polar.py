"""Polar AccessLink v3: OAuth, user registration, and the exercise feed.

Facts used (polar.com/accesslink-api, and Polar's accesslink-example-python):
- authorize: https://flow.polar.com/oauth2/authorization?response_type=code&client_id
  &redirect_uri&scope=accesslink.read_all&state.
- POST https://polarremote.com/v2/oauth2/token with HTTP Basic (client id:secret) and the form
  grant_type=authorization_code, code, redirect_uri -> {access_token, token_type, expires_in,
  x_user_id}. There is no refresh token: when Polar refuses a token the user reconnects.
- After authorising, the user must be registered: POST /v3/users {"member-id": ...}; 409 means
  already registered. Only exercises uploaded to Flow after registration are shared.
- GET /v3/exercises lists the exercises uploaded in the last 30 days as one JSON list (no
  paging; the transaction-based listing is deprecated). Older training never comes through this
  API: export it from Polar Flow and import the files.
- DELETE /v3/users/{user-id} de-registers the user and revokes the token.
- Limits: 500 + 20 x users requests per 15 minutes and 5,000 + 100 x users a day per app; a 429
  is honoured until Retry-After / RateLimit-Reset, else 15 minutes.

The feed has a `horizon` (30 days back): the sync never judges an activity older than that
deleted just because Polar stopped listing it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import requests

from connectors.apis import oauth2, replies
from connectors.apis.feed import FeedPage
from connectors.apis.http import Clock, HttpError, Sleep
from connectors.apis.oauth2 import OAuthApi
from connectors.apis.polar_mapping import SOURCE, exercises_result
from connectors.apis.tokens import AppCredentials, Tokens, TokenSource
from connectors.errors import BoneloadError

AUTHORIZE_URL = "https://flow.polar.com/oauth2/authorization"
TOKEN_URL = "https://polarremote.com/v2/oauth2/token"
SCOPE = "accesslink.read_all"
WINDOW = timedelta(days=30)


def oauth_endpoints(oauth_url: str | None) -> tuple[str, str]:
    """(authorize URL, token URL): Polar's own hosts, or both paths on one override base."""
    if not oauth_url:
        return AUTHORIZE_URL, TOKEN_URL
    base = oauth_url.rstrip("/")
    return f"{base}/oauth2/authorization", f"{base}/v2/oauth2/token"


def authorize_url(oauth_url: str | None, client_id: str, redirect_uri: str, state: str) -> str:
    """Where "Connect Polar" sends the user."""
    endpoint = oauth_endpoints(oauth_url)[0]
    return oauth2.authorize_url(endpoint, client_id, redirect_uri, SCOPE, state)


def member_id(owner: str) -> str:
    """The id Polar keeps for this user: derived from the owner, so no e-mail leaves here."""
    return "boneload-" + hashlib.sha256(owner.encode("utf-8")).hexdigest()[:24]


class PolarClient(OAuthApi):
    """One user's Polar AccessLink as an ActivityFeed."""

    provider = "polar"
    source = SOURCE
    label = "Polar"
    basic_auth = True

    def __init__(
        self,
        session: requests.Session,
        base_url: str,
        clock: Clock,
        sleep: Sleep,
        tokens: TokenSource,
        *,
        oauth_url: str | None = None,
        app: AppCredentials | None = None,
        fallback_zone: str = "UTC",
    ) -> None:
        token_url = oauth_endpoints(oauth_url)[1]
        super().__init__(session, base_url, token_url, clock, sleep, tokens, app)
        self.fallback_zone = fallback_zone
        self.horizon: datetime | None = None

    def connect(self, code: str, redirect_uri: str | None, owner: str) -> Tokens:
        """Exchange the code, save the tokens, and register the user with AccessLink."""
        tokens = self.exchange_code(code, redirect_uri)
        self.register(owner)
        return tokens

    def register(self, owner: str) -> None:
        try:
            self.request("POST", "/v3/users", json={"member-id": member_id(owner)})
        except HttpError as exc:
            if exc.status != 409:  # 409: this user is already registered with the app
                raise

    def deregister(self) -> None:
        """De-register the user at Polar, which revokes the token (the caller deletes it)."""
        user_id = self.tokens.load().athlete_id
        if not user_id:
            raise BoneloadError("the saved Polar connection has no user id")
        self.request("DELETE", f"/v3/users/{user_id}")

    def exercises(self) -> list[dict[str, Any]]:
        response = self.request("GET", "/v3/exercises")
        if response.status_code == 204 or not response.content:
            return []
        return replies.list_of_objects(replies.read_json(response, "Polar"), "Polar", "exercises")

    def pages(self, after: datetime | None, first_page: int = 1) -> Iterator[FeedPage]:
        """One page: every exercise Polar still lists (the last 30 days), whatever `after` is;
        those already stored are only updated by the sync."""
        self.horizon = self.clock() - WINDOW
        items = self.exercises()
        result = exercises_result(items, self.fallback_zone)
        if not items:
            result.warnings.append(
                "Polar listed no exercises: it shares only those uploaded to Flow in the last "
                "30 days, after you connected"
            )
        seen = [str(i["id"]) for i in items if i.get("id") not in (None, "")]
        yield FeedPage(1, result, seen)
