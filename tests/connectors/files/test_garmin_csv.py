"""Garmin Connect Activities.csv: fixtures in tests/fixtures/garmin/.

activities_2026_km.csv   2026 header, CRLF, "®", quoted "1,337", "--", zero placeholders, a run,
                         a walk, a pool swim (metres), strength, a treadmill run with "--" and
                         a row dated "yesterday" (row 6).
activities_2021_cp1252.csv  2021 columns (Grit, Flow, Swolf, Elev Gain), Windows-1252 bytes.
activities_miles.csv     a beginner's runs and walks in miles (no stride column: the setting
                         decides).
Every language's fixture (where each came from: SOURCES.md) is in test_garmin_languages.py.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import BadFile, BoneloadError
from connectors.files import garmin_csv
from connectors.files.base import ImportOptions, ReadResult
from connectors.schema import content_id, stable_id, validate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "garmin"
SAMPLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "samples"
CPH = ImportOptions(timezone="Europe/Copenhagen", distance_unit="km")
CPH_MI = ImportOptions(timezone="Europe/Copenhagen", distance_unit="mi")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read(name: str, options: ImportOptions = CPH) -> ReadResult:
    return garmin_csv.READER.read(name, fixture(name), options)


def by_type(result: ReadResult, sport_type: str) -> dict:
    rows = result.frame.filter(result.frame["sport_type"] == sport_type).to_dicts()
    assert len(rows) == 1, sport_type
    return rows[0]


def test_2026_header_quirks_are_in_the_fixture() -> None:
    data = fixture("activities_2026_km.csv")
    assert b"\r\n" in data
    assert "Training Stress Score®".encode() in data
    assert b'"1,337"' in data and b'"--"' in data and b'"00:00:00"' in data


def test_2026_file_values() -> None:
    result = read("activities_2026_km.csv")
    assert result.format == "garmin_csv"
    assert validate(result.frame) == []
    assert result.frame.height == 5
    assert result.warnings == [
        "Distances read as kilometres: the file's stride lengths, cadence and times add up to "
        "kilometres (checked on 2 of its runs and walks)."
    ]
    run = by_type(result, "Running")
    assert run["sport"] == "run"
    assert run["name"] == 'Morning Run, "easy"'
    assert run["start_local"] == datetime(2026, 3, 1, 7, 12, 45)
    assert run["start_utc"] == datetime(2026, 3, 1, 6, 12, 45, tzinfo=UTC)
    assert run["timezone"] == "Europe/Copenhagen"
    assert run["elapsed_s"] == 2763.0  # Elapsed Time 00:46:03, not Time 00:45:10
    assert run["moving_s"] == 2690.0
    assert run["distance_m"] == pytest.approx(8020.0)
    assert run["steps"] == 7498
    assert run["avg_cadence_spm"] == 166.0
    assert (run["avg_hr"], run["max_hr"], run["calories"]) == (148.0, 171.0, 612.0)
    assert run["elevation_gain_m"] == 85.0
    walk = by_type(result, "Walking")
    assert (walk["sport"], walk["calories"], walk["steps"]) == ("walk", 1337.0, 6060)
    assert walk["elevation_gain_m"] is None  # "--"
    strength = by_type(result, "Strength Training")
    assert strength["elapsed_s"] == 2400.0  # Elapsed Time "00:00:00" is a placeholder: Time
    assert strength["moving_s"] is None  # "0:00"
    assert strength["distance_m"] is None  # "0.00"
    assert strength["avg_cadence_spm"] is None  # "0"
    treadmill = by_type(result, "Treadmill Running")
    assert treadmill["elapsed_s"] == 1800.0
    assert (treadmill["avg_hr"], treadmill["calories"], treadmill["sport"]) == (None, None, "run")


def test_swim_distance_is_metres_whatever_the_unit() -> None:
    for options in (CPH, CPH_MI):
        swim = by_type(read("activities_2026_km.csv", options), "Pool Swim")
        assert swim["sport"] == "swim"
        assert swim["distance_m"] == 1025.0


def test_bad_row_is_reported_with_its_number_and_the_rest_kept() -> None:
    result = read("activities_2026_km.csv")
    assert [p.row for p in result.problems] == [6]
    assert "yesterday" in result.problems[0].reason
    assert "Bad date" not in result.frame["name"].to_list()
    assert result.frame.height == 5


def test_miles_when_chosen() -> None:
    result = read("activities_miles.csv", CPH_MI)
    run = by_type(result, "Running")
    assert run["distance_m"] == pytest.approx(2.10 * 1609.344)
    assert run["elevation_gain_m"] == pytest.approx(164 * 0.3048)  # feet with statute units
    assert run["start_utc"] == datetime(2026, 4, 1, 5, 0, tzinfo=UTC)  # CEST, +2
    assert result.warnings == []


def test_km_file_with_a_miles_setting_is_read_in_km_and_says_so() -> None:
    result = read("activities_2026_km.csv", CPH_MI)
    assert by_type(result, "Running")["distance_m"] == pytest.approx(8020.0)  # the file's unit
    assert by_type(result, "Running")["elevation_gain_m"] == 85.0  # metres with km
    assert len(result.warnings) == 1
    assert "Distances read as kilometres" in result.warnings[0]
    assert "Your setting says miles, so the file's own unit was used" in result.warnings[0]
    assert "choose kilometres in Settings (or --distance-unit km)" in result.warnings[0]


def test_miles_file_read_as_km_warns_to_choose_miles() -> None:
    result = read("activities_miles.csv", CPH)
    assert len(result.warnings) == 2  # runs (3.5 km/h) and walks (2.0 km/h)
    for warning in result.warnings:
        assert (
            "distances look like miles; choose miles in Settings or --distance-unit mi" in warning
        )


def test_cp1252_2021_file_with_grit_and_flow() -> None:
    data = fixture("activities_2021_cp1252.csv")
    assert b"\xae" in data and b"\xe9" in data  # "®" and "é" as Windows-1252 bytes
    assert garmin_csv.sniff("Activities.csv", data)
    result = read("activities_2021_cp1252.csv")
    assert validate(result.frame) == []
    trail = by_type(result, "Trail Running")
    assert trail["name"] == "Café loop"
    assert (trail["sport"], trail["elevation_gain_m"], trail["avg_contact_ms"]) == (
        "run",
        250.0,
        244.0,
    )
    assert trail["elapsed_s"] == 3900.0  # no Elapsed Time column: Time
    swim = by_type(result, "Lap Swimming")
    assert (swim["sport"], swim["distance_m"]) == ("swim", 1500.0)


def test_utf8_bom_reads_the_same() -> None:
    data = fixture("activities_2026_km.csv")
    plain = garmin_csv.read("a.csv", data, CPH).frame
    with_bom = garmin_csv.read("a.csv", b"\xef\xbb\xbf" + data, CPH).frame
    assert garmin_csv.sniff("a.csv", b"\xef\xbb\xbf" + data)
    assert with_bom.equals(plain)


def test_columns_are_matched_by_name_not_position() -> None:
    rows = list(csv.reader(io.StringIO(fixture("activities_miles.csv").decode())))
    shuffled = io.StringIO()
    csv.writer(shuffled).writerows([list(reversed(r)) for r in rows])
    a = read("activities_miles.csv", CPH_MI).frame
    b = garmin_csv.read("x.csv", shuffled.getvalue().encode(), CPH_MI).frame
    assert b.equals(a)


def test_rereading_gives_identical_ids() -> None:
    first = read("activities_2026_km.csv").frame["activity_id"].to_list()
    second = read("activities_2026_km.csv").frame["activity_id"].to_list()
    assert first == second
    assert len(set(first)) == 5
    expected = stable_id("garmin_csv", content_id("2026-03-01T07:12:45", "Running", 2763))
    assert first[0] == expected
    assert expected.startswith("garmin_csv:")


HEAD = "Activity Type,Date,Title,Time,Avg HR\r\n"


def test_dst_gap_and_fold_are_deterministic() -> None:
    data = (
        HEAD
        + "Running,2026-03-29 02:30:00,gap,00:30:00,140\r\n"  # never happened in Copenhagen
        + "Running,2026-03-29 03:30:00,after,00:30:00,140\r\n"
        + "Running,2026-10-25 02:30:00,fold,00:30:00,140\r\n"  # happened twice
    ).encode()
    frame = garmin_csv.read("dst.csv", data, CPH).frame
    utc = dict(zip(frame["name"].to_list(), frame["start_utc"].to_list(), strict=True))
    assert utc["gap"] == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # offset before the jump
    assert utc["after"] == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert utc["fold"] == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # first occurrence
    assert frame["start_local"].to_list()[0] == datetime(2026, 3, 29, 2, 30)


def test_unreadable_optional_value_is_left_empty_with_a_warning() -> None:
    data = (HEAD + "Running,2026-03-01 07:00:00,a,00:30:00,abc\r\n").encode()
    result = garmin_csv.read("x.csv", data, CPH)
    assert result.frame["avg_hr"].to_list() == [None]
    assert result.problems == []
    assert result.warnings == [
        "'Avg HR': 1 value(s) could not be read or looked implausible (row 2); "
        "those values were left empty."
    ]


def test_row_with_too_many_values_and_a_repeated_row() -> None:
    data = (
        HEAD
        + "Running,2026-03-01 07:00:00,a,00:30:00,140\r\n"
        + "Running,2026-03-02 07:00:00,b,00:30:00,140,1,337\r\n"
        + "Running,2026-03-01 07:00:00,a,00:30:00,140\r\n"
        + "Running,2026-03-03 07:00:00,c,--,140\r\n"
    ).encode()
    result = garmin_csv.read("x.csv", data, CPH)
    assert result.frame["name"].to_list() == ["a"]
    problems = {p.row: p.reason for p in result.problems}
    assert sorted(problems) == [3, 4, 5]
    assert "7 values but the header has 5" in problems[3]
    assert "same activity as row 2" in problems[4]
    assert "duration is empty" in problems[5]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\r\n\r\n", "empty"),
        (HEAD.encode(), "no activities"),
        (b"\x00\x01\x02\x03binary\x00\xff" * 20, "binary"),
        (b"Activity ID,Activity Type,Activity Name\n1,Run,x\n", "needs an activity type"),
        (b"Activity Type,Date,Title\nRunning,2026-03-01 07:00:00,x\n", "'Time' or 'Elapsed"),
    ],
)
def test_bad_files(data: bytes, message: str) -> None:
    with pytest.raises(BadFile, match=message) as info:
        garmin_csv.read("Activities.csv", data, CPH)
    assert info.value.file == "Activities.csv"


def test_unknown_time_zone_is_a_bad_file() -> None:
    with pytest.raises(BadFile, match="unknown time zone 'Mars/Olympus'"):
        garmin_csv.read("x.csv", fixture("activities_miles.csv"), ImportOptions("Mars/Olympus"))


def test_sniff() -> None:
    assert garmin_csv.sniff("Activities.csv", fixture("activities_2026_km.csv")[:4096])
    assert garmin_csv.sniff("renamed.txt", fixture("activities_miles.csv"))
    strava = b"Activity ID,Activity Date,Activity Name,Activity Type,Date,Elapsed Time\n"
    assert not garmin_csv.sniff("activities.csv", strava)
    assert not garmin_csv.sniff("a.csv", b"When,What,Duration\n2026-03-01,Run,60\n")
    assert not garmin_csv.sniff("a.csv", b"Activity Type,Date,Favorite\n")  # no HR/Time/Title
    assert not garmin_csv.sniff("a.csv", b"")
    assert not garmin_csv.sniff("a.fit", b"\x0e\x10\x00\x00\x00\x00.FIT\x00\x00")


def test_strava_sample_header_is_not_sniffed() -> None:
    header = SAMPLES / "formats" / "HEADER_103cols_2026.txt"
    if not header.exists():
        pytest.skip("shared samples are absent")
    assert not garmin_csv.sniff("activities.csv", header.read_bytes())


def test_registry_detects_garmin() -> None:
    from connectors.registry import detect

    assert detect("Activities.csv", fixture("activities_2026_km.csv")).name == "garmin_csv"
    assert detect("Activities.csv", fixture("da_2026.csv")).name == "garmin_csv"


TOKENS = st.sampled_from(
    ["", "--", "0:00", "0.0", "00:00:00", "1,337", "5.02", "5,02", "yesterday", "Running",
     "Pool Swim", "2026-03-01 07:12:45", "0001-01-01 00:00:00", "9999-12-31 23:59:59",
     "2026-03-01T07:12:45+14:00", "inf", "1e999", "-5", "99:99:99", "00:38:13", '"', "\r\n"]
)  # fmt: skip


def check(data: bytes, options: ImportOptions) -> None:
    try:
        result = garmin_csv.read("junk.csv", data, options)
    except BoneloadError:
        return
    assert isinstance(result, ReadResult)
    assert validate(result.frame) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_junk_bytes_raise_only_boneload_errors(data: bytes) -> None:
    check(data, CPH)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(TOKENS, min_size=1, max_size=8), max_size=6), st.sampled_from(["km", "mi"])
)
def test_junk_rows_under_a_real_header(rows: list[list[str]], unit: str) -> None:
    header = "Activity Type,Date,Title,Distance,Time,Avg HR,Steps,Elapsed Time\r\n"
    body = "\r\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in rows)
    check((header + body).encode(), ImportOptions("America/New_York", unit))  # type: ignore[arg-type]
