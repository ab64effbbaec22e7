"""Connect Strava: the signed state, the authorize URL, the code exchange, scopes, disconnect,
and tokens that never show up in a repr or in the database in clear."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import sqlalchemy as sa

from connectors.apis.credentials import ApiConfig
from connectors.apis.oauth_state import sign_state, verify_state
from connectors.apis.strava import authorize_url, check_scope
from connectors.apis.tokens import AppCredentials, FernetCipher, MemoryTokens, Tokens
from connectors.errors import AuthError
from connectors.store.connection_tables import connections
from connectors.store.connections import delete_tokens, load_tokens
from tests.connectors.apis.conftest import OWNER, SECRET
from tests.connectors.apis.fake_strava import T0

NONCE = bytes(range(16))


def test_a_state_verifies_in_a_fresh_session_and_names_its_owner() -> None:
    state = sign_state(SECRET, "ada@example.org", T0, NONCE)
    verified = verify_state(SECRET, state, T0 + timedelta(minutes=9, seconds=59))
    assert verified.owner == "ada@example.org"
    assert verified.issued_at == T0.replace(microsecond=0)
    assert sign_state(SECRET, "x", T0) != sign_state(SECRET, "x", T0)  # a new nonce each time


@pytest.mark.parametrize(
    ("mutate", "when", "message"),
    [
        (lambda s: s, timedelta(minutes=10, seconds=1), "expired"),
        (lambda s: s, timedelta(minutes=-5), "future"),
        (lambda s: s[:-2] + ("AA" if not s.endswith("AA") else "BB"), timedelta(0), "not one"),
        (lambda s: s.replace(s.split(".")[2], "bWFsbG9yeQ"), timedelta(0), "not one"),
        (
            lambda s: s.replace(s.split(".")[1], str(int(s.split(".")[1]) + 60)),
            timedelta(0),
            "not one",
        ),
        (lambda s: "garbage", timedelta(0), "not one"),
        (lambda s: "", timedelta(0), "not one"),
    ],
)
def test_forged_damaged_or_expired_states_are_refused(mutate, when, message) -> None:
    state = mutate(sign_state(SECRET, "local", T0, NONCE))
    with pytest.raises(AuthError, match=message):
        verify_state(SECRET, state, T0 + when)


def test_a_state_signed_with_another_secret_is_refused() -> None:
    with pytest.raises(AuthError, match="not one boneload issued"):
        verify_state(SECRET, sign_state("another-secret", "local", T0), T0)


def test_the_authorize_url_asks_for_the_activity_scope() -> None:
    url = authorize_url("http://127.0.0.1:9/", "1234", "http://localhost:8501/connections", "s.t")
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("127.0.0.1:9", "/oauth/authorize")
    assert parse_qs(parts.query) == {
        "client_id": ["1234"],
        "redirect_uri": ["http://localhost:8501/connections"],
        "response_type": ["code"],
        "approval_prompt": ["auto"],
        "scope": ["read,activity:read_all"],
        "state": ["s.t"],
    }


@pytest.mark.parametrize(
    ("granted", "warnings"),
    [
        ("read,activity:read_all", 0),
        ("activity:read_all", 0),
        ("read,activity:read", 1),
    ],
)
def test_granted_scopes(granted: str, warnings: int) -> None:
    assert len(check_scope(granted)) == warnings


@pytest.mark.parametrize("granted", ["read", "", None, "read,profile:read_all"])
def test_without_an_activity_scope_connecting_is_refused(granted) -> None:
    with pytest.raises(AuthError, match="did not grant access to your activities"):
        check_scope(granted)


def test_connecting_exchanges_the_code_and_stores_tokens_encrypted(
    fake, db, clock, client_for
) -> None:
    fake.codes["code-abc"] = 4242
    client = client_for()
    tokens = client.exchange_code("code-abc", "read,activity:read_all")
    assert (tokens.access_token, tokens.refresh_token, tokens.athlete_id) == (
        "access-1",
        "refresh-1",
        "4242",
    )
    assert fake.requests[-1].form == {
        "client_id": "1234",
        "client_secret": "app-secret-not-real",
        "code": "code-abc",
        "grant_type": "authorization_code",
    }
    stored = load_tokens(db, OWNER, "strava", FernetCipher(SECRET))
    assert stored == tokens
    assert stored.scope == "read,activity:read_all"
    with db.engine.connect() as conn:
        raw = conn.execute(sa.select(connections)).mappings().one()
    assert "access-1" not in raw["access_token_enc"]
    assert "refresh-1" not in raw["refresh_token_enc"]
    assert raw["athlete_id"] == "4242"


def test_a_used_or_unknown_code_is_an_auth_error(fake, client_for) -> None:
    with pytest.raises(AuthError, match="reconnect Strava"):
        client_for().exchange_code("never-issued", "read,activity:read_all")


def test_an_unticked_activity_scope_stops_before_the_exchange(fake, client_for) -> None:
    fake.codes["code-abc"] = 4242
    with pytest.raises(AuthError):
        client_for().exchange_code("code-abc", "read")
    assert fake.requests == []


def test_disconnect_revokes_at_strava_and_removes_the_tokens(fake, db, connect, client_for):
    connect()
    client_for().deauthorize()
    assert fake.requests[-1].form == {"access_token": "access-1"}
    assert fake.access == {}
    delete_tokens(db, OWNER, "strava")
    assert load_tokens(db, OWNER, "strava", FernetCipher(SECRET)) is None


def test_tokens_never_show_in_a_repr() -> None:
    tokens = Tokens("access-secret", "refresh-secret", T0, "read", "1")
    app = AppCredentials("1234", "client-secret")
    config = ApiConfig(strava_app=app, strava_refresh_token="refresh-secret", secret_key="k")
    texts = [repr(tokens), str(tokens), repr(app), repr(config), repr(MemoryTokens(tokens))]
    texts.append(repr(FernetCipher("k")))
    for text in texts:
        for secret in ("access-secret", "refresh-secret", "client-secret"):
            assert secret not in text
    assert "expires_at=" in repr(tokens) and "'1234'" in repr(app)


def test_the_cipher_round_trips_and_refuses_another_key() -> None:
    sealed = FernetCipher("key-one").encrypt("refresh-secret")
    assert "refresh-secret" not in sealed
    assert FernetCipher("key-one").decrypt(sealed) == "refresh-secret"
    with pytest.raises(AuthError, match="BONELOAD_SECRET_KEY"):
        FernetCipher("key-two").decrypt(sealed)


def test_headless_owner_seeds_the_store_from_the_environment_refresh_token(
    fake, db, clock, config
) -> None:
    from connectors.apis import registry
    from connectors.sync import sync

    fake.add_runs(3, T0 - timedelta(days=10))
    _, refresh, _ = fake.grant()
    headless = ApiConfig(**{**config.__dict__, "strava_refresh_token": refresh})
    client = registry.strava_client(headless, db, OWNER, requests.Session(), clock, print)
    report = sync(db, client, OWNER, clock)
    assert (report.status, report.new) == ("ok", 3)
    stored = load_tokens(db, OWNER, "strava", FernetCipher(SECRET))
    assert stored.refresh_token == "refresh-2"  # the rotated one, not the environment's
    again = registry.strava_client(headless, db, OWNER, requests.Session(), clock, print)
    assert again.tokens.load().refresh_token == "refresh-2"


def test_the_whole_connect_flow_survives_a_fresh_session(fake, db, clock, config) -> None:
    from connectors.apis import connect

    url = connect.start_url(config, "ada", "http://localhost:8501/connections", clock)
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{fake.oauth_url}/oauth/authorize?")
    clock.advance(minutes=2)  # the athlete clicks Authorize; a new Streamlit session opens
    fake.codes["code-xyz"] = 4242
    owner, warnings = connect.finish(
        config,
        db,
        "code-xyz",
        query["state"][0],
        "read,activity:read",
        session=requests.Session(),
        clock=clock,
        sleep=print,
    )
    assert owner == "ada"
    assert warnings and "private activities" in warnings[0]
    assert load_tokens(db, "ada", "strava", FernetCipher(SECRET)).refresh_token == "refresh-1"
    with pytest.raises(AuthError, match="expired"):
        clock.advance(minutes=9)
        connect.finish(
            config, db, "x", query["state"][0], "read,activity:read_all",
            session=requests.Session(), clock=clock, sleep=print,
        )  # fmt: skip
    assert (
        connect.disconnect(config, db, "ada", session=requests.Session(), clock=clock, sleep=print)
        == []
    )
    assert load_tokens(db, "ada", "strava", FernetCipher(SECRET)) is None
    assert fake.access == {}


def test_connecting_without_an_app_says_what_to_set(db, clock) -> None:
    from connectors.apis import connect

    with pytest.raises(AuthError, match="STRAVA_CLIENT_ID"):
        connect.start_url(ApiConfig(secret_key="k"), "local", "http://x", clock)
