"""A fake Strava on 127.0.0.1 (pytest-httpserver): OAuth, /athlete, /athlete/activities.

It behaves like the documented API: bearer tokens that expire on the injected clock, rotating
refresh tokens, activities listed ascending by start with after/page/per_page, real
X-RateLimit-* and X-ReadRateLimit-* headers, and 429 past a limit. It records every request
and every protocol violation (a missing header, a bad query) for the tests to assert on.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "strava_api"
CLIENT_ID, CLIENT_SECRET = "1234", "app-secret-not-real"
BIG_ID = 12345678901234567890  # above Int64: must travel as a string


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    authorization: str | None
    form: dict[str, str]


def template() -> dict[str, Any]:
    return json.loads((FIXTURES / "summary_activity.json").read_text(encoding="utf-8"))


def athlete_payload() -> dict[str, Any]:
    return json.loads((FIXTURES / "athlete.json").read_text(encoding="utf-8"))


def make_activity(n: int, start: datetime, **changes: Any) -> dict[str, Any]:
    """Activity number n: a run starting at `start` (UTC), shaped like summary_activity.json."""
    item = template()
    local = start - timedelta(hours=8)
    item.update(
        id=BIG_ID + n,
        name=f"Run {n}",
        start_date=start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        start_date_local=local.strftime("%Y-%m-%dT%H:%M:%SZ"),
        distance=5000.0 + n,
        elapsed_time=1800 + n % 60,
        moving_time=1700,
    )
    item.update(changes)
    return item


class FakeStrava:
    def __init__(self, server: HTTPServer, clock: FakeClock) -> None:
        self.server, self.clock = server, clock
        self.activities: dict[int, dict[str, Any]] = {}
        self.access: dict[str, datetime] = {}
        self.refresh_tokens: set[str] = set()
        self.codes: dict[str, int] = {}
        self.issued = 0
        self.limits = {"overall": (200, 2000), "read": (100, 1000)}
        self.usage = {"overall": [0, 0], "read": [0, 0]}
        self.seconds_per_request = 0.0
        self.inject: list[tuple[str, int, dict[str, Any]]] = []
        self.requests: list[Seen] = []
        self.violations: list[str] = []
        self.after_request: Callable[[Seen], None] | None = None
        server.expect_request("/api/v3/athlete/activities", method="GET").respond_with_handler(
            self._activities
        )
        server.expect_request("/api/v3/athlete", method="GET").respond_with_handler(self._athlete)
        server.expect_request("/oauth/token", method="POST").respond_with_handler(self._token)
        server.expect_request("/oauth/deauthorize", method="POST").respond_with_handler(
            self._deauthorize
        )

    @property
    def api_url(self) -> str:
        return self.server.url_for("/api/v3")

    @property
    def oauth_url(self) -> str:
        return self.server.url_for("").rstrip("/")

    # ---- set-up helpers ------------------------------------------------------------------
    def add_runs(self, count: int, first: datetime, every: timedelta = timedelta(days=1)) -> None:
        for n in range(count):
            n_id = len(self.activities)
            item = make_activity(n_id, first + every * n)
            self.activities[item["id"]] = item

    def grant(self, lifetime: timedelta = timedelta(hours=6)) -> tuple[str, str, datetime]:
        """A fresh (access, refresh, expires_at) as if the athlete had just connected."""
        self.issued += 1
        access, refresh = f"access-{self.issued}", f"refresh-{self.issued}"
        expires = self.clock() + lifetime
        self.access[access] = expires
        self.refresh_tokens.add(refresh)
        return access, refresh, expires

    def revoke_all(self) -> None:
        self.access.clear()
        self.refresh_tokens.clear()

    def fail_next(self, path: str, status: int, body: dict[str, Any] | None = None) -> None:
        self.inject.append((path, status, body or {"message": "Injected"}))

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
        self.clock.advance(seconds=self.seconds_per_request)
        if self.after_request:
            self.after_request(seen)
        return seen

    def _headers(self) -> dict[str, str]:
        (o15, oday), (r15, rday) = self.limits["overall"], self.limits["read"]
        return {
            "X-RateLimit-Limit": f"{o15},{oday}",
            "X-RateLimit-Usage": "{},{}".format(*self.usage["overall"]),
            "X-ReadRateLimit-Limit": f"{r15},{rday}",
            "X-ReadRateLimit-Usage": "{},{}".format(*self.usage["read"]),
        }

    def _json(self, body: Any, status: int = 200, limits: bool = True) -> Response:
        headers = self._headers() if limits else {}
        return Response(json.dumps(body), status, headers, content_type="application/json")

    def _api_gate(self, request: Request, seen: Seen) -> Response | None:
        for usage in self.usage.values():
            usage[0] += 1
            usage[1] += 1
        for family, (l15, lday) in self.limits.items():
            if self.usage[family][0] > l15 or self.usage[family][1] > lday:
                return self._json({"message": "Rate Limit Exceeded", "errors": []}, 429)
        for index, (path, status, body) in enumerate(self.inject):
            if path == request.path:
                del self.inject[index]
                return self._json(body, status)
        token = (seen.authorization or "").removeprefix("Bearer ")
        if not seen.authorization or not seen.authorization.startswith("Bearer "):
            self.violations.append(f"{request.path}: no bearer Authorization header")
        expires = self.access.get(token)
        if expires is None or expires <= self.clock():
            return self._json(
                {
                    "message": "Authorization Error",
                    "errors": [{"resource": "Athlete", "field": "access_token", "code": "invalid"}],
                },
                401,
            )
        return None

    # ---- endpoints -----------------------------------------------------------------------
    def _activities(self, request: Request) -> Response:
        seen = self._seen(request)
        refused = self._api_gate(request, seen)
        if refused is not None:
            return refused
        query = seen.query
        if set(query) - {"per_page", "page", "after", "before"}:
            self.violations.append(f"unexpected query keys {sorted(query)}")
        try:
            per_page, page = int(query["per_page"]), int(query["page"])
            after = int(query.get("after", "0"))
        except (KeyError, ValueError):
            self.violations.append(f"bad activities query {query}")
            return self._json({"message": "Bad Request"}, 400)
        if not 1 <= per_page <= 200 or page < 1:
            self.violations.append(f"out-of-range paging {query}")

        def start(item: dict[str, Any]) -> int:
            instant = datetime.fromisoformat(item["start_date"].replace("Z", "+00:00"))
            return int(instant.timestamp())

        listed = sorted(
            (copy.deepcopy(a) for a in self.activities.values() if start(a) > after), key=start
        )
        return self._json(listed[(page - 1) * per_page : page * per_page])

    def _athlete(self, request: Request) -> Response:
        seen = self._seen(request)
        refused = self._api_gate(request, seen)
        return refused if refused is not None else self._json(athlete_payload())

    def _token(self, request: Request) -> Response:
        form = self._seen(request).form
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return self._json({"message": "Bad Request", "errors": [{"code": "invalid"}]}, 400)
        grant = form.get("grant_type")
        if grant == "refresh_token" and form.get("refresh_token") in self.refresh_tokens:
            self.refresh_tokens.discard(form["refresh_token"])  # rotate
        elif grant == "authorization_code" and form.get("code") in self.codes:
            del self.codes[form["code"]]
        else:
            return self._json(
                {
                    "message": "Bad Request",
                    "errors": [
                        {"resource": "RefreshToken", "field": "refresh_token", "code": "invalid"}
                    ],
                },
                400,
                limits=False,
            )
        access, refresh, expires = self.grant()
        body: dict[str, Any] = {
            "token_type": "Bearer",
            "access_token": access,
            "expires_at": int(expires.timestamp()),
            "expires_in": int((expires - self.clock()).total_seconds()),
            "refresh_token": refresh,
        }
        if grant == "authorization_code":
            body["athlete"] = {"id": 4242, "username": "bones_runner", "resource_state": 2}
        return self._json(body, limits=False)

    def _deauthorize(self, request: Request) -> Response:
        form = self._seen(request).form
        if form.get("access_token") not in self.access:
            return self._json({"message": "Authorization Error"}, 401, limits=False)
        self.revoke_all()
        return self._json({"access_token": form["access_token"]}, limits=False)


T0 = datetime(2025, 3, 5, 10, 7, 30, tzinfo=UTC)
