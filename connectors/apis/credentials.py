"""Base URLs and credentials of every API, resolved once from the environment and secrets.

Clients never read globals: the CLI and the pages call `api_config(os.environ, secrets)` and pass
what it returns. The environment wins over .streamlit/secrets.toml:

| setting | environment | secrets.toml |
|---|---|---|
| Strava API base | BONELOAD_STRAVA_URL | [strava] api_url |
| Strava OAuth base | BONELOAD_STRAVA_OAUTH_URL | [strava] oauth_url |
| Strava app | STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET | [strava] client_id, client_secret |
| headless owner | STRAVA_REFRESH_TOKEN | [strava] refresh_token |
| intervals.icu base | BONELOAD_INTERVALS_URL | [intervals] api_url |
| intervals.icu key | INTERVALS_API_KEY | [intervals] api_key |
| token encryption, state | BONELOAD_SECRET_KEY | [boneload] secret_key |

Without a secret key a local install keeps a generated one in a file readable by its user only.
"""

from __future__ import annotations

import os
import secrets as secrets_mod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from connectors.apis.tokens import AppCredentials

STRAVA_URL = "https://www.strava.com/api/v3"
STRAVA_OAUTH_URL = "https://www.strava.com"
INTERVALS_URL = "https://intervals.icu"


@dataclass(frozen=True)
class ApiConfig:
    strava_url: str = STRAVA_URL
    strava_oauth_url: str = STRAVA_OAUTH_URL
    intervals_url: str = INTERVALS_URL
    strava_app: AppCredentials | None = None
    strava_refresh_token: str | None = field(default=None, repr=False)
    intervals_api_key: str | None = field(default=None, repr=False)
    secret_key: str | None = field(default=None, repr=False)

    @property
    def headless_strava(self) -> bool:
        """Client id, secret and a refresh token: sync the owner's account with no browser."""
        return self.strava_app is not None and bool(self.strava_refresh_token)


def _section(secrets: Mapping[str, object], name: str) -> Mapping[str, object]:
    value = secrets.get(name)
    return value if isinstance(value, Mapping) else {}


def _pick(env: Mapping[str, str], var: str, section: Mapping[str, object], key: str) -> str | None:
    value = env.get(var) or section.get(key)
    return str(value).strip() if value else None


def api_config(
    environ: Mapping[str, str], secrets: Mapping[str, object], key_file: Path | None = None
) -> ApiConfig:
    """Everything the connectors need, by the table in the module docstring."""
    strava = _section(secrets, "strava")
    intervals = _section(secrets, "intervals")
    boneload = _section(secrets, "boneload")
    client_id = _pick(environ, "STRAVA_CLIENT_ID", strava, "client_id")
    client_secret = _pick(environ, "STRAVA_CLIENT_SECRET", strava, "client_secret")
    secret_key = _pick(environ, "BONELOAD_SECRET_KEY", boneload, "secret_key")
    if not secret_key and key_file is not None:
        secret_key = load_or_create_key(key_file)
    return ApiConfig(
        strava_url=(_pick(environ, "BONELOAD_STRAVA_URL", strava, "api_url") or STRAVA_URL),
        strava_oauth_url=(
            _pick(environ, "BONELOAD_STRAVA_OAUTH_URL", strava, "oauth_url") or STRAVA_OAUTH_URL
        ),
        intervals_url=(
            _pick(environ, "BONELOAD_INTERVALS_URL", intervals, "api_url") or INTERVALS_URL
        ),
        strava_app=AppCredentials(client_id, client_secret)
        if client_id and client_secret
        else None,
        strava_refresh_token=_pick(environ, "STRAVA_REFRESH_TOKEN", strava, "refresh_token"),
        intervals_api_key=_pick(environ, "INTERVALS_API_KEY", intervals, "api_key"),
        secret_key=secret_key,
    )


def load_or_create_key(path: Path) -> str:
    """The secret in `path`, or a new random one written there with mode 0600."""
    if path.is_file():
        text = path.read_text(encoding="utf-8").strip()
        if text:
            return text
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets_mod.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
