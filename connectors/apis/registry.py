"""The explicit list of API sources, what each allows, and how to build a feed for one.

No import magic: a source is added here by hand. `build_feed` is the one place that turns the
configuration (ApiConfig), the store and an owner into a client the sync loop can drive.
"""

from __future__ import annotations

import logging
import stat
import time
from datetime import UTC, datetime
from pathlib import Path

import requests
from platformdirs import user_data_dir

from connectors.apis.credentials import ApiConfig
from connectors.apis.feed import ActivityFeed
from connectors.apis.http import Clock, Sleep
from connectors.apis.intervals import IntervalsClient
from connectors.apis.oura import OuraClient
from connectors.apis.polar import PolarClient
from connectors.apis.sources import (  # re-exported: the list lives in sources.py
    API_SOURCES as API_SOURCES,
)
from connectors.apis.sources import BY_KEY as BY_KEY
from connectors.apis.sources import FITBIT as FITBIT
from connectors.apis.sources import INTERVALS as INTERVALS
from connectors.apis.sources import OURA as OURA
from connectors.apis.sources import POLAR as POLAR
from connectors.apis.sources import STRAVA as STRAVA
from connectors.apis.sources import ApiSource as ApiSource
from connectors.apis.strava import StravaClient
from connectors.apis.tokens import FernetCipher, bootstrap_tokens
from connectors.errors import AuthError, BoneloadError
from connectors.store import Store
from connectors.store.connections import StoredTokens, load_tokens
from connectors.sync import ERROR, RECONNECT, Progress, SyncReport, sync

log = logging.getLogger(__name__)


def token_cipher(config: ApiConfig) -> FernetCipher:
    if not config.secret_key:
        raise AuthError("no secret key to protect tokens: set BONELOAD_SECRET_KEY")
    return FernetCipher(config.secret_key)


def strava_client(
    config: ApiConfig,
    store: Store,
    owner: str,
    session: requests.Session,
    clock: Clock,
    sleep: Sleep,
    fallback_zone: str = "UTC",
) -> StravaClient:
    """A Strava client whose tokens live (encrypted) in the store. The deployment's refresh token
    (STRAVA_REFRESH_TOKEN) seeds the store the first time, for its named owner only
    (config.headless_owner); the store's, being newer, wins. Anyone else connects their own."""
    cipher = token_cipher(config)
    tokens = StoredTokens(store, owner, "strava", cipher, clock())
    if config.headless_strava_for(owner) and load_tokens(store, owner, "strava", cipher) is None:
        tokens.save(bootstrap_tokens(config.strava_refresh_token or "", "read,activity:read_all"))
    return StravaClient(
        session,
        config.strava_url,
        clock,
        sleep,
        tokens,
        oauth_url=config.strava_oauth_url,
        app=config.strava_app,
        fallback_zone=fallback_zone,
    )


def polar_client(
    config: ApiConfig,
    store: Store,
    owner: str,
    session: requests.Session,
    clock: Clock,
    sleep: Sleep,
    fallback_zone: str = "UTC",
) -> PolarClient:
    """A Polar AccessLink client whose token lives (encrypted) in the store."""
    tokens = StoredTokens(store, owner, "polar", token_cipher(config), clock())
    return PolarClient(
        session,
        config.polar_url,
        clock,
        sleep,
        tokens,
        oauth_url=config.polar_oauth_url,
        app=config.polar_app,
        fallback_zone=fallback_zone,
    )


def oura_client(
    config: ApiConfig,
    store: Store,
    owner: str,
    session: requests.Session,
    clock: Clock,
    sleep: Sleep,
    fallback_zone: str = "UTC",
) -> OuraClient:
    """An Oura client whose tokens live (encrypted) in the store; refreshes are saved there."""
    tokens = StoredTokens(store, owner, "oura", token_cipher(config), clock())
    return OuraClient(
        session,
        config.oura_url,
        clock,
        sleep,
        tokens,
        oauth_url=config.oura_oauth_url,
        app=config.oura_app,
        fallback_zone=fallback_zone,
    )


def build_feed(
    key: str,
    config: ApiConfig,
    store: Store,
    owner: str,
    session: requests.Session,
    clock: Clock,
    sleep: Sleep,
    fallback_zone: str = "UTC",
) -> ActivityFeed:
    """The feed for source `key`; BoneloadError naming why when it cannot sync."""
    source = BY_KEY.get(key)
    if source is None:
        raise BoneloadError(f"unknown source {key!r}; known: {', '.join(BY_KEY)}")
    if source.status != "available":
        raise BoneloadError(f"{source.label}: {source.limits} {source.notes}".strip())
    if key == "strava":
        return strava_client(config, store, owner, session, clock, sleep, fallback_zone)
    if key == "polar":
        return polar_client(config, store, owner, session, clock, sleep, fallback_zone)
    if key == "oura":
        return oura_client(config, store, owner, session, clock, sleep, fallback_zone)
    return IntervalsClient(
        session,
        config.intervals_url,
        clock,
        sleep,
        config.intervals_api_key or "",
        fallback_zone=fallback_zone,
    )


def default_key_file(store_url: str) -> Path | None:
    """Where a local install keeps its generated secret: beside a SQLite store, else nowhere.

    Never in a world-writable folder (/tmp...): anyone there could swap the key in
    before us. The key then goes to the user's own data folder, with a warning."""
    if not store_url.startswith("sqlite:///") or store_url == "sqlite:///:memory:":
        return None
    folder = Path(store_url.removeprefix("sqlite:///")).expanduser().parent
    if _others_may_write(folder):
        private = Path(user_data_dir("boneload", appauthor=False))
        log.warning(
            "the store's folder %s can be written by other users: its secret key is kept in "
            "%s instead",
            folder,
            private,
        )
        return private / "secret.key"
    return folder / "secret.key"


def _others_may_write(folder: Path) -> bool:
    try:
        mode = folder.stat().st_mode
    except OSError:
        return False  # not created yet: the store creates it for its user
    return bool(mode & stat.S_IWOTH)


def sync_source(
    key: str,
    store: Store,
    owner: str,
    config: ApiConfig,
    *,
    session: requests.Session | None = None,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
    fallback_zone: str = "UTC",
    full: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> SyncReport:
    """Sync one source for `owner`: what the CLI and the Connections page both call.

    Setup problems (no key, not connected, a closed API) come back as a report too."""
    clock = clock or (lambda: datetime.now(UTC))
    sleep = sleep or time.sleep
    session = session or requests.Session()
    session.headers.setdefault("User-Agent", "boneload")
    try:
        feed = build_feed(key, config, store, owner, session, clock, sleep, fallback_zone)
    except AuthError as exc:
        return SyncReport(key, status=RECONNECT, message=str(exc))
    except BoneloadError as exc:
        return SyncReport(key, status=ERROR, message=str(exc))
    return sync(store, feed, owner, clock, full=full, force=force, progress=progress)
