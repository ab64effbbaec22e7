"""`boneload import|weekly|shoes|activities` through dashboard.cli.main, on a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from connectors import settings as settings_mod
from connectors.store import Store
from dashboard import views
from dashboard.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
STRAVA_2023 = FIXTURES / "strava" / "activities_2023_94.csv"
GARMIN_MILES = FIXTURES / "garmin" / "activities_miles.csv"
GENERIC = FIXTURES / "generic" / "log_comma.csv"
GENERIC_MAP = "start_local=When,sport_type=What,elapsed_s=Duration,distance_m=Km,gear=Shoes"
ROW_5_ERROR = "activities_2023_94.csv, row 5: the Activity Date 'yesterday evening' cannot be read"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def activities_json(url: str) -> list[dict]:
    code, out, _ = run("activities", "--format", "json", "--db", url)
    assert code == 0
    return json.loads(out)


@pytest.fixture
def strava_url(sqlite_url: str) -> str:
    """A store holding the 94-column Strava fixture, imported in America/Chicago."""
    code, _, _ = run("import", str(STRAVA_2023), "--tz", "America/Chicago", "--db", sqlite_url)
    assert code == 0
    return sqlite_url


# ---- import ------------------------------------------------------------------------------------


def test_import_prints_counts_and_each_row_error(sqlite_url: str) -> None:
    code, out, err = run("import", str(STRAVA_2023), "--tz", "America/Chicago", "--db", sqlite_url)
    assert code == 0
    assert out.splitlines() == [
        "time zone America/Chicago stored in your settings (boneload settings to change it)",
        "activities_2023_94.csv (strava_export): 4 new, 0 merged, 0 updated, 0 skipped, 1 errors",
        "total: 4 new, 0 merged, 0 updated, 0 skipped",
    ]
    assert err.splitlines()[0].startswith(f"  error: {ROW_5_ERROR}")


def test_importing_again_reports_everything_skipped(strava_url: str) -> None:
    code, out, _ = run("import", str(STRAVA_2023), "--tz", "America/Chicago", "--db", strava_url)
    assert code == 0
    assert out.splitlines()[-1] == "total: 0 new, 0 merged, 0 updated, 4 skipped"
    assert len(activities_json(strava_url)) == 4


def test_a_broken_file_exits_1_and_stores_nothing(sqlite_url: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text("not,a,known\n1,2,3\n", encoding="utf-8")
    code, out, err = run("import", str(broken), "--db", sqlite_url)
    assert code == 1
    assert out.splitlines()[0] == "broken.csv: 0 new, 0 merged, 0 updated, 0 skipped, 1 errors"
    assert "broken.csv: not a format boneload recognises" in err
    assert "Traceback" not in err
    assert activities_json(sqlite_url) == []


def test_a_missing_file_exits_1(sqlite_url: str, tmp_path: Path) -> None:
    code, _, err = run("import", str(tmp_path / "nowhere.csv"), "--db", sqlite_url)
    assert code == 1
    assert "nowhere.csv: No such file or directory" in err


def test_one_readable_file_among_broken_ones_exits_0(sqlite_url: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\xff\xd8\xff\xe0 a photo")
    code, out, _ = run(
        "import", str(broken), str(STRAVA_2023), "--tz", "America/Chicago", "--db", sqlite_url
    )
    assert code == 0
    assert out.splitlines()[-1] == "total: 4 new, 0 merged, 0 updated, 0 skipped"


def test_tz_puts_activities_on_the_local_day(strava_url: str) -> None:
    run_row = next(a for a in activities_json(strava_url) if a["source_id"] == "8170000001")
    assert run_row["timezone"] == "America/Chicago"
    assert run_row["start_utc"].startswith("2022-11-21T01:30:00")
    assert run_row["start_local"] == "2022-11-20T19:30:00"


def test_tz_is_stored_when_no_time_zone_is_stored_yet_and_never_overwrites(
    strava_url: str,
) -> None:
    code, out, _ = run("settings", "--db", strava_url)
    assert code == 0 and "America/Chicago" in out
    code, out, _ = run(
        "import", str(GARMIN_MILES), "--tz", "Europe/Oslo", "--distance-unit", "mi",
        "--db", strava_url,
    )  # fmt: skip
    assert code == 0 and "stored in your settings" not in out
    _, shown, _ = run("settings", "--db", strava_url)
    assert "America/Chicago" in shown and "Europe/Oslo" not in shown


def test_reimporting_with_the_right_unit_reports_updated(sqlite_url: str) -> None:
    run("import", str(GARMIN_MILES), "--tz", "UTC", "--db", sqlite_url)
    code, out, _ = run(
        "import", str(GARMIN_MILES), "--tz", "UTC", "--distance-unit", "mi", "--db", sqlite_url
    )
    assert code == 0
    assert out.splitlines()[-1] == "total: 0 new, 0 merged, 3 updated, 0 skipped"
    assert activities_json(sqlite_url)[0]["distance_m"] == pytest.approx(2.10 * 1609.344)


def test_shoes_without_gear_says_so(sqlite_url: str) -> None:
    run("import", str(GARMIN_MILES), "--tz", "UTC", "--db", sqlite_url)
    code, _, err = run("shoes", "--db", sqlite_url)
    assert code == 0
    assert "no activity names a shoe yet" in err


def test_an_unknown_time_zone_is_refused(sqlite_url: str) -> None:
    code, out, err = run("import", str(STRAVA_2023), "--tz", "Mars/Olympus", "--db", sqlite_url)
    assert code == 2
    assert out == ""
    assert err == "boneload: unknown time zone 'Mars/Olympus' (try e.g. America/Chicago)\n"
    assert activities_json(sqlite_url) == []


@pytest.mark.parametrize(("unit", "metres"), [("km", 2100.0), ("mi", 2.10 * 1609.344)])
def test_distance_unit_sets_the_garmin_distance(sqlite_url: str, unit: str, metres: float) -> None:
    code, out, _ = run(
        "import", str(GARMIN_MILES), "--tz", "UTC", "--distance-unit", unit, "--db", sqlite_url
    )
    assert code == 0
    assert out.splitlines()[1] == (
        "activities_miles.csv (garmin_csv): 3 new, 0 merged, 0 updated, 0 skipped, 0 errors"
    )
    first = activities_json(sqlite_url)[0]
    assert first["name"] == "Run-walk"
    assert first["distance_m"] == pytest.approx(metres)


def test_map_reads_any_csv(sqlite_url: str) -> None:
    code, out, err = run(
        "import", str(GENERIC), "--map", GENERIC_MAP, "--tz", "Europe/Berlin", "--db", sqlite_url
    )
    assert code == 0
    assert out.splitlines()[1] == (
        "log_comma.csv (generic_csv): 4 new, 0 merged, 0 updated, 0 skipped, 1 errors"
    )
    assert "log_comma.csv, row 5: the start '01/03/2026' is not a date" in err
    rows = activities_json(sqlite_url)
    assert [r["sport"] for r in rows] == ["run", "walk", "run", "strength"]
    assert [r["distance_m"] for r in rows] == [8020.0, 5500.0, 5000.0, None]
    assert rows[0]["start_local"] == "2026-03-01T07:12:45"
    assert rows[0]["elapsed_s"] == 2710.0
    assert rows[0]["gear"] == "Pegasus 41"


def test_a_malformed_map_is_a_clean_error(sqlite_url: str) -> None:
    code, _, err = run("import", str(GENERIC), "--map", "nonsense", "--db", sqlite_url)
    assert code == 2
    assert err.startswith("boneload: ")
    assert "Traceback" not in err


# ---- weekly, shoes, activities -----------------------------------------------------------------


def test_weekly_json_has_one_row_per_iso_week(strava_url: str) -> None:
    code, out, err = run("weekly", "--format", "json", "--db", strava_url)
    assert code == 0
    assert err == ""
    weeks = json.loads(out)
    # 2022-11-20 (Sunday in Chicago) .. 2023-01-02 (Monday): eight ISO weeks
    assert [w["week"] for w in weeks] == [
        "2022-W46", "2022-W47", "2022-W48", "2022-W49", "2022-W50", "2022-W51", "2022-W52",
        "2023-W01",
    ]  # fmt: skip
    assert all(re.fullmatch(r"\d{4}-W\d{2}", w["week"]) for w in weeks)
    for column in (
        "runs", "run_km", "walks", "walk_km", "active_days", "rest_days",
        "load", "fitness", "fatigue", "form", "spikes", "stage", "bone_oi",
    ):  # fmt: skip
        assert column in weeks[0], column
    first = weeks[0]
    assert (first["runs"], first["walks"], first["active_days"], first["rest_days"]) == (1, 0, 1, 6)
    assert first["run_km"] == pytest.approx(5.0105)
    assert first["stage"] == "running"
    assert first["spikes"] == 0
    assert first["bone_oi"] > 0
    assert first["form"] == pytest.approx(first["fitness"] - first["fatigue"])
    walk_week = weeks[2]
    assert (walk_week["walks"], walk_week["runs"], walk_week["stage"]) == (1, 0, "walking")
    assert walk_week["walk_km"] == pytest.approx(4.8002)
    empty_week = weeks[3]
    assert (empty_week["active_days"], empty_week["rest_days"], empty_week["load"]) == (0, 7, 0.0)
    last = weeks[-1]  # the ride on Mon 2 Jan 2023, the last day of the range
    assert (last["active_days"], last["rest_days"], last["runs"]) == (1, 0, 0)


def test_weekly_uses_the_stored_heart_rate_settings(strava_url: str) -> None:
    store = Store(strava_url)
    try:
        store.save_settings({"resting_hr": 45, "max_hr": 200, "sex": "male"}, owner="local")
        stored = settings_mod.from_stored(store.load_settings(owner="local"))
        expected = views.weekly_table(store.activities(owner="local"), stored)["load"].to_list()
        default = views.weekly_table(store.activities(owner="local"))["load"].to_list()
    finally:
        store.close()
    _, out, _ = run("weekly", "--format", "json", "--db", strava_url)
    loads = [w["load"] for w in json.loads(out)]
    assert loads == pytest.approx(expected)
    assert loads[0] != pytest.approx(default[0])  # the run has heart rate: TRIMP changes


def test_weekly_has_the_bone_week_columns(strava_url: str) -> None:
    _, out, _ = run("weekly", "--format", "json", "--db", strava_url)
    weeks = json.loads(out)
    for column in (
        "run_days", "impact_days", "strength_days", "balance_days", "rest_days", "full_bone_week",
    ):  # fmt: skip
        assert column in weeks[0], column
    first = weeks[0]
    assert (first["run_days"], first["impact_days"], first["strength_days"]) == (1, 0, 0)
    # default targets ask for 2 strength days: no week of this history is a full bone week,
    # and every week is over (the last is in January 2023)
    assert {w["full_bone_week"] for w in weeks} == {"no"}
    store = Store(strava_url)
    try:
        store.save_settings({"strength_days_target": 0}, owner="local")
    finally:
        store.close()
    _, out, _ = run("weekly", "--format", "csv", "--db", strava_url)
    rows = list(csv.DictReader(io.StringIO(out)))
    # one run in the ramp's first week meets its target of 1; the walking week does not
    assert rows[0]["full_bone_week"] == "yes"
    assert rows[2]["full_bone_week"] == "no"


def test_weekly_csv(strava_url: str) -> None:
    code, out, _ = run("weekly", "--format", "csv", "--db", strava_url)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 8
    assert list(rows[0])[:7] == ["week", "week_start", "runs", "run_km", "walks", "walk_km",
                                 "sessions"]  # fmt: skip
    assert (rows[0]["week"], rows[0]["week_start"], rows[0]["runs"]) == (
        "2022-W46",
        "2022-11-14",
        "1",
    )
    assert rows[0]["stage"] == "running"


def test_weekly_on_an_empty_store_says_so(sqlite_url: str) -> None:
    code, out, err = run("weekly", "--format", "json", "--db", sqlite_url)
    assert code == 0
    assert json.loads(out) == []
    assert "nothing stored yet" in err


def test_shoes_json(strava_url: str) -> None:
    code, out, _ = run("shoes", "--format", "json", "--db", strava_url)
    assert code == 0
    shoes = json.loads(out)
    assert len(shoes) == 1  # the bike's gear is not a shoe
    shoe = shoes[0]
    assert (shoe["name"], shoe["km"], shoe["miles"], shoe["runs"]) == (
        "Nike Pegasus 39",
        5.0,
        3.1,
        1,
    )
    assert (shoe["first_used"], shoe["last_used"]) == ("2022-11-20", "2022-11-20")


def test_shoes_csv(strava_url: str) -> None:
    code, out, _ = run("shoes", "--format", "csv", "--db", strava_url)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    columns = ("name", "km", "miles", "runs", "first_used", "last_used")
    assert [tuple(r[c] for c in columns) for r in rows] == [
        ("Nike Pegasus 39", "5.0", "3.1", "1", "2022-11-20", "2022-11-20")
    ]


def test_activities_csv_neutralises_formulas(sqlite_url: str, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        'When,What,Duration,Title\n2025-03-01T08:00:00,Run,1800,"=HYPERLINK(""http://x.example"",""y"")"\n',
        encoding="utf-8",
    )  # fmt: skip
    code, _, _ = run(
        "import", str(log), "--map", "start_local=When,sport_type=What,elapsed_s=Duration,"
        "name=Title", "--tz", "UTC", "--db", sqlite_url,
    )  # fmt: skip
    assert code == 0
    code, out, _ = run("activities", "--format", "csv", "--db", sqlite_url)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1
    assert rows[0]["name"] == '\'=HYPERLINK("http://x.example","y")'
    assert rows[0]["sport"] == "run"
    # the JSON keeps the name as it is: only spreadsheets need the guard
    assert activities_json(sqlite_url)[0]["name"].startswith("=HYPERLINK(")


# ---- the store URL -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "foo://bar",
        "not a url at all",
        "mysql://someone@localhost/boneload",  # no MySQL driver installed
        "postgresql+psycopg://someone:secret@127.0.0.1:1/boneload",  # nothing listens on port 1
    ],
)
def test_a_bad_db_url_is_a_clean_message(url: str) -> None:
    code, out, err = run("weekly", "--db", url)
    assert code == 2
    assert out == ""
    assert err.startswith("boneload: cannot open the store at ")
    assert "Traceback" not in err
    assert "secret" not in err  # the password is never printed


def test_the_module_runs_as_a_script(strava_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "weekly", "--format", "json", "--db", strava_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    weeks = json.loads(result.stdout)
    assert weeks[0]["week"] == "2022-W46"
    assert weeks[0]["runs"] == 1
