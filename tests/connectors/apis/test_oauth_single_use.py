"""OAuth states work once, and a state that is not ASCII is refused cleanly (issue 11, case 8)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from connectors.apis import connect
from connectors.apis.oauth_state import sign_state, verify_state
from connectors.errors import AuthError
from connectors.store import Store
from tests.connectors.apis.conftest import SECRET
from tests.connectors.apis.fake_strava import T0

REDIRECT = "http://localhost:8501/connections"


def _finish(config, store, clock, code: str, state: str) -> str:
    owner, _ = connect.finish(
        config, store, code, state, "read,activity:read_all",
        session=requests.Session(), clock=clock, sleep=lambda s: None,
    )  # fmt: skip
    return owner


def test_a_replayed_valid_state_is_refused(fake, clock, config, store_url) -> None:
    store = Store(store_url)
    try:
        url = connect.start_url(config, "ada", REDIRECT, clock)
        state = parse_qs(urlsplit(url).query)["state"][0]
        fake.codes["code-1"] = 4242
        fake.codes["code-2"] = 4242
        assert _finish(config, store, clock, "code-1", state) == "ada"
        clock.advance(minutes=1)  # still within the state's 10 minutes
        with pytest.raises(AuthError, match="already used"):
            _finish(config, store, clock, "code-2", state)
        assert "code-2" in fake.codes  # refused before the code went to Strava
        other = parse_qs(urlsplit(connect.start_url(config, "ada", REDIRECT, clock)).query)
        assert _finish(config, store, clock, "code-2", other["state"][0]) == "ada"
    finally:
        store.close()


@pytest.mark.parametrize(
    "state",
    ["ünïcode.1.2.3", "a.b.c.\u00e9", "\u200b", "x" * 5000, "😀" * 3],
)
def test_a_state_that_is_not_ascii_or_too_long_is_refused_cleanly(state: str) -> None:
    with pytest.raises(AuthError, match="not one boneload issued"):
        verify_state(SECRET, state, T0)


def test_a_non_ascii_state_on_the_redirect_is_an_auth_error(fake, clock, config, db) -> None:
    good = sign_state(SECRET, "ada", clock())
    with pytest.raises(AuthError, match="not one boneload issued"):
        _finish(config, db, clock, "code", good[:-3] + "é" + good[-2:])
    assert verify_state(SECRET, good, clock() + timedelta(minutes=1)).owner == "ada"
