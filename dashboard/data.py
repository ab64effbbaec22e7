"""The only module of the dashboard that reads secrets, opens the store and caches.

Caching rules (a deployed app serves many visitors from one process):
- the store (an engine and its connection pool) is a shared resource keyed by its URL;
- demo data is the same for everyone, so it may sit in st.cache_data;
- a person's settings live in st.session_state; their activities, derived frames and figures
  are kept once per (store, owner, role) and data generation for every session of that owner
  (dashboard.generations), never under a key without the owner and the generation;
- an anonymous visitor's uploads go into their own in-memory store kept in st.session_state,
  never into the real store.
Who is looking (owner, viewer of a share link, visitor) is decided once per script run by
`begin_run()`, which app.py calls; the per-session caches are dropped when that changes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
import streamlit as st
from streamlit import config as st_config

from connectors import settings as settings_mod
from connectors.apis import credentials
from connectors.apis import registry as api_registry
from connectors.apis.credentials import ApiConfig
from connectors.config import check_secrets_files, resolve_db_url, secrets_exist
from connectors.demo import demo_activities
from connectors.errors import BoneloadError, ConfigError, StoreError
from connectors.files.base import ImportOptions
from connectors.importing import import_bytes
from connectors.store import ImportSummary, Store, edits, share_links
from connectors.store import shoes as store_shoes
from connectors.store.stamp import stamp
from dashboard import auth
from dashboard.generations import Generations, Shared

# pandas is never imported: it costs the server ~45 MB, and a lazy import of it by two
# sessions at once once raced ("partially initialized module 'pandas'"). Tables go through
# dashboard.components.render.table, which needs no pandas; tests/test_house_rules.py keeps
# pages from calling st.dataframe directly.


@dataclass(frozen=True)
class Activities:
    """What the pages draw: the frame, and whether it is the demo athlete."""

    frame: pl.DataFrame
    is_demo: bool
    hidden_api: int = 0  # held back from a shared view: came only through the Strava API


def _secrets() -> Mapping[str, Any]:
    """The parsed secrets; {} only when no secrets file exists at all (a local install). A file
    that exists but cannot be read or parsed raises ConfigError, and app.py stops with its
    message: a broken file is never taken as empty (that would drop sign-in and make every
    visitor the owner)."""
    try:
        return st.secrets.to_dict()
    except Exception as exc:
        paths = list(st_config.get_option("secrets.files") or [])
        check_secrets_files(paths)  # names the file and what is wrong with it
        if secrets_exist(paths):
            raise ConfigError(
                f"the secrets in {', '.join(map(str, paths))} could not be read "
                f"({exc.__class__.__name__}); boneload does not start without them"
            ) from exc
        return {}


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Store:
    return Store(url)


def shared_store() -> Store:
    """The store named by BONELOAD_DB, secrets.toml or the default file (resolved by begin_run)."""
    return _open_store(st.session_state.get("_db_url") or resolve_db_url(secrets=_secrets()))


def _session_store() -> Store:
    """An anonymous visitor's own in-memory store: gone with their browser session."""
    opened = st.session_state.get("_session_store")
    if opened is None:
        opened = Store("sqlite://")
        st.session_state["_session_store"] = opened
    return opened


def store() -> Store:
    """Where this visit reads and writes: the real store, or a visitor's session store."""
    return _session_store() if access().session_only else shared_store()


def _verify(token: str) -> share_links.ShareLink:
    try:
        return share_links.verify(shared_store(), token, now_utc())
    except share_links.LinkRefused:
        raise
    except BoneloadError as exc:
        raise share_links.LinkRefused(f"the store could not be read: {exc}") from exc


def begin_run() -> auth.Access:
    """Decide who this visit is; app.py calls it at the start of every script run, so a revoked
    or expired link stops working on the next click or reload."""
    try:
        secrets = _secrets()
    except ConfigError as exc:  # fail closed: a broken secrets.toml is never read as empty
        st.error("boneload cannot start: its configuration (secrets.toml) cannot be read.")
        st.code(str(exc), language=None)
        st.stop()
    st.session_state["_db_url"] = resolve_db_url(secrets=secrets)
    found = auth.resolve(secrets, os.environ, auth.current_user(), auth.share_token(), _verify)
    if st.session_state.get("_access_key") != found.key:
        for key in _CACHES:
            st.session_state.pop(key, None)
        st.session_state["_access_key"] = found.key
    st.session_state["_access"] = found
    return found


