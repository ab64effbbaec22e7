"""A store locked by another import is a message on the Import page, never an exception box."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from connectors.store import Store, locking

ROOT = Path(__file__).resolve().parents[3]
STRAVA_2023 = ROOT / "tests" / "fixtures" / "strava" / "activities_2023_94.csv"


def _script() -> None:
    import streamlit as st

    from connectors.files.base import ImportOptions
    from dashboard import data

    data.begin_run()
    payload = st.session_state["payload"]
    summary = data.import_file("activities.csv", payload, ImportOptions(timezone="UTC"))
    st.write(summary.status)
    st.write(summary.errors[0] if summary.errors else "")


def test_a_locked_store_is_the_files_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "locked.sqlite"
    monkeypatch.setenv("BONELOAD_DB", f"sqlite:///{path}")
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setattr(locking, "LOCK_TIMEOUT_S", 0.2)
    monkeypatch.setattr(locking, "ATTEMPTS", 2)
    monkeypatch.setattr(locking.time, "sleep", lambda s: None)
    Store(f"sqlite:///{path}").close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another import is writing
    try:
        at = AppTest.from_function(_script, default_timeout=60)
        at.session_state["payload"] = STRAVA_2023.read_bytes()
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        status, error = (m.value for m in at.markdown)
        assert status == "failed"
        assert error.startswith("activities.csv: the store is busy: another import or sync")
    finally:
        other.execute("ROLLBACK")
        other.close()
