"""Oura API v2: OAuth (personal access tokens ended in December 2025) and the workout feed.

Facts used (cloud.ouraring.com/v2/docs):
- authorize: https://cloud.ouraring.com/oauth/authorize?response_type=code&client_id
  &redirect_uri&scope=workout&state; the redirect returns code, state and the granted scope.
- POST https://api.ouraring.com/oauth/token with grant_type=authorization_code (code,
  redirect_uri) or refresh_token, client_id and client_secret in the form ->
  {access_token, token_type, expires_in, refresh_token}. A refresh token works once: the newest
  one is saved before anything else happens.
- GET /v2/usercollection/workout?start_date=YYYY-MM-DD&end_date=YYYY-MM-DD[&next_token=...]
  -> {"data": [...], "next_token": str | null}; pages follow next_token until it is null.
- GET https://api.ouraring.com/oauth/revoke?access_token=... revokes the grant.
- Limits: 5,000 requests per 5 minutes (429 past it); a new app serves 10 users until Oura
  approves it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import requests

from connectors.apis import oauth2, replies
from connectors.apis.feed import FeedPage
from connectors.apis.http import Clock, Sleep
from connectors.apis.oauth2 import TIMEOUT_S, OAuthApi
from connectors.apis.oura_mapping import SOURCE, workouts_result
from connectors.apis.tokens import AppCredentials, Tokens, TokenSource
from connectors.errors import AuthError, BoneloadError

AUTHORIZE_URL = "https://cloud.ouraring.com/oauth/authorize"
TOKEN_HOST = "https://api.ouraring.com"
SCOPE = "workout"
FIRST_DAY = date(2015, 1, 1)
"""Before the first Oura ring shipped: a full listing starts here."""


def oauth_endpoints(oauth_url: str | None) -> tuple[str, str, str]:
    """(authorize, token, revoke) URLs: Oura's own hosts, or all on one override base."""
    if not oauth_url:
        return AUTHORIZE_URL, f"{TOKEN_HOST}/oauth/token", f"{TOKEN_HOST}/oauth/revoke"
    base = oauth_url.rstrip("/")
    return f"{base}/oauth/authorize", f"{base}/oauth/token", f"{base}/oauth/revoke"


def authorize_url(oauth_url: str | None, client_id: str, redirect_uri: str, state: str) -> str:
    """Where "Connect Oura" sends the user."""
    endpoint = oauth_endpoints(oauth_url)[0]
    return oauth2.authorize_url(endpoint, client_id, redirect_uri, SCOPE, state)


def check_scope(granted: str | None) -> None:
    """AuthError when the redirect says the workout scope was not granted (empty: not said)."""
    scopes = set((granted or "").replace(",", " ").split())
    if scopes and SCOPE not in scopes:
        raise AuthError(
            "Oura did not grant access to your workouts: connect again and leave 'Workouts' ticked"
        )


class OuraClient(OAuthApi):
    """One user's Oura workouts as an ActivityFeed."""

    provider = "oura"
    source = SOURCE
    label = "Oura"
    default_wait = timedelta(minutes=5)

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
        _, token_url, self.revoke_url = oauth_endpoints(oauth_url)
        super().__init__(session, base_url, token_url, clock, sleep, tokens, app)
        self.fallback_zone = fallback_zone

    def connect(self, code: str, redirect_uri: str | None, granted_scope: str) -> Tokens:
        check_scope(granted_scope)
        tokens = self.exchange_code(code, redirect_uri)
        if granted_scope and not tokens.scope:
            tokens = replace(tokens, scope=granted_scope)
            self.tokens.save(tokens)
        return tokens

    def revoke(self) -> None:
        """Revoke the grant at Oura (the caller deletes the stored tokens)."""
        access = self.tokens.load().access_token
        self.send(
            lambda: self.session.get(
                self.revoke_url, params={"access_token": access}, timeout=TIMEOUT_S
            )
        )

    def workouts(self, start: date, end: date, next_token: str | None) -> dict[str, Any]:
        params = {"start_date": start.isoformat(), "end_date": end.isoformat()}
        if next_token:
            params["next_token"] = next_token
        response = self.request("GET", "/v2/usercollection/workout", params=params)
        body = replies.json_object(
            replies.read_json(response, "Oura"), "Oura", "a page of workouts"
        )
        replies.list_of_objects(body.get("data"), "Oura", "workouts")
        if body.get("next_token") is not None and not isinstance(body["next_token"], str):
            raise BoneloadError("Oura sent a page of workouts with a malformed next_token")
        return body

    def pages(self, after: datetime | None, first_page: int = 1) -> Iterator[FeedPage]:
        """Workouts from `after`'s day (all when None) to tomorrow, page by page.

        next_token cannot be rebuilt, so a resumed sync walks the earlier pages again and
        yields from `first_page` on."""
        start = after.date() if after is not None else FIRST_DAY
        end = self.clock().date() + timedelta(days=1)
        number, token = 1, None
        while True:
            body = self.workouts(start, end, token)
            items = body["data"]
            if number >= first_page:
                result = workouts_result(items, self.fallback_zone, f"Oura workouts page {number}")
                seen = [str(i["id"]) for i in items if i.get("id") not in (None, "")]
                yield FeedPage(number, result, seen)
            token = body.get("next_token")
            if not token:
                return
            number += 1
