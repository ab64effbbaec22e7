"""Connect and disconnect an OAuth provider (Strava, Polar, Oura): the calls the Connections page
makes, page-free.

1. `start_url(..., provider=)` -> the authorize URL with a signed state naming the owner and the
   provider (st.link_button).
2. `finish` with the redirect's code, state and scope (st.query_params) -> verifies the state
   (in whatever session the redirect opened), learns the provider from it, checks the granted
   scope, exchanges the code and stores the tokens encrypted (Polar: and registers the user).
   Returns the warnings to show (e.g. Strava's private activities missing). `provider_of(state)`
   says which provider a redirect is for, to word the page's message.
3. `disconnect(..., provider=)` -> revokes the grant at the provider when it can, and always
   deletes the tokens.
"""

from __future__ import annotations

import requests

from connectors.apis import oura, polar, registry
from connectors.apis.credentials import ApiConfig
from connectors.apis.http import Clock, Sleep
from connectors.apis.oauth_state import sign_state, state_provider, verify_state
from connectors.apis.strava import authorize_url, check_scope
from connectors.apis.tokens import AppCredentials
from connectors.errors import AuthError, BoneloadError
from connectors.store import Store, oauth_states
from connectors.store.connections import connected_at, delete_tokens

OAUTH_PROVIDERS = ("strava", "polar", "oura")
_LABELS = {"strava": "Strava", "polar": "Polar", "oura": "Oura"}


def _app_id(config: ApiConfig, provider: str = "strava") -> str:
    app: AppCredentials | None = {
        "strava": config.strava_app,
        "polar": config.polar_app,
        "oura": config.oura_app,
    }.get(provider)
    if provider not in OAUTH_PROVIDERS:
        raise AuthError(f"{provider!r} does not connect with OAuth")
    if app is None:
        upper = provider.upper()
        raise AuthError(
            f"{_LABELS[provider]} is not set up here: add {upper}_CLIENT_ID and "
            f"{upper}_CLIENT_SECRET (or [{provider}] client_id and client_secret in "
            ".streamlit/secrets.toml)"
        )
    return app.client_id


def provider_of(state: str) -> str:
    """The provider a redirect's state names ("strava" for Strava's); finish verifies it."""
    return state_provider(state)


def start_url(
    config: ApiConfig, owner: str, redirect_uri: str, clock: Clock, provider: str = "strava"
) -> str:
    """Where the Connect button of `provider` sends the user."""
    client_id = _app_id(config, provider)
    if not config.secret_key:
        raise AuthError("no secret key to sign the sign-in: set BONELOAD_SECRET_KEY")
    state = sign_state(config.secret_key, owner, clock(), provider=provider)
    if provider == "polar":
        return polar.authorize_url(config.polar_oauth_url, client_id, redirect_uri, state)
    if provider == "oura":
        return oura.authorize_url(config.oura_oauth_url, client_id, redirect_uri, state)
    return authorize_url(config.strava_oauth_url, client_id, redirect_uri, state)


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
    redirect_uri: str | None = None,
) -> tuple[str, list[str]]:
    """Complete the redirect: (owner connected, warnings). AuthError when anything is off.

    `redirect_uri` must be the one start_url was given: Polar and Oura check it on the code
    exchange (Strava does not need it)."""
    provider = state_provider(state)
    _app_id(config, provider)
    if not config.secret_key:
        raise AuthError("no secret key to check the sign-in: set BONELOAD_SECRET_KEY")
    owner = verify_state(config.secret_key, state, clock()).owner
    if expected_owner is not None and owner != expected_owner:
        raise AuthError("this sign-in was started by another account: start Connect again")
    oauth_states.claim(store, state, owner, clock())  # single use: a replay is refused
    if provider == "polar":
        client = registry.polar_client(config, store, owner, session, clock, sleep)
        client.connect(code, redirect_uri, owner)
        return owner, []
    if provider == "oura":
        oura.check_scope(scope)
        registry.oura_client(config, store, owner, session, clock, sleep).connect(
            code, redirect_uri, scope
        )
        return owner, []
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
    provider: str = "strava",
) -> list[str]:
    """Revoke at the provider and delete the stored tokens; activities stay. Returns warnings."""
    warnings: list[str] = []
    try:
        if provider == "polar":
            registry.polar_client(config, store, owner, session, clock, sleep).deregister()
        elif provider == "oura":
            registry.oura_client(config, store, owner, session, clock, sleep).revoke()
        else:
            registry.strava_client(config, store, owner, session, clock, sleep).deauthorize()
    except BoneloadError as exc:
        label = _LABELS.get(provider, provider)
        warnings.append(f"{label} could not be told ({exc}); the tokens are deleted here anyway")
    delete_tokens(store, owner, provider)
    return warnings


def is_connected(config: ApiConfig, store: Store, owner: str, provider: str) -> bool:
    """Whether `provider` has what it needs to sync for `owner` (stored tokens, or the
    deployment's own Strava refresh token / intervals.icu key)."""
    if provider == "intervals":
        return bool(config.intervals_api_key)
    if provider == "strava" and config.headless_strava_for(owner):
        return True
    return connected_at(store, owner, provider) is not None
