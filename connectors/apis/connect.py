"""Connect and disconnect Strava: the three calls the Connections page makes, page-free.

1. `start_url` -> the authorize URL with a signed state naming the owner (st.link_button).
2. `finish` with the redirect's code, state and scope (st.query_params) -> verifies the state
   (in whatever session the redirect opened), checks the granted scope, exchanges the code and
   stores the tokens encrypted. Returns the warnings to show (e.g. private activities missing).
3. `disconnect` -> revokes the grant at Strava when it can, and always deletes the tokens.
"""

from __future__ import annotations

import requests

from connectors.apis import registry
from connectors.apis.credentials import ApiConfig
from connectors.apis.http import Clock, Sleep
from connectors.apis.oauth_state import sign_state, verify_state
from connectors.apis.strava import authorize_url, check_scope
from connectors.errors import AuthError, BoneloadError
from connectors.store import Store
from connectors.store.connections import delete_tokens


def _app_id(config: ApiConfig) -> str:
    if config.strava_app is None:
        raise AuthError(
            "Strava is not set up here: add STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET "
            "(or [strava] client_id and client_secret in .streamlit/secrets.toml)"
        )
    return config.strava_app.client_id


def start_url(config: ApiConfig, owner: str, redirect_uri: str, clock: Clock) -> str:
    """Where the Connect Strava button sends the athlete."""
    if not config.secret_key:
        raise AuthError("no secret key to sign the sign-in: set BONELOAD_SECRET_KEY")
    state = sign_state(config.secret_key, owner, clock())
    return authorize_url(config.strava_oauth_url, _app_id(config), redirect_uri, state)


def finish(
    config: ApiConfig,
    store: Store,
    code: str,
    state: str,
    scope: str,
    *,
    session: requests.Session,
    clock: Clock,
    sleep: Sleep,
    expected_owner: str | None = None,
) -> tuple[str, list[str]]:
    """Complete the redirect: (owner connected, warnings). AuthError when anything is off."""
    _app_id(config)
    if not config.secret_key:
        raise AuthError("no secret key to check the sign-in: set BONELOAD_SECRET_KEY")
    owner = verify_state(config.secret_key, state, clock()).owner
    if expected_owner is not None and owner != expected_owner:
        raise AuthError("this sign-in was started by another account: start Connect again")
    warnings = check_scope(scope)
    client = registry.strava_client(config, store, owner, session, clock, sleep)
    client.exchange_code(code, scope)
    return owner, warnings


def disconnect(
    config: ApiConfig,
    store: Store,
    owner: str,
    *,
    session: requests.Session,
    clock: Clock,
    sleep: Sleep,
) -> list[str]:
    """Revoke at Strava and delete the stored tokens; activities stay. Returns warnings."""
    warnings: list[str] = []
    try:
        registry.strava_client(config, store, owner, session, clock, sleep).deauthorize()
    except BoneloadError as exc:
        warnings.append(f"Strava could not be told ({exc}); the tokens are deleted here anyway")
    delete_tokens(store, owner, "strava")
    return warnings