def access() -> auth.Access:
    """Who this visit is (decided by begin_run earlier in the same script run)."""
    found = st.session_state.get("_access")
    return found if found is not None else begin_run()


def secrets() -> Mapping[str, Any]:
    """The parsed secrets.toml ({} when there is none): for pages that explain what is missing."""
    return _secrets()


def owner() -> str:
    """The owner whose data this visit reads: the signed-in or local owner, a share link's
    owner for a viewer, or "visitor" inside an anonymous visitor's session store."""
    who = access().owner
    if who is None:
        raise BoneloadError("this visit has no access to any data")
    return who


def require_owner() -> None:
    """Refuse a change by anyone but the owner (pages hide the widgets too)."""
    if not access().can_edit:
        raise BoneloadError("only the owner of this dashboard can change it")


def settings() -> settings_mod.Settings:
    _drop_stale()
    cached = st.session_state.get("_settings")
    if cached is None:
        cached, warnings = settings_mod.parse_stored(store().load_settings(owner()))
        st.session_state["_settings"] = cached
        st.session_state["_settings_warnings"] = warnings
    return cached


def settings_warnings() -> list[str]:
    """Stored settings that fell back to their defaults (each key alone), for the page."""
    settings()
    return list(st.session_state.get("_settings_warnings", []))


def save_settings(values: Mapping[str, Any]) -> settings_mod.Settings:
    """Check, store and return new settings; raises BoneloadError with what is wrong."""
    require_owner()
    updated = settings().updated(values)
    try:
        store().save_settings(values, owner())
    finally:
        forget_activities()
    return updated


def remember(values: Mapping[str, Any]) -> None:
    """View choices (unit, period) kept as the owner's settings, so every page and the next
    visit open with them. A share-link viewer never writes: their choice lasts the visit
    (the widgets keep it in the session). Activity caches stay: nothing they hold changes."""
    if not access().can_edit:
        return
    current = settings()
    updated = current.updated(values)
    if updated != current:
        store().save_settings(values, owner())
        st.session_state["_settings"] = updated


def today() -> date:
    """Today in the athlete's time zone: the one place the dashboard reads the clock."""
    return datetime.now(ZoneInfo(settings().timezone)).date()


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@st.cache_data(show_spinner=False, max_entries=8)
def _demo(day: date, timezone: str) -> pl.DataFrame:
    return demo_activities(day, timezone)


def demo_enabled() -> bool:
    """Demo data while the store is empty, unless BONELOAD_DEMO=0 (or [boneload] demo = false)."""
    value = os.environ.get("BONELOAD_DEMO")
    if value is None:
        section = _secrets().get("boneload")
        value = str(section.get("demo", "1")) if isinstance(section, Mapping) else "1"
    return value.strip().lower() not in ("0", "false", "no", "off")


def activities() -> Activities:
    """The owner's activities (one copy per owner, role and data generation: shared_caches), or
    the demo athlete while nothing is stored. A viewer gets the shareable ones only."""
    memo = shared_caches().values
    key = ("activities", today(), settings().timezone)  # the demo athlete's weeks end today
    cached = memo.get(key)
    if cached is None:
        frame = store().activities(owner())
        viewer = access().role == "viewer"
        hidden = 0
        if viewer:
            frame, hidden = share_links.shareable(frame, store().sources(owner()))
        if frame.is_empty() and demo_enabled() and not viewer:
            cached = Activities(_demo(today(), settings().timezone), is_demo=True)
        else:
            cached = Activities(frame, is_demo=False, hidden_api=hidden)
        memo.put(key, cached)
    return cached


@st.cache_resource(show_spinner=False)
def _generations() -> Generations:
    """Per process, how many writes each (store, owner) has had; see dashboard.generations."""
    return Generations()


_CACHES = ("_settings", "_settings_warnings", "_shared")


def _key() -> tuple[int, str]:
    return (id(store()), owner())


def generation() -> int:
    """This owner's data generation in this store (moves on every write through this module)."""
    return _generations().get(_key())


def _drop_stale() -> None:
    if not access().session_only and st.session_state.get("_stamped") != _key():
        # a new session: another process may have written since the shared caches were built
        _generations().check(_key(), stamp(store().engine, owner()))
        st.session_state["_stamped"] = _key()
    current = generation()
    if st.session_state.get("_generation") != current:
        for key in _CACHES:
            st.session_state.pop(key, None)
        st.session_state["_generation"] = current


