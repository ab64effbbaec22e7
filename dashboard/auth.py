"""Who is looking: the owner, a viewer with a share link, or an anonymous visitor.

The only module that knows about st.login, st.user and st.logout. The decision itself,
`resolve()`, is pure (secrets, environment, the st.user dict and a share token in; an Access
out) so it is tested without a browser.

- No `[auth]` in secrets.toml and BONELOAD_PUBLIC unset: a local install; whoever opens the app
  is its one implicit owner, "local".
- `[auth]` configured (Streamlit's OpenID Connect sign-in): a signed-in person is the owner of
  their own data, keyed by a stable id from st.user (email, else the provider's `sub`); a person
  who is not signed in is a visitor.
- BONELOAD_PUBLIC=1 (or `[boneload] public = true`) without sign-in: every visitor is anonymous.
- `?share=<token>` wins over all of these: a valid link makes the session a read-only viewer of
  the link's owner; an unknown, revoked or expired link is refused (never the local owner).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from connectors.store import LOCAL_OWNER
from connectors.store.share_links import LinkRefused, ShareLink
from dashboard.navigation import SHAREABLE

VISITOR = "visitor"  # the owner id of an anonymous visitor inside their own session store
PUBLIC_ENV = "BONELOAD_PUBLIC"
SHARE_PARAM = "share"
_TOKEN_KEY = "_share_token"
AUTH_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
_TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Access:
    """What this visit may see and do."""

    role: str  # "owner", "viewer", "visitor" or "refused"
    owner: str | None
    pages: tuple[str, ...] = ()  # a viewer's shared pages
    link: ShareLink | None = None
    reason: str = ""  # why a link was refused, or why a signed-in person is not an owner
    sign_in: bool = False  # an [auth] section exists
    session_only: bool = False  # a visitor's uploads live in their browser session only

    @property
    def can_edit(self) -> bool:
        """Import, sync, settings, deleting and links: the owner only."""
        return self.role == "owner"

    @property
    def key(self) -> tuple[str, str | None, int | None]:
        """Changes when the person or the link changes: per-session caches are dropped then."""
        return (self.role, self.owner, self.link.link_id if self.link else None)


def _section(secrets: Mapping[str, Any], name: str) -> Mapping[str, Any] | None:
    value = secrets.get(name)
    return value if isinstance(value, Mapping) else None


def missing_auth(secrets: Mapping[str, Any]) -> list[str]:
    """The sign-in settings that are missing from secrets.toml (empty when sign-in works)."""
    auth = _section(secrets, "auth")
    if auth is None:
        return [f"[auth] {key}" for key in (*AUTH_KEYS, *PROVIDER_KEYS)]
    missing = [f"[auth] {key}" for key in AUTH_KEYS if not auth.get(key)]
    if provider_name(secrets) is None and not all(auth.get(k) for k in PROVIDER_KEYS):
        missing += [f"[auth] {key}" for key in PROVIDER_KEYS if not auth.get(key)]
    return missing


def provider_name(secrets: Mapping[str, Any]) -> str | None:
    """The first complete `[auth.<name>]` provider, or None for the keys directly in [auth]."""
    auth = _section(secrets, "auth") or {}
    for name, value in auth.items():
        if isinstance(value, Mapping) and all(value.get(k) for k in PROVIDER_KEYS):
            return str(name)
    return None


def is_public(environ: Mapping[str, str], secrets: Mapping[str, Any]) -> bool:
    """A public demo: anonymous visitors, whose uploads stay in their browser session."""
    value = environ.get(PUBLIC_ENV)
    if value is None:
        value = str((_section(secrets, "boneload") or {}).get("public", ""))
    return value.strip().lower() in _TRUE


def allowed_owners(secrets: Mapping[str, Any]) -> frozenset[str]:
    """`[boneload] owners = ["me@example.com"]`: only these may sign in as owners (empty: all)."""
    listed = (_section(secrets, "boneload") or {}).get("owners") or []
    return frozenset(str(v).strip().lower() for v in listed if str(v).strip())


def user_id(user: Mapping[str, Any]) -> str | None:
    """A stable owner id from st.user's claims: the email, else "sub:<subject>"."""
    if user.get("is_logged_in") is not True:
        return None
    email = str(user.get("email") or "").strip().lower()
    if email:
        return email
    sub = str(user.get("sub") or "").strip()
    return f"sub:{sub}" if sub else None


def resolve(
    secrets: Mapping[str, Any],
    environ: Mapping[str, str],
    user: Mapping[str, Any],
    share_token: str | None,
    verify: Callable[[str], ShareLink],
) -> Access:
    """Who this visit is, by the rules in the module docstring."""
    sign_in = _section(secrets, "auth") is not None
    if share_token:
        try:
            link = verify(share_token)
        except LinkRefused as exc:
            return Access("refused", None, reason=str(exc), sign_in=sign_in)
        pages = tuple(p for p in SHAREABLE if p in link.pages)
        return Access("viewer", link.owner, pages, link, sign_in=sign_in)
    if sign_in:
        uid = user_id(user)
        allowed = allowed_owners(secrets)
        if uid is not None and (not allowed or uid in allowed):
            return Access("owner", uid, sign_in=True)
        reason = f"{uid} is not one of this deployment's owners" if uid else ""
        return Access(VISITOR, VISITOR, reason=reason, sign_in=True, session_only=True)
    if is_public(environ, secrets):
        return Access(VISITOR, VISITOR, session_only=True)
    return Access("owner", LOCAL_OWNER)


def share_url(page_url: str, token: str) -> str:
    """The app's home URL with ?share=<token>, from the URL of the page the owner is on."""
    parts = urlsplit(page_url)
    path = parts.path.rstrip("/")
    base = path.rsplit("/", 1)[0] if path.endswith("/share") else path
    return urlunsplit((parts.scheme, parts.netloc, base + "/", f"{SHARE_PARAM}={token}", ""))


def owner_label(owner: str | None) -> str:
    if owner in (None, LOCAL_OWNER):
        return "this dashboard's owner"
    return owner.removeprefix("sub:")


def expires_text(when: datetime, zone: str = "UTC") -> str:
    """When a link stops working, in the owner's time zone `zone`: a link made to work "until
    the end of" a day ends at the next midnight there, which reads as that day (not "31 Dec
    00:00 UTC" for a link picked to work until 30 Dec). A naive `when` is UTC."""
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz, zone = ZoneInfo("UTC"), "UTC"
    local = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(tz)
    if local.time() == time():
        return f"at the end of {local - timedelta(days=1):%d %b %Y} ({zone})"
    return f"{local:%d %b %Y %H:%M} ({zone})"


# ---- Streamlit ---------------------------------------------------------------------------
def current_user() -> dict[str, Any]:
    """st.user as a plain dict ({} when nobody signed in or there is no script context)."""
    try:
        return dict(st.user.to_dict())
    except Exception:  # no session (bare mode): nobody is signed in
        return {}


def share_token() -> str | None:
    """The token of ?share=..., kept for the whole browser session so that moving between
    pages keeps the viewer a viewer (and never turns them into the local owner)."""
    token = st.query_params.get(SHARE_PARAM)
    if token:
        st.session_state[_TOKEN_KEY] = token
        return token
    token = st.session_state.get(_TOKEN_KEY)
    if token:
        st.query_params[SHARE_PARAM] = token  # a reload of this URL opens the same link
    return token


def sign_in(secrets: Mapping[str, Any]) -> None:
    """Start Streamlit's OpenID Connect sign-in with the configured provider."""
    st.login(provider_name(secrets))


def sign_out() -> None:
    st.logout()
