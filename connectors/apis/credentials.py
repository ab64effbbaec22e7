"""Base URLs and credentials of every API, resolved once from the environment and secrets.

Clients never read globals: the CLI and the pages call `api_config(os.environ, secrets)` and pass
what it returns. The environment wins over .streamlit/secrets.toml:

| setting | environment | secrets.toml |
|---|---|---|
| Strava API base | BONELOAD_STRAVA_URL | [strava] api_url |
| Strava OAuth base | BONELOAD_STRAVA_OAUTH_URL | [strava] oauth_url |
| Strava app | STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET | [strava] client_id, client_secret |
| headless refresh token | STRAVA_REFRESH_TOKEN | [strava] refresh_token |
| whose that token is | BONELOAD_OWNER (or `boneload --owner`) | [boneload] owner |
| intervals.icu base | BONELOAD_INTERVALS_URL | [intervals] api_url |
| intervals.icu key | INTERVALS_API_KEY | [intervals] api_key |
| Polar AccessLink base | BONELOAD_POLAR_URL | [polar] api_url |
| Polar OAuth base | BONELOAD_POLAR_OAUTH_URL | [polar] oauth_url |
| Polar app | POLAR_CLIENT_ID, POLAR_CLIENT_SECRET | [polar] client_id, client_secret |
| Oura API base | BONELOAD_OURA_URL | [oura] api_url |
| Oura OAuth base | BONELOAD_OURA_OAUTH_URL | [oura] oauth_url |
| Oura app | OURA_CLIENT_ID, OURA_CLIENT_SECRET | [oura] client_id, client_secret |
| token encryption, state | BONELOAD_SECRET_KEY | [boneload] secret_key |

Polar and Oura each sign in on one host and hand out tokens on another; their OAuth setting,
when set, replaces both (a proxy or a fake serving both paths). Unset, the real hosts are used.

Without a secret key a local install keeps a generated one in a file readable by its user only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets as secrets_mod
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from connectors.apis.tokens import AppCredentials
from connectors.config import DEFAULT_OWNER, resolve_owner
from connectors.errors import AuthError

log = logging.getLogger(__name__)

STRAVA_URL = "https://www.strava.com/api/v3"
STRAVA_OAUTH_URL = "https://www.strava.com"
INTERVALS_URL = "https://intervals.icu"
POLAR_URL = "https://www.polaraccesslink.com"
OURA_URL = "https://api.ouraring.com"


@dataclass(frozen=True)
class ApiConfig:
    strava_url: str = STRAVA_URL
    strava_oauth_url: str = STRAVA_OAUTH_URL
    intervals_url: str = INTERVALS_URL
    strava_app: AppCredentials | None = None
    strava_refresh_token: str | None = field(default=None, repr=False)
    intervals_api_key: str | None = field(default=None, repr=False)
    secret_key: str | None = field(default=None, repr=False)
    polar_url: str = POLAR_URL
    polar_oauth_url: str | None = None
    """None: flow.polar.com and polarremote.com, the real sign-in and token hosts."""
    polar_app: AppCredentials | None = None
    oura_url: str = OURA_URL
    oura_oauth_url: str | None = None
    """None: cloud.ouraring.com and api.ouraring.com, the real sign-in and token hosts."""
    oura_app: AppCredentials | None = None
    headless_owner: str = DEFAULT_OWNER
    """The one owner the deployment's STRAVA_REFRESH_TOKEN belongs to (and cron syncs for)."""

    @property
    def headless_strava(self) -> bool:
        """Client id, secret and a refresh token: sync the owner's account with no browser."""
        return self.strava_app is not None and bool(self.strava_refresh_token)

    def headless_strava_for(self, owner: str) -> bool:
        """Whether the deployment's refresh token is `owner`'s: never anyone else's."""
        return self.headless_strava and owner == self.headless_owner


def _section(secrets: Mapping[str, object], name: str) -> Mapping[str, object]:
    value = secrets.get(name)
    return value if isinstance(value, Mapping) else {}


def _pick(env: Mapping[str, str], var: str, section: Mapping[str, object], key: str) -> str | None:
    value = env.get(var) or section.get(key)
    return str(value).strip() if value else None


def _app(
    env: Mapping[str, str], prefix: str, section: Mapping[str, object]
) -> AppCredentials | None:
    client_id = _pick(env, f"{prefix}_CLIENT_ID", section, "client_id")
    client_secret = _pick(env, f"{prefix}_CLIENT_SECRET", section, "client_secret")
    return AppCredentials(client_id, client_secret) if client_id and client_secret else None


def api_config(
    environ: Mapping[str, str],
    secrets: Mapping[str, object],
    key_file: Path | None = None,
    owner: str | None = None,
) -> ApiConfig:
    """Everything the connectors need, by the table in the module docstring. `owner` (the
    CLI's --owner) names the headless owner before BONELOAD_OWNER and [boneload] owner."""
    strava = _section(secrets, "strava")
    intervals = _section(secrets, "intervals")
    boneload = _section(secrets, "boneload")
    polar, oura = _section(secrets, "polar"), _section(secrets, "oura")
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
        polar_url=_pick(environ, "BONELOAD_POLAR_URL", polar, "api_url") or POLAR_URL,
        polar_oauth_url=_pick(environ, "BONELOAD_POLAR_OAUTH_URL", polar, "oauth_url"),
        polar_app=_app(environ, "POLAR", polar),
        oura_url=_pick(environ, "BONELOAD_OURA_URL", oura, "api_url") or OURA_URL,
        oura_oauth_url=_pick(environ, "BONELOAD_OURA_OAUTH_URL", oura, "oauth_url"),
        oura_app=_app(environ, "OURA", oura),
        headless_owner=resolve_owner(owner, environ, secrets),
    )


def load_or_create_key(path: Path) -> str:
    """The secret in `path`, or a new random one created there, readable by its user only.

    Created atomically (written to a private temporary file, then hard-linked into place, which
    fails if another process got there first), so concurrent first starts all read one key. A
    key file other users can read is made private (chmod 0600) with a warning, or refused when
    that is not possible."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        key = secrets_mod.token_urlsafe(32)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-", text=True)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:  # mkstemp: mode 0600
                handle.write(key)
            with contextlib.suppress(FileExistsError):  # another first start won: use its key
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    _make_private(path)
    text = path.read_text(encoding="utf-8").strip()
    if not text:
        raise AuthError(f"the key file {path} is empty: delete it, or set BONELOAD_SECRET_KEY")
    return text


def _make_private(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077 == 0:
        return
    try:
        os.chmod(path, 0o600)
    except OSError as exc:
        raise AuthError(
            f"the key file {path} can be read by other users (mode {mode:o}) and cannot be made "
            f"private ({exc.strerror}): fix its permissions or set BONELOAD_SECRET_KEY"
        ) from exc
    log.warning("the key file %s was readable by other users (mode %o); now 0600", path, mode)
