"""The only module of the dashboard that reads secrets, opens the store and caches.

Caching rules (a deployed app serves many visitors from one process):
- the store (an engine and its connection pool) is a shared resource keyed by its URL;
- demo data is the same for everyone, so it may sit in st.cache_data;
- a person's activities and settings live in st.session_state, never in a global cache.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
import streamlit as st

from connectors import settings as settings_mod
from connectors.config import resolve_db_url
from connectors.demo import demo_activities
from connectors.errors import BoneloadError
from connectors.store import LOCAL_OWNER, Store


@dataclass(frozen=True)
class Activities:
    """What the pages draw: the frame, and whether it is the demo athlete."""

    frame: pl.DataFrame
    is_demo: bool


def _secrets() -> Mapping[str, Any]:
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, BoneloadError, Exception):  # no secrets.toml is normal locally
        return {}


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Store:
    return Store(url)


def store() -> Store:
    """The store named by BONELOAD_DB, secrets.toml, or the default SQLite file."""
    return _open_store(resolve_db_url(secrets=_secrets()))


def owner() -> str:
    return LOCAL_OWNER


def settings() -> settings_mod.Settings:
    cached = st.session_state.get("_settings")
    if cached is None:
        cached = settings_mod.from_stored(store().load_settings(owner()))
        st.session_state["_settings"] = cached
    return cached


def save_settings(values: Mapping[str, Any]) -> settings_mod.Settings:
    """Check, store and return new settings; raises BoneloadError with what is wrong."""
    updated = settings().updated(values)
    store().save_settings(values, owner())
    st.session_state["_settings"] = updated
    forget_activities()
    return updated


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
    """The owner's activities, or the demo athlete while nothing is stored."""
    cached = st.session_state.get("_activities")
    if cached is None:
        frame = store().activities(owner())
        if frame.is_empty() and demo_enabled():
            cached = Activities(_demo(today(), settings().timezone), is_demo=True)
        else:
            cached = Activities(frame, is_demo=False)
        st.session_state["_activities"] = cached
    return cached


def forget_activities() -> None:
    """Call after anything that changes the store, so the next read sees it."""
    st.session_state.pop("_activities", None)
    st.session_state.pop("_derived", None)


def derived(key: tuple[Any, ...], compute: Any) -> Any:
    """Memoise a pure computation on this session's data (per visitor, never global)."""
    memo: dict[tuple[Any, ...], Any] = st.session_state.setdefault("_derived", {})
    if key not in memo:
        if len(memo) > 64:
            memo.clear()
        memo[key] = compute()
    return memo[key]
