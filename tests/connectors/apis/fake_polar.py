"""A fake Polar AccessLink v3 on 127.0.0.1: the token endpoint, user registration, exercises.

It behaves like the documented API: HTTP Basic client authentication on the token endpoint,
long-lived bearer tokens with x_user_id, registration required before exercises are listed
(409 when registering twice), GET /v3/exercises listing only what was uploaded in the last 30
days, DELETE /v3/users/{id} revoking the token, and a 429 with RateLimit-* headers on demand.
Every request is recorded, and every protocol violation noted for the tests to assert on.
"""

from __future__ import annotations

import base64
import copy
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.connectors.apis.fake_strava import FakeClock

CLIENT_ID, CLIENT_SECRET = "polar-client-7", "polar-secret-not-real"
REDIRECT = "http://localhost:8501/connections"
USER_ID = 58814885
WINDOW = timedelta(days=30)


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: str


def exercise(n: int, local_start: datetime, offset_min: int, **changes: Any) -> dict[str, Any]:
    """Exercise n, shaped like AccessLink's "Exercise" (kebab-case keys, local start)."""
    upload = local_start - timedelta(minutes=offset_min) + timedelta(hours=1)
    item: dict[str, Any] = {
        "id": f"2AC3{n:03d}F",
        "upload-time": upload.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "polar-user": f"https://www.polaraccesslink.com/v3/users/{USER_ID}",
        "device": "Polar Vantage V3",
        "device-id": "1111AAAA",
        "start-time": local_start.strftime("%Y-%m-%dT%H:%M:%S"),
        "start-time-utc-offset": offset_min,
        "duration": "PT45M12S",
        "calories": 480,
        "distance": 8012.5 + n,
        "heart-rate": {"average": 148, "maximum": 171},
        "training-load": 92.0,
        "sport": "RUNNING",
        "has-route": True,
        "detailed-sport-info": "RUNNING",
        "fat-percentage": 30,
        "carbohydrate-percentage": 60,
        "protein-percentage": 10,
        "running-index": 51,
    }
    item.update(changes)
    return item


class FakePolar:
    def __init__(self, server: HTTPServer, clock: FakeClock) -> None:
        self.server, self.clock = server, clock
        self.exercises: dict[str, dict[str, Any]] = {}
        self.codes: set[str] = set()
        self.tokens: set[str] = set()
        self.registered: dict[int, str] = {}
        self.issued = 0
        self.inject: list[tuple[int, dict[str, str]]] = []
        self.requests: list[Seen] = []
        self.violations: list[str] = []
        server.expect_request("/v2/oauth2/token", method="POST").respond_with_handler(self._token)
        server.expect_request("/v3/users", method="POST").respond_with_handler(self._register)
        server.expect_request(re.compile(r"^/v3/users/\d+$"), method="DELETE").respond_with_handler(
            self._deregister
        )
        server.expect_request("/v3/exercises", method="GET").respond_with_handler(self._list)

    @property
    def url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def add(self, item: dict[str, Any]) -> None:
        self.exercises[item["id"]] = item

    def grant(self) -> str:
        self.issued += 1
        token = f"polar-access-{self.issued}"
        self.tokens.add(token)
        return token

    def rate_limit_next(self, reset: str = "600, 40000", usage: str = "500, 1200") -> None:
        self.inject.append(
            (
                429,
                {
                    "RateLimit-Usage": usage,
                    "RateLimit-Limit": "500, 5000",
                    "RateLimit-Reset": reset,
                },
            )
        )

    # ---- plumbing ------------------------------------------------------------------------
    def _seen(self, request: Request) -> Seen:
        seen = Seen(
            request.method,
            request.path,
            dict(request.args),
            dict(request.headers),
            request.get_data(as_text=True),
        )
        self.requests.append(seen)
        return seen

    def _json(
        self, body: Any, status: int = 200, headers: dict[str, str] | None = None
    ) -> Response:
        return Response(json.dumps(body), status, headers or {}, content_type="application/json")

    def _bearer(self, seen: Seen) -> str | None:
        authorization = seen.headers.get("Authorization", "")
        if not authorization.startswith("Bearer "):
            self.violations.append(f"{seen.path}: no bearer Authorization header")
            return None
        token = authorization.removeprefix("Bearer ")
        return token if token in self.tokens else None

    def _gate(self, seen: Seen) -> Response | None:
        if self.inject:
            status, headers = self.inject.pop(0)
            return self._json({"status": status, "message": "Too many requests"}, status, headers)
        if self._bearer(seen) is None:
            return Response("", 401)
        return None

    # ---- endpoints -----------------------------------------------------------------------
    def _token(self, request: Request) -> Response:
        seen = self._seen(request)
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if seen.headers.get("Authorization") != f"Basic {expected}":
            return self._json({"error": "invalid_client"}, 401)
        if "application/json" not in seen.headers.get("Accept", ""):
            self.violations.append("token request without Accept: application/json")
        form = dict(request.form)
        if form.get("grant_type") != "authorization_code" or form.get("code") not in self.codes:
            return self._json({"error": "invalid_grant"}, 400)
        if form.get("redirect_uri") != REDIRECT:
            return self._json({"error": "invalid_grant", "error_description": "redirect_uri"}, 400)
        self.codes.discard(form["code"])
        return self._json(
            {
                "access_token": self.grant(),
                "token_type": "bearer",
                "expires_in": 315359999,
                "x_user_id": USER_ID,
            }
        )

    def _register(self, request: Request) -> Response:
        seen = self._seen(request)
        refused = self._gate(seen)
        if refused is not None:
            return refused
        if "application/json" not in seen.headers.get("Content-Type", ""):
            self.violations.append("registration without a JSON body")
        member = json.loads(seen.body or "{}").get("member-id")
        if not member:
            return self._json({"message": "member-id missing"}, 400)
        if USER_ID in self.registered:
            return self._json({"message": "User already registered"}, 409)
        self.registered[USER_ID] = member
        return self._json(
            {
                "polar-user-id": USER_ID,
                "member-id": member,
                "registration-date": self.clock().strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "first-name": "Ada",
                "last-name": "Runner",
            }
        )

    def _deregister(self, request: Request) -> Response:
        seen = self._seen(request)
        refused = self._gate(seen)
        if refused is not None:
            return refused
        self.registered.pop(int(request.path.rsplit("/", 1)[1]), None)
        self.tokens.clear()
        return Response("", 204)

    def _list(self, request: Request) -> Response:
        seen = self._seen(request)
        refused = self._gate(seen)
        if refused is not None:
            return refused
        if seen.query:
            self.violations.append(f"unexpected exercise query {seen.query}")
        if USER_ID not in self.registered:
            return self._json({"message": "User not registered"}, 403)
        oldest = self.clock() - WINDOW

        def uploaded(item: dict[str, Any]) -> datetime:
            return datetime.fromisoformat(item["upload-time"].replace("Z", "+00:00"))

        listed = [copy.deepcopy(e) for e in self.exercises.values() if uploaded(e) >= oldest]
        return self._json(listed)
