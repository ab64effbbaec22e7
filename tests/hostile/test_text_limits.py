"""Unbounded text and logs: caps on text fields, NUL stripped, over-long CSV values cost their
row, a stray cp1252 byte costs nothing, and the import log keeps the first errors and a count.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from connectors.files.base import ImportOptions
from connectors.importing import import_bytes, read_file
from connectors.schema import ID_CAP, TEXT_CAPS
from connectors.store import Store
from connectors.store.clean import MAX_LOGGED, MAX_MESSAGE

NOW = datetime(2026, 11, 30)
OSLO = ImportOptions(timezone="Europe/Oslo")
STRAVA = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Activity Gear\n"
GARMIN = "Activity Type,Date,Title,Distance,Time,Avg HR\n"


def strava_row(ident: int, name: str, gear: str = "Shoe", day: int = 1) -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    return f'{ident},"Mar {day}, 2025, 7:00:00 AM",{quoted},Run,1800,"{gear}"\n'


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'store.sqlite'}")


def test_a_ten_megabyte_strava_value_costs_its_row_not_the_file() -> None:
    data = (STRAVA + strava_row(1, "x" * 10 * 1024**2) + strava_row(2, "Easy", day=2)).encode()
    result = read_file("activities.csv", data, OSLO, NOW)
    assert result.frame["name"].to_list() == ["Easy"]
    (problem,) = result.problems
    assert str(problem) == (
        "activities.csv, row 2: a value of 10,485,760 characters (more than 65,536); the row "
        "is skipped"
    )


def test_a_ten_megabyte_garmin_value_costs_its_row_not_the_file() -> None:
    big = "y" * 10 * 1024**2
    rows = f'Running,2025-03-01 07:00:00,"{big}",5.0,00:30:00,150\n'
    rows += "Running,2025-03-02 07:00:00,Easy,5.0,00:30:00,150\n"
    result = read_file("Activities.csv", (GARMIN + rows).encode(), OSLO, NOW)
    assert result.frame["name"].to_list() == ["Easy"]
    assert [p.row for p in result.problems] == [2]
    assert "a value of 10,485,760 characters" in result.problems[0].reason


def test_text_fields_are_capped_with_a_warning() -> None:
    data = (STRAVA + strava_row(1, "a" * 1_000, "G" * 250)).encode()
    result = read_file("activities.csv", data, OSLO, NOW)
    row = result.frame.row(0, named=True)
    assert (row["name"], row["gear"]) == ("a" * TEXT_CAPS["name"], "G" * TEXT_CAPS["gear"])
    assert any("name is 1,000 characters long; kept the first 300" in w for w in result.warnings)
    assert any("gear is 250 characters long; kept the first 200" in w for w in result.warnings)


def test_nul_and_control_characters_are_stripped_from_text() -> None:
    summary = (
        '[{"summarizedActivitiesExport": [{"activityId": 7, "activityType": "run\\u0000ning", '
        '"beginTimestamp": 1740812400000, "duration": 1800000, '
        '"name": "Eve\\u0000ning\\u0007 run"}]}]'
    )
    row = read_file("summaries.json", summary.encode(), OSLO, NOW).frame.row(0, named=True)
    assert (row["name"], row["sport_type"]) == ("Evening run", "running")


def test_an_id_too_long_to_be_real_refuses_its_row() -> None:
    ident = "7" * (ID_CAP + 50)
    summary = (
        '[{"summarizedActivitiesExport": [{"activityId": ' + ident + ', "activityType": '
        '"running", "beginTimestamp": 1740812400000, "duration": 1800000}, {"activityId": 8, '
        '"activityType": "running", "beginTimestamp": 1740898800000, "duration": 1800000}]}]'
    )
    result = read_file("summaries.json", summary.encode(), OSLO, NOW)
    assert result.frame["source_id"].to_list() == ["8"]
    reasons = [p.reason for p in result.problems]
    assert reasons == [
        "summaries.json, activity 1: its activity_id is 257 characters long; skipped"
    ]


def test_a_stray_cp1252_byte_leaves_the_utf8_names_as_written() -> None:
    text = STRAVA + strava_row(1, "Zürich ½ løp") + strava_row(2, "Caf\x00", day=2)
    data = text.encode().replace(b"Caf\x00", b"Caf\xe9")  # one cp1252 byte, the rest UTF-8
    names = read_file("activities.csv", data, OSLO, NOW).frame.sort("source_id")["name"]
    assert names.to_list() == ["Zürich ½ løp", "Café"]


def test_the_import_log_keeps_the_first_errors_and_a_count(store: Store) -> None:
    junk = "".join(f"{i},not a date,x,Run,60,\n" for i in range(5_000))
    good = strava_row(9_000_000_001, "Good")
    summary = import_bytes(
        store, "activities.csv", (STRAVA + junk + good).encode(), OSLO, NOW, owner="local"
    )
    assert (summary.new, summary.error_count, len(summary.errors)) == (1, 5_000, MAX_LOGGED + 1)
    assert summary.errors[-1] == "... and 4,900 more problems (only the first 100 are kept)"
    (logged,) = store.imports("local")
    assert logged["errors"] == summary.errors
    assert len(json.dumps(logged["errors"])) < 20_000


def test_a_refusal_and_a_file_name_are_cut_to_size(store: Store) -> None:
    summary = store.record_refusal("f" * 10_000 + ".csv", "r" * 100_000, "local")
    (logged,) = store.imports("local")
    assert len(logged["file_name"]) == 255 and len(logged["errors"][0]) == MAX_MESSAGE
    assert logged["errors"] == summary.errors