def shared_caches() -> Shared:
    """This visit's caches at the current data generation: the owner's, shared by their
    sessions (per role); an anonymous visitor's, in the session with their session store."""
    _drop_stale()
    if access().session_only:
        found = st.session_state.get("_shared")
        if found is None:
            found = st.session_state["_shared"] = Shared(generation())
        return found
    return _generations().shared((*_key(), access().role))


def forget_activities() -> None:
    """Call after anything that changes the store: moves the owner's data generation, so every
    page of every session of this owner reads the store again."""
    _generations().bump(_key())
    _drop_stale()


def derived(key: tuple[Any, ...], compute: Any) -> Any:
    """Memoise a pure computation on this visit's data: once per owner, role and data
    generation (shared_caches), so `key` need not name the owner."""
    memo, name = shared_caches().values, ("derived", key)
    found = memo.get(name, memo)  # the memo itself stands for "not computed (or dropped) yet"
    return memo.put(name, compute()) if found is memo else found


def api_config() -> ApiConfig:
    """API base URLs, app credentials and the token key, from the environment and secrets."""
    return credentials.api_config(
        os.environ, _secrets(), api_registry.default_key_file(store().url)
    )


# ---- a person's own changes to activities (owner only; each drops the session's caches) ----


def log_session(frame: pl.DataFrame, file_name: str) -> ImportSummary:
    """Store a session logged by hand (one import-log entry, so it can be undone)."""
    require_owner()
    summary = edits.log_session(store(), frame, file_name, owner())
    forget_activities()
    return summary


def update_activity(activity_id: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Edit one activity (sport, shoe, name, or a logged session's values)."""
    require_owner()
    try:
        return edits.update_activity(store(), activity_id, values, owner())
    finally:
        forget_activities()


def delete_activity(activity_id: str) -> list[dict[str, Any]]:
    """Delete one activity; returns the imports it came from."""
    require_owner()
    try:
        return edits.delete_activity(store(), activity_id, owner())
    finally:
        forget_activities()


def undo_import(import_id: int) -> int:
    """Remove what one import brought (a logged session is an import of its own)."""
    require_owner()
    try:
        return store().undo_import(import_id, owner())
    finally:
        forget_activities()


def activity_sources() -> pl.DataFrame:
    """Which sources fed each activity, for this visit's owner (memoised per session)."""
    return derived(("activity_sources",), lambda: store().sources(owner()))


def provenance(activity_id: str) -> list[dict[str, Any]]:
    found = lambda: edits.provenance(store(), activity_id, owner())  # noqa: E731
    return derived(("provenance", activity_id), found)  # once per data generation


def shoe_assignments() -> pl.DataFrame:
    """This owner's shoe assignments (memoised per session and data generation)."""
    return derived(("shoe_assignments",), lambda: store().shoe_assignments(owner()))


def shoe_records() -> tuple[pl.DataFrame, pl.DataFrame]:
    """This owner's recorded shoes and default shoe per sport (memoised like the above)."""
    return derived(
        ("shoe_records",),
        lambda: (store_shoes.shoes(store(), owner()), store_shoes.shoe_defaults(store(), owner())),
    )


def change_shoes(action: Callable[..., Any], *args: Any, **values: Any) -> Any:
    """A write to this owner's shoes (a function of connectors.store.shoes); drops the caches."""
    require_owner()
    try:
        return action(store(), owner(), *args, **values)
    finally:
        forget_activities()


def assign_shoe(gear: str, start: date, end: date) -> None:
    require_owner()
    try:
        store().assign_shoe(gear, start, end, owner())
    finally:
        forget_activities()


def remove_shoe_assignment(assignment_id: int) -> None:
    require_owner()
    try:
        store().remove_shoe_assignment(assignment_id, owner())
    finally:
        forget_activities()


def import_file(file_name: str, payload: bytes, options: ImportOptions) -> ImportSummary:
    """Import one uploaded file into this visit's store. A store that stays locked (another
    import or sync) or cannot be written is that file's message, not an exception box."""
    try:
        return import_bytes(store(), file_name, payload, options, now_utc(), owner())
    except StoreError as exc:
        return ImportSummary(None, file_name, None, errors=[f"{file_name}: {exc}"], status="failed")
    finally:
        forget_activities()
