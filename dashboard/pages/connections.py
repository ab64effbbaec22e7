"""Connections: each API source, connected or not, its last sync, its limits, Sync now."""

import os
from datetime import UTC, datetime
from typing import Any

import requests
import streamlit as st

from connectors.apis import connect
from connectors.apis import registry as api_registry
from connectors.errors import BoneloadError
from connectors.store.connections import connected_at, load_state
from dashboard import data
from dashboard.components.common import page_header
from dashboard.components.render import plain

page_header(
    "Connections",
    "Keep the dashboard current without exports: Strava first, intervals.icu for Garmin, COROS, "
    "Suunto, Polar and Wahoo.",
)
store, owner, config = data.store(), data.owner(), data.api_config()
LABELS = {source.key: source.label for source in api_registry.API_SOURCES}


def _clock() -> datetime:
    return datetime.now(UTC)


def _redirect_uri() -> str:
    """Where a provider sends the person back: this page, unless a deployment names it."""
    configured = os.environ.get("BONELOAD_STRAVA_REDIRECT_URI") or str(
        data.secrets().get("strava", {}).get("redirect_uri", "")
    )
    here = st.context.url or "http://localhost:8501/connections"
    return configured or here.split("?")[0]


params = st.query_params
if "code" in params and "state" in params:
    label = LABELS.get(connect.provider_of(params["state"]), "the service")
    try:
        _who, warnings = connect.finish(
            config,
            store,
            params["code"],
            params["state"],
            params.get("scope", ""),
            session=requests.Session(),
            clock=_clock,
            sleep=lambda _s: None,
            expected_owner=owner,
            redirect_uri=_redirect_uri(),
        )
    except BoneloadError as exc:
        st.error(f"{label} was not connected: {plain(exc)}")
    else:
        st.success(f"{label} is connected. Press Sync now to bring your activities.")
        for warning in warnings:
            st.warning(plain(warning))
    st.query_params.clear()
elif "error" in params:
    st.warning("The connection was declined, so nothing was connected.")
    st.query_params.clear()

report = st.session_state.pop("sync_report", None)
if report is not None:
    (st.success if report.status == "ok" else st.warning)(plain(report.describe()))
    for problem in report.problems[:20]:
        st.error(plain(problem))


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M} UTC" if value else "never"


for source in api_registry.API_SOURCES:
    with st.container(border=True):
        st.subheader(source.label)
        if source.status != "available":
            status = "not built yet" if source.status == "planned" else "closed"
            st.caption(f"{status.capitalize()}. {source.limits} {source.notes}".strip())
            if source.key == "fitbit":
                st.page_link(
                    "dashboard/pages/import_data.py",
                    label="Import a Google Takeout",
                    icon=":material/upload_file:",
                )
            continue
        state = load_state(store, owner, source.key)
        since = connected_at(store, owner, source.key)
        linked = connect.is_connected(config, store, owner, source.key)
        next_at = state.next_allowed_at
        waiting = next_at is not None and next_at > _clock()
        st.markdown(
            f"**{'Connected' if linked else 'Not connected'}** · "
            f"last sync {_when(state.last_sync_at)}"
            f" · {state.activities_brought} activities brought · next sync allowed "
            f"{_when(next_at) if waiting else 'now'}"
        )
        st.caption(f"{source.auth}. Limits: {source.limits} {source.notes}".strip())
        if state.last_error:
            st.error(f"Last sync: {plain(state.last_error)}")
        if source.key in connect.OAUTH_PROVIDERS and not linked:
            try:
                url = connect.start_url(config, owner, _redirect_uri(), _clock, source.key)
            except BoneloadError as exc:
                st.info(plain(exc))
            else:
                st.link_button(f"Connect {source.label}", url, type="primary")
        if source.key == "intervals" and not linked:
            st.info("Set INTERVALS_API_KEY (or [intervals] api_key in secrets.toml) to connect.")
        if linked:
            left, right = st.columns([1, 1])
            if left.button("Sync now", key=f"sync_{source.key}", type="primary"):
                bar = st.progress(0.0, text="Starting")

                def _progress(pages: int, text: str, bar: Any = bar) -> None:
                    bar.progress(min(0.95, pages / (pages + 2)), text=text)

                report = api_registry.sync_source(
                    source.key,
                    store,
                    owner,
                    config,
                    fallback_zone=data.settings().timezone,
                    progress=_progress,
                )
                bar.progress(1.0, text="Done")
                data.forget_activities()
                st.session_state["sync_report"] = report
                st.rerun()
            can_disconnect = source.key in connect.OAUTH_PROVIDERS and since is not None
            if can_disconnect and right.button("Disconnect", key=f"disconnect_{source.key}"):
                for warning in connect.disconnect(
                    config,
                    store,
                    owner,
                    session=requests.Session(),
                    clock=_clock,
                    sleep=lambda _s: None,
                    provider=source.key,
                ):
                    st.warning(plain(warning))
                st.rerun()

st.caption(
    "Strava's rules: a new Strava app can connect only its owner's account until Strava approves "
    "it, and Strava data may be shown only to the athlete it belongs to, so activities that came "
    "through the Strava API never appear in links you share."
)
