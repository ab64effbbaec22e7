"""`boneload log|edit|delete` through dashboard.cli.main, on a real SQLite file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from connectors.store import Store
from dashboard.cli import main

TCX = Path(__file__).resolve().parents[1] / "fixtures" / "watch" / "run_two_laps.tcx"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _no_owner_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BONELOAD_OWNER", raising=False)
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml


def _activities(url: str) -> list[dict]:
    code, out, _ = run("activities", "--format", "json", "--db", url)
    assert code == 0
    return json.loads(out)


def test_log_stores_a_walk_in_the_display_unit_and_lists_it(sqlite_url: str) -> None:
    assert run("settings", "set", "distance_unit", "mi", "--db", sqlite_url)[0] == 0
    assert run("settings", "set", "timezone", "America/Chicago", "--db", sqlite_url)[0] == 0
    code, out, err = run(
        "log", "--date", "2026-11-28", "--time", "07:30", "--type", "walk", "--minutes", "30",
        "--distance", "2.5", "--rpe", "4", "--pain", "2", "--note", "=1+2 cold", "--db", sqlite_url,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "logged manual:20261128T0730-walk (import 1)\n"
    (row,) = _activities(sqlite_url)
    assert (row["source"], row["sport"], row["timezone"]) == ("manual", "walk", "America/Chicago")
    assert row["distance_m"] == pytest.approx(2.5 * 1609.344)
    assert (row["elapsed_s"], row["rpe"], row["pain"], row["note"]) == (
        1800.0,
        4.0,
        2.0,
        "=1+2 cold",
    )
    assert row["start_utc"].startswith("2026-11-28T13:30")  # 07:30 in Chicago
    code, out, _ = run("activities", "--db", sqlite_url)
    assert "'=1+2 cold" in out  # the CSV neutralises a formula in the note
    again = run(
        "log", "--date", "2026-11-28", "--time", "07:30", "--type", "walk", "--minutes", "30",
        "--db", sqlite_url,
    )  # fmt: skip
    assert again[:2] == (0, "already logged: manual:20261128T0730-walk (nothing changed)\n")


def test_log_refuses_out_of_range_values_with_every_reason(sqlite_url: str) -> None:
    code, out, err = run(
        "log", "--date", "2026-11-28", "--time", "7h", "--type", "impact", "--minutes", "10",
        "--reps", "2.5", "--pain", "11", "--db", sqlite_url,
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert "the time must look like 07:30" in err
    assert "Repetitions must be a whole number (got 2.5)" in err
    assert "Pain must be between 0 and 10 (got 11)" in err
    assert _activities(sqlite_url) == []
    with pytest.raises(SystemExit) as exited:
        run("log", "--time", "07:00", "--type", "karate", "--minutes", "5")
    assert exited.value.code == 2


def test_a_logged_run_then_the_watch_file_is_one_activity_and_delete_names_both_imports(
    sqlite_url: str,
) -> None:
    assert run("settings", "set", "timezone", "UTC", "--db", sqlite_url)[0] == 0
    run(
        "log", "--date", "2024-03-02", "--time", "07:20", "--type", "run", "--minutes", "9",
        "--pain", "3", "--note", "shin", "--db", sqlite_url,
    )  # fmt: skip
    code, out, _ = run("import", str(TCX), "--tz", "UTC", "--db", sqlite_url)
    assert code == 0 and "0 new, 1 merged" in out
    (row,) = _activities(sqlite_url)
    assert (row["elapsed_s"], row["distance_m"], row["pain"], row["note"]) == (
        510.0, 1700.0, 3.0, "shin",
    )  # fmt: skip
    code, out, _ = run(
        "edit", row["activity_id"], "--shoe", "Brooks", "--name", "Tempo", "--db", sqlite_url
    )
    assert (code, out) == (0, f"updated {row['activity_id']}: gear=Brooks, name=Tempo\n")
    code, _, err = run("edit", row["activity_id"], "--pain", "12", "--db", sqlite_url)
    assert code == 2 and "outside 0..10" in err
    code, out, _ = run("delete", row["activity_id"], "--db", sqlite_url)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"deleted {row['activity_id']}"
    assert lines[1].startswith("  it came from logged by hand: 2024-03-02 07:20 (manual, import 1")
    assert lines[2].startswith("  it came from run_two_laps.tcx (tcx, import 2")
    assert lines[3] == "  importing that file again brings it back"
    assert _activities(sqlite_url) == []
    code, _, err = run("delete", row["activity_id"], "--db", sqlite_url)
    assert code == 2 and "no activity" in err
    store = Store(sqlite_url)
    try:
        assert [i["file_name"] for i in store.imports("local")] == [
            "run_two_laps.tcx", "logged by hand: 2024-03-02 07:20",
        ]  # fmt: skip
    finally:
        store.close()


def test_activities_search_keeps_what_the_page_search_keeps(sqlite_url: str) -> None:
    for time_, kind, note in (("07:00", "walk", "Knee fine"), ("18:00", "impact", None)):
        args = ["log", "--date", "2026-11-20", "--time", time_, "--type", kind, "--minutes", "20"]
        run(*args, *(["--note", note] if note else []), "--db", sqlite_url)
    code, out, _ = run("activities", "--search", "KNEE", "--format", "json", "--db", sqlite_url)
    assert code == 0 and [r["sport_type"] for r in json.loads(out)] == ["Walk"]
    code, out, _ = run("activities", "--search", "plyo", "--format", "json", "--db", sqlite_url)
    assert [r["sport_type"] for r in json.loads(out)] == ["Plyometrics"]
    code, out, err = run("activities", "--search", "[", "--db", sqlite_url)
    assert (code, err) == (0, "boneload: no activity matches '['\n")  # literal, not a pattern
