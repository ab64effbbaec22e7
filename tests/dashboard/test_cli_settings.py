"""`boneload settings`: list and set the table's settings for one owner, with the page's checks."""

from __future__ import annotations

import io

import pytest

from connectors.settings import TABLE
from connectors.store import Store
from dashboard.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _no_owner_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("BONELOAD_OWNER", raising=False)
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml
    monkeypatch.setenv("TZ", "UTC")


def test_list_shows_every_row_with_its_allowed_values(sqlite_url: str) -> None:
    code, out, _ = run("settings", "--db", sqlite_url)
    assert code == 0
    lines = out.splitlines()
    assert [line.split(" = ")[0] for line in lines] == [spec.name for spec in TABLE]
    assert "pain_alert_at = 4 0-10 scale  [1-10]" in out
    assert "profile = starting  [starting, runner, limited_impact]" in out


def test_set_stores_a_checked_value_for_the_named_owner_only(sqlite_url: str) -> None:
    assert (
        run("settings", "set", "profile", "runner", "--db", sqlite_url, "--owner", "Ann@X.org")[0]
        == 0
    )
    assert (
        run("settings", "set", "birth_year", "1951", "--db", sqlite_url, "--owner", "ann@x.org")[0]
        == 0
    )
    store = Store(sqlite_url)
    try:
        assert store.load_settings("ann@x.org") == {"profile": "runner", "birth_year": 1951}
        assert store.load_settings("local") == {}
    finally:
        store.close()
    _, out, _ = run("settings", "--db", sqlite_url, "--owner", "ann@x.org")
    assert "profile = runner" in out and "profile = starting" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("set", "pain_alert_at", "11"), "pain_alert_at must be 1-10, not 11"),
        (("set", "resting_hr", "fast"), "resting_hr must be a number"),
        (("set", "colour", "red"), "settings set NAME VALUE, where NAME is one of: distance_unit"),
        (("set", "max_hr", "50"), "max_hr must be 100-230"),
    ],
)
def test_set_refuses_bad_values_cleanly(
    sqlite_url: str, argv: tuple[str, ...], message: str
) -> None:
    code, _, err = run("settings", *argv, "--db", sqlite_url)
    assert code == 2
    assert err.startswith("boneload: ") and message in err
    store = Store(sqlite_url)
    try:
        assert store.load_settings("local") == {}
    finally:
        store.close()


def test_a_bad_stored_value_is_a_warning_and_the_rest_stay(sqlite_url: str) -> None:
    store = Store(sqlite_url)
    store.save_settings({"distance_unit": "furlong", "sex": "male"}, "local")
    store.close()
    code, out, err = run("settings", "--db", sqlite_url)
    assert code == 0
    assert "warning: stored setting distance_unit must be km, mi, not 'furlong'" in err
    assert "sex = male" in out and "distance_unit = km" in out
