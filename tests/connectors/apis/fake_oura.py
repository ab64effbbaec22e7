"""A fake Oura API v2 on 127.0.0.1: OAuth token and revoke, and the workout collection.

It behaves like the documented API: client credentials in the token form, access tokens that
expire on the injected clock, refresh tokens that work once, GET /v2/usercollection/workout with
start_date/end_date (days, inclusive) paged by an opaque next_token, RFC 7807 error bodies, and
a 429 on demand. Every request is recorded, and every protocol violation noted.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.connectors.apis.fake_strava import FakeClock

CLIENT_ID, CLIENT_SECRET = "oura-client-3", "oura-secret-not-real"
REDIRECT = "http://localhost:8501/connections"
PAGE_SIZE = 10


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    authorization: str | None
    form: dict[str, str]


def workout(n: int, start: str, minutes: int, **changes: Any) -> dict[str, Any]:
    """Workout n, shaped like Oura's PublicWorkout; `start` is local ISO with its offset."""
    begin = datetime.fromisoformat(start)
    item: dict[str, Any] = {
        "id": f"8f3c2a10-0000-4000-8000-{n:012d}",
        "activity": "walking",
        "calories": 210.5,
        "day": begin.date().isoformat(),
        "distance": 3500.0 + n,
        "end_datetime": (begin + timedelta(minutes=minutes)).isoformat(timespec="milliseconds"),
        "intensity": "moderate",
        "label": None,
        "source": "autodetected",
        "start_datetime": begin.isoformat(timespec="milliseconds"),
    }
    item.update(changes)
    return item


class FakeOura:
    def __init__(self, server: HTTPServer, clock: FakeClock) -> None:
        self.server, self.clock = server, clock
        self.workouts: dict[str, dict[str, Any]] = {}
        self.access: dict[str, datetime] = {}
        self.refresh_tokens: set[str] = set()
        self.codes: set[str] = set()
        self.issued = 0
        self.fail_on: dict[int, tuple[int, dict[str, str]]] = {}
        """Workout listing call number (1-based) -> (status, headers) to answer instead."""
        self.list_calls = 0
        self.requests: list[Seen] = []
        self.violations: list[str] = []
        server.expect_request("/oauth/token", method="POST").respond_with_handler(self._token)
        server.expect_request("/oauth/revoke", method="GET").respond_with_handler(self._revoke)
        server.expect_request("/v2/usercollection/workout", method="GET").respond_with_handler(
            self._list
        )

    @property
    def url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def add(self, item: dict[str, Any]) -> None:
        self.workouts[item["id"]] = item

    def grant(self, lifetime: timedelta = timedelta(days=1)) -> tuple[str, str, datetime]:
        self.issued += 1
        access, refresh = f"oura-access-{self.issued}", f"oura-refresh-{self.issued}"
        expires = self.clock() + lifetime
        self.access[access] = expires
        self.refresh_tokens.add(refresh)
        return access, refresh, expires

    def fail_next(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.fail_on[self.list_calls + 1] = (status, headers or {})

    # ---- plumbing ------------------------------------------------------------------------
    def _seen(self, request: Request) -> Seen:
        seen = Seen(
            request.method,
            request.path,
            dict(request.args),
            request.headers.get("Authorization"),
            dict(request.form),
        )
        self.requests.append(seen)
        return seen

    def _json(
        self, body: Any, status: int = 200, headers: dict[str, str] | None = None
    ) -> Response:
        return Response(json.dumps(body), status, headers or {}, content_type="application/json")

    def _problem(self, status: int, title: str, headers: dict[str, str] | None = None) -> Response:
        return self._json({"status": status, "title": title}, status, headers)

    # ---- endpoints -----------------------------------------------------------------------
    def _token(self, request: Request) -> Response:
        form = self._seen(request).form
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return self._json({"error": "invalid_client"}, 401)
        grant = form.get("grant_type")
        if grant == "authorization_code" and form.get("code") in self.codes:
            if form.get("redirect_uri") != REDIRECT:
                return self._json({"error": "invalid_grant"}, 400)
            self.codes.discard(form["code"])
        elif grant == "refresh_token" and form.get("refresh_token") in self.refresh_tokens:
            self.refresh_tokens.discard(form["refresh_token"])  # single use
        else:
            return self._json(
                {"error": "invalid_grant", "error_description": "Token already used or revoked"},
                400,
            )
        access, refresh, expires = self.grant()
        return self._json(
            {
                "token_type": "bearer",
                "access_token": access,
                "expires_in": int((expires - self.clock()).total_seconds()),
                "refresh_token": refresh,
            }
        )

    def _revoke(self, request: Request) -> Response:
        seen = self._seen(request)
        if seen.query.get("access_token") not in self.access:
            return self._problem(401, "Invalid Access token")
        self.access.clear()
        self.refresh_tokens.clear()
        return Response("", 200)

    def _list(self, request: Request) -> Response:
        seen = self._seen(request)
        self.list_calls += 1
        if self.list_calls in self.fail_on:
            status, headers = self.fail_on.pop(self.list_calls)
            return self._problem(status, "Too Many Requests", headers)
        token = (seen.authorization or "").removeprefix("Bearer ")
        if not (seen.authorization or "").startswith("Bearer "):
            self.violations.append("workout request without a bearer token")
        expires = self.access.get(token)
        if expires is None or expires <= self.clock():
            return self._problem(401, "Expired Token" if expires else "Invalid Access token")
        query = seen.query
        if set(query) - {"start_date", "end_date", "next_token"}:
            self.violations.append(f"unexpected query keys {sorted(query)}")
        try:
            start = date.fromisoformat(query["start_date"])
            end = date.fromisoformat(query["end_date"])
            offset = int(query.get("next_token", "0"))
        except (KeyError, ValueError):
            self.violations.append(f"bad workout query {query}")
            return self._problem(400, "Bad Request")
        listed = sorted(
            (
                copy.deepcopy(w)
                for w in self.workouts.values()
                if start <= date.fromisoformat(w["day"]) <= end
            ),
            key=lambda w: w["start_datetime"],
        )
        page = listed[offset : offset + PAGE_SIZE]
        more = offset + PAGE_SIZE < len(listed)
        return self._json({"data": page, "next_token": str(offset + PAGE_SIZE) if more else None})
