"""Replies are checked for shape (issue 11, case 8): non-JSON, HTML, `{}`, a string expiry from
the token endpoint or the API become a clear AuthError / BoneloadError in the sync report and on
the Connections page, never a traceback; a refresh POST is never sent again after a 5xx."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from pytest_httpserver import HTTPServer

from connectors.apis import connect, registry
from connectors.apis.tokens import FernetCipher
from connectors.errors import AuthError
from connectors.store.connections import load_tokens
from tests.connectors.apis.conftest import OWNER, SECRET

HTML = "<html><body><h1>502 Bad Gateway</h1></body></html>"
GOOD_EXPIRY = 1_741_200_000 + 6 * 3600  # T0 + 6 h, as an epoch


def _reply(server: HTTPServer, path: str, method: str, reply: object, status: int = 200) -> None:
    handler = server.expect_oneshot_request(path, method=method)
    if isinstance(reply, str):
        handler.respond_with_data(reply, status=status, content_type="text/html")
    else:
        handler.respond_with_json(reply, status=status)


def _sync(config, db, clock):
    return registry.sync_source(
        "strava", db, OWNER, config, session=requests.Session(), clock=clock, sleep=lambda s: None
    )


def _token_posts(fake) -> int:
    return sum(1 for r in fake.requests if r.path == "/oauth/token")


BAD_TOKEN_REPLIES = [
    (HTML, "not JSON (text/html"),
    ({}, "sign-in reply had no access token"),
    ([], "sent a list where a sign-in reply belongs"),
    ({"access_token": "", "refresh_token": "r", "expires_at": GOOD_EXPIRY}, "no access token"),
    ({"access_token": 7, "refresh_token": "r", "expires_at": GOOD_EXPIRY}, "no access token"),
    ({"access_token": "a", "refresh_token": "r", "expires_at": "tomorrow"}, "malformed expiry"),
    ({"access_token": "a", "refresh_token": "r", "expires_at": 10**15}, "malformed expiry"),
    ({"access_token": "a", "refresh_token": "r", "expires_at": True}, "malformed expiry"),
    ({"access_token": "a", "refresh_token": "r"}, "named no expiry"),
    ({"access_token": "a", "refresh_token": ["r"], "expires_at": GOOD_EXPIRY}, "refresh token"),
]


@pytest.mark.parametrize(("reply", "message"), BAD_TOKEN_REPLIES)
def test_a_malformed_refresh_reply_asks_to_reconnect(
    fake, httpserver_ipv4, db, clock, config, connect, reply, message
) -> None:
    fake.add_runs(2, clock() - timedelta(days=3))
    connect(timedelta(minutes=1))  # expiring: the sync refreshes first
    _reply(httpserver_ipv4, "/oauth/token", "POST", reply)
    report = _sync(config, db, clock)
    assert report.status == "reconnect", report.message
    assert "Strava" in report.message and message in report.message
    assert db.count(OWNER) == 0


@pytest.mark.parametrize(("reply", "message"), BAD_TOKEN_REPLIES[:8])
def test_a_malformed_code_exchange_reply_is_an_auth_error(
    fake, httpserver_ipv4, db, clock, config, reply, message
) -> None:
    url = connect.start_url(config, OWNER, "http://localhost:8501/connections", clock)
    state = parse_qs(urlsplit(url).query)["state"][0]
    _reply(httpserver_ipv4, "/oauth/token", "POST", reply)
    with pytest.raises(AuthError, match=message.replace("(", r"\(")):
        connect.finish(
            config, db, "code-1", state, "read,activity:read_all",
            session=requests.Session(), clock=clock, sleep=lambda s: None,
        )  # fmt: skip
    assert load_tokens(db, OWNER, "strava", FernetCipher(SECRET)) is None


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (HTML, "Strava sent a reply that is not JSON (text/html: '<html><body><h1>502 Bad"),
        ({}, "Strava sent an empty object where a list of activities belongs"),
        ({"message": "Record Not Found"}, "Strava sent an object where a list of activities"),
        ([{"id": 1}, "x"], "Strava sent a list of activities with an entry that is no object"),
        ("", "Strava sent a reply that is not JSON (text/html)"),
    ],
)
def test_a_malformed_activities_reply_is_a_clear_error(
    fake, httpserver_ipv4, db, clock, config, connect, reply, message
) -> None:
    connect()
    _reply(httpserver_ipv4, "/api/v3/athlete/activities", "GET", reply)
    report = _sync(config, db, clock)
    assert report.status == "error"
    assert message in report.message


def test_a_malformed_athlete_reply_is_a_clear_error(
    fake, httpserver_ipv4, db, clock, config, connect
) -> None:
    fake.add_runs(1, clock() - timedelta(days=1))
    connect()
    _reply(httpserver_ipv4, "/api/v3/athlete", "GET", ["not", "an", "athlete"])
    report = _sync(config, db, clock)
    assert report.status == "error" and "Strava sent a list where the athlete belongs" in (
        report.message
    )


def test_a_refresh_post_is_never_sent_again_after_a_5xx(
    fake, httpserver_ipv4, db, clock, config, connect
) -> None:
    fake.add_runs(2, clock() - timedelta(days=3))
    granted = connect(timedelta(minutes=1))
    _reply(httpserver_ipv4, "/oauth/token", "POST", {"message": "upstream"}, status=502)
    report = _sync(config, db, clock)
    assert _token_posts(fake) == 0  # the 502 came from the one-shot reply, not the fake
    assert report.status == "error" and "HTTP 502" in report.message
    assert len([r for r in httpserver_ipv4.log if r[0].path == "/oauth/token"]) == 1
    stored = load_tokens(db, OWNER, "strava", FernetCipher(SECRET))
    assert stored.refresh_token == granted.refresh_token  # kept: the next sync can try it
    again = _sync(config, db, clock)
    assert (again.status, again.new) == ("ok", 2)
