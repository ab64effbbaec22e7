"""Oura and Polar replies checked for shape, and Oura's single-use refresh token never POSTed
twice after a 5xx (issue 11, case 8), against the fakes on 127.0.0.1."""

from __future__ import annotations

import pytest

from connectors.errors import AuthError
from tests.connectors.apis import test_oura, test_polar
from tests.connectors.apis.test_replies import HTML, _reply

oura, connected = test_oura.oura, test_oura.connected


@pytest.fixture
def config(oura):
    return test_oura.config.__wrapped__(oura)


def _token_posts(server) -> int:
    return len([r for r in server.log if r[0].path == "/oauth/token"])


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (HTML, "Oura sent a reply that is not JSON (text/html"),
        ({"access_token": "a", "expires_in": "86400"}, "malformed expiry"),
        ({"access_token": "a", "expires_in": -5}, "malformed expiry"),
        ({"token": "a"}, "had no access token"),
        ({"access_token": "a", "user_id": {"id": 1}}, "malformed user id"),
    ],
)
def test_a_malformed_oura_code_exchange_is_an_auth_error(
    oura, config, db, clock, httpserver_ipv4, reply, message
) -> None:
    oura.codes.add("code-1")
    _reply(httpserver_ipv4, "/oauth/token", "POST", reply)
    with pytest.raises(AuthError, match=message.replace("(", r"\(")):
        test_oura._finish(config, db, clock, "code-1", "workout personal")


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (HTML, "Oura sent a reply that is not JSON"),
        ({"data": {}}, "Oura sent an empty object where a list of workouts belongs"),
        ({"data": [], "next_token": 5}, "malformed next_token"),
        ([], "Oura sent a list where a page of workouts belongs"),
    ],
)
def test_a_malformed_oura_workout_page_is_a_clear_error(
    oura, config, db, clock, connected, httpserver_ipv4, reply, message
) -> None:
    _reply(httpserver_ipv4, test_oura.WORKOUT, "GET", reply)
    report = test_oura._sync(config, db, clock)
    assert report.status == "error" and message in report.message


def test_oura_refresh_is_not_posted_again_after_a_5xx(
    oura, config, db, clock, connected, httpserver_ipv4
) -> None:
    clock.advance(days=1)  # the access token expired: the sync refreshes first
    before = _token_posts(httpserver_ipv4)
    _reply(httpserver_ipv4, "/oauth/token", "POST", {"error": "temporarily"}, status=503)
    report = test_oura._sync(config, db, clock)
    assert report.status == "error" and "HTTP 503" in report.message
    assert _token_posts(httpserver_ipv4) - before == 1
    assert test_oura._sync(config, db, clock).status == "ok"  # the refresh token still works


@pytest.fixture
def polar(httpserver_ipv4, clock):
    return test_polar.polar.__wrapped__(httpserver_ipv4, clock)


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (HTML, "Polar sent a reply that is not JSON"),
        ({"exercises": []}, "Polar sent an object where a list of exercises belongs"),
        (["x"], "Polar sent a list of exercises with an entry that is no object"),
    ],
)
def test_a_malformed_polar_listing_is_a_clear_error(
    polar, db, clock, httpserver_ipv4, reply, message
) -> None:
    config = test_polar.config.__wrapped__(polar)
    polar.codes.add("code-1")
    test_polar._finish(config, db, clock, "code-1")
    _reply(httpserver_ipv4, "/v3/exercises", "GET", reply)
    report = test_polar._sync(config, db, clock)
    assert report.status == "error" and message in report.message
