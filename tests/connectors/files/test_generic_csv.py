"""Generic CSV through a column map: fixtures in tests/fixtures/generic/.

log_comma.csv      When/What/Duration/Km/Pulse/Shoes/Notes, ISO dates with and without offset
                   or Z, a day-first date "01/03/2026" at row 5 that must be refused.
log_semicolon.csv  ";"-delimited, Danish names and values, decimal commas, CRLF.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import BadFile, BoneloadError
from connectors.files import csv_common, generic_csv
from connectors.files.base import ImportOptions, ReadResult
from connectors.files.generic_csv import BadColumnMap, csv_columns, parse_map_arg, suggest_map
from connectors.schema import content_id, stable_id, validate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "generic"
COMMA_MAP = {
    "start_local": "When",
    "sport_type": "What",
    "elapsed_s": "Duration",
    "distance_m": "Km",
    "avg_hr": "Pulse",
    "gear": "Shoes",
    "name": "Notes",
}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read(data: bytes, column_map: dict[str, str], unit: str = "km") -> ReadResult:
    options = ImportOptions("Europe/Copenhagen", unit, column_map)  # type: ignore[arg-type]
    return generic_csv.READER.read("log.csv", data, options)


def test_mapped_file_happy_path() -> None:
    result = read(fixture("log_comma.csv"), COMMA_MAP)
    assert result.format == "generic_csv"
    assert validate(result.frame) == []
    rows = result.frame.to_dicts()
    assert [r["sport"] for r in rows] == ["run", "walk", "run", "strength"]
    first = rows[0]
    assert first["source"] == "generic_csv"
    assert first["activity_id"] == stable_id("csv", content_id("2026-03-01T07:12:45", "Run", 2710))
    assert first["start_utc"] == datetime(2026, 3, 1, 6, 12, 45, tzinfo=UTC)
    assert first["elapsed_s"] == 2710.0  # "0:45:10"
    assert first["distance_m"] == pytest.approx(8020.0)
    assert (first["avg_hr"], first["gear"], first["name"]) == (148.0, "Pegasus 41", "easy, chatty")
    assert rows[1]["start_local"] == datetime(2026, 3, 2, 18, 5)  # "2026-03-02 18:05"
    assert rows[1]["elapsed_s"] == 3600.0  # plain seconds
    assert (rows[1]["avg_hr"], rows[1]["gear"], rows[1]["name"]) == (None, None, None)
    # "Z": the instant is UTC, shown as Copenhagen wall clock
    assert rows[2]["start_utc"] == datetime(2026, 3, 3, 6, 30, tzinfo=UTC)
    assert rows[2]["start_local"] == datetime(2026, 3, 3, 7, 30)
    # "+01:00"
    assert rows[3]["start_utc"] == datetime(2026, 3, 4, 16, 0, tzinfo=UTC)
    assert rows[3]["distance_m"] is None


def test_day_first_date_is_refused_not_guessed() -> None:
    result = read(fixture("log_comma.csv"), COMMA_MAP)
    assert [p.row for p in result.problems] == [5]
    assert "'01/03/2026'" in result.problems[0].reason
    assert "never guessed" in result.problems[0].reason
    assert result.frame.height == 4


def test_rereading_gives_identical_ids() -> None:
    a = read(fixture("log_comma.csv"), COMMA_MAP).frame["activity_id"].to_list()
    b = read(fixture("log_comma.csv"), COMMA_MAP).frame["activity_id"].to_list()
    assert a == b
    assert all(i.startswith("csv:") for i in a)


def test_semicolon_file_with_decimal_commas() -> None:
    data = fixture("log_semicolon.csv")
    assert csv_common.read_table("x.csv", data).delimiter == ";"
    assert csv_columns("x.csv", data) == ["Dato", "Type", "Varighed", "Distance", "Puls"]
    column_map = suggest_map(csv_columns("x.csv", data))
    assert column_map == {
        "start_local": "Dato",
        "sport_type": "Type",
        "elapsed_s": "Varighed",
        "distance_m": "Distance",
        "avg_hr": "Puls",
    }
    result = read(data, column_map)
    assert result.problems == []
    assert result.frame["sport"].to_list() == ["run", "walk"]
    assert result.frame["distance_m"].to_list() == pytest.approx([8020.0, 5500.0])
    assert result.frame["avg_hr"].to_list() == [148.0, None]
    assert result.frame["elapsed_s"].to_list() == [2710.0, 3600.0]


def test_distance_in_miles_and_fixed_sport() -> None:
    data = b"Start (UTC),Secs,Miles\n2026-07-01 06:00:00,1800,3.1\n"
    column_map = {
        "start_utc": "Start (UTC)",
        "sport": "=run",
        "elapsed_s": "Secs",
        "distance_m": "miles",
    }  # fmt: skip  (column names match ignoring case)
    result = read(data, column_map, unit="mi")
    row = result.frame.to_dicts()[0]
    assert (row["sport"], row["sport_type"]) == ("run", "run")
    assert row["distance_m"] == pytest.approx(3.1 * 1609.344)
    assert row["start_utc"] == datetime(2026, 7, 1, 6, 0, tzinfo=UTC)  # naive start_utc is UTC
    assert row["start_local"] == datetime(2026, 7, 1, 8, 0)  # CEST


def test_sport_column_overrides_the_family_of_sport_type() -> None:
    data = b"When,Kind,Family,Duration\n2026-07-01 06:00,Parkrun,run,1500\n"
    column_map = {"start_local": "When", "sport_type": "Kind", "sport": "Family",
                  "elapsed_s": "Duration"}  # fmt: skip
    row = read(data, column_map).frame.to_dicts()[0]
    assert (row["sport"], row["sport_type"]) == ("run", "Parkrun")


def test_missing_mapping_names_the_fields_and_the_columns() -> None:
    with pytest.raises(BadFile) as info:
        read(fixture("log_comma.csv"), {"start_local": "When", "sport_type": "What"})
    message = str(info.value)
    assert "map these fields before importing: elapsed_s" in message
    assert "'When', 'What', 'Duration', 'Km', 'Pulse', 'Shoes', 'Notes'" in message
    with pytest.raises(BadFile, match=r"start_local \(or start_utc\), sport_type"):
        read(fixture("log_comma.csv"), {"elapsed_s": "Duration"})


def test_mapped_column_absent_or_both_starts() -> None:
    with pytest.raises(BadFile, match="column 'Length' \\(mapped to distance_m\\) is not in"):
        read(fixture("log_comma.csv"), {**COMMA_MAP, "distance_m": "Length"})
    with pytest.raises(BadFile, match="not both"):
        read(fixture("log_comma.csv"), {**COMMA_MAP, "start_utc": "When"})
    with pytest.raises(BadFile, match="elapsed_s must name a column"):
        read(fixture("log_comma.csv"), {**COMMA_MAP, "elapsed_s": "=3600"})


def test_parse_map_arg() -> None:
    text = "start_local=When,sport_type=What,elapsed_s=Duration,distance_m=Km"
    assert parse_map_arg(text) == {
        "start_local": "When",
        "sport_type": "What",
        "elapsed_s": "Duration",
        "distance_m": "Km",
    }
    assert parse_map_arg('"distance_m=Distance, km", sport==run') == {
        "distance_m": "Distance, km",
        "sport": "=run",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("start_local", "is not field=column"),
        ("start_local=", "is not field=column"),
        ("=When", "is not field=column"),
        ("begin=When", "unknown field 'begin'"),
        ("elapsed_s=A,elapsed_s=B", "names 'elapsed_s' twice"),
        ("elapsed_s==60", "elapsed_s must name a column"),
    ],
)
def test_parse_map_arg_errors(text: str, message: str) -> None:
    with pytest.raises(BadColumnMap, match=message) as info:
        parse_map_arg(text)
    assert isinstance(info.value, BoneloadError) and isinstance(info.value, ValueError)


def test_suggest_map() -> None:
    assert suggest_map(["When", "What", "Duration", "Km", "Pulse", "Shoes", "Notes"]) == {
        "start_local": "When",
        "elapsed_s": "Duration",
        "distance_m": "Km",
        "avg_hr": "Pulse",
        "gear": "Shoes",
    }
    columns = ["Activity Date", "Activity Type", "Elapsed Time", "Moving Time", "Distance (km)",
               "Max HR", "Avg HR", "Title", "Total Ascent", "Cadence"]  # fmt: skip
    assert suggest_map(columns) == {
        "start_local": "Activity Date",
        "sport_type": "Activity Type",
        "elapsed_s": "Elapsed Time",
        "moving_s": "Moving Time",
        "distance_m": "Distance (km)",
        "max_hr": "Max HR",
        "avg_hr": "Avg HR",
        "name": "Title",
        "elevation_gain_m": "Total Ascent",
        "avg_cadence_spm": "Cadence",
    }
    # word matches: the maximum is never taken for the average
    assert suggest_map(["Start time UTC", "Max heart rate (bpm)", "Heart rate avg"]) == {
        "start_utc": "Start time UTC",
        "max_hr": "Max heart rate (bpm)",
        "avg_hr": "Heart rate avg",
    }


def test_csv_columns_of_a_bad_file() -> None:
    with pytest.raises(BadFile, match="empty"):
        csv_columns("x.csv", b"  \n")
    with pytest.raises(BadFile, match="binary"):
        csv_columns("x.csv", b"\x00\x01\x02\x03binary\x00\xff" * 20)


def test_sniff() -> None:
    assert generic_csv.sniff("x.csv", fixture("log_semicolon.csv"))
    assert generic_csv.sniff("x.csv", fixture("log_comma.csv"))
    assert not generic_csv.sniff("x.csv", b"just one line of prose")
    assert not generic_csv.sniff("x.fit", b"\x0e\x10\x00\x00\x00\x00.FIT")


JUNK_MAP = {"start_local": "a", "sport_type": "b", "elapsed_s": "c", "distance_m": "d"}
TOKENS = st.sampled_from(
    ["", "--", "0", "3600", "1:00:00", "1,5", "5.02", "2026-03-01T07:12:45Z", "yesterday",
     "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00", "Run", "inf", "nan", "1e999",
     "-1", '"', ";", "\t"]
)  # fmt: skip


def check(data: bytes, column_map: dict[str, str]) -> None:
    try:
        result = generic_csv.read("junk.csv", data, ImportOptions("Asia/Tokyo", "km", column_map))
    except BoneloadError:
        return
    assert isinstance(result, ReadResult)
    assert validate(result.frame) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_junk_bytes_raise_only_boneload_errors(data: bytes) -> None:
    check(data, JUNK_MAP)
    check(b"a,b,c,d\n" + data, JUNK_MAP)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(TOKENS, min_size=1, max_size=6), max_size=6), st.sampled_from(",;\t"))
def test_junk_rows_under_a_mapped_header(rows: list[list[str]], delimiter: str) -> None:
    body = "\n".join(delimiter.join(r) for r in rows)
    check((delimiter.join("abcd") + "\n" + body).encode(), JUNK_MAP)
