"""Tests for the Strava "Download your data" importer (fixtures: see tests/fixtures/strava)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import BadFile, BoneloadError
from connectors.files.base import ImportOptions, ReadResult
from connectors.files.strava_export import READER, read_activities_csv, read_export_zip
from connectors.schema import validate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "strava"
SAMPLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "samples"
CHICAGO = ImportOptions(timezone="America/Chicago")
BERLIN = ImportOptions(timezone="Europe/Berlin")
SMALL_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,"
    "Moving Time,Distance,Average Heart Rate,Average Cadence,Perceived Exertion"
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def row(frame: pl.DataFrame, source_id: str) -> dict[str, object]:
    rows = frame.filter(pl.col("source_id") == source_id).to_dicts()
    assert len(rows) == 1, f"expected one row for {source_id}"
    return rows[0]


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "columns", "source_id", "sport", "distance_m", "elapsed_s", "gear"),
    [
        ("activities_2021_79.csv", 79, "5000000001", "run", 10200.0, 3000.0, "Brooks Ghost 13"),
        ("activities_2023_94.csv", 94, "8170000001", "run", 5010.5, 1812.0, "Nike Pegasus 39"),
        ("activities_2026_103.csv", 103, "15000000001", "run", 12340.7, 4000.5, "Hoka Speedgoat 6"),
    ],
)
def test_each_vintage_reads_distance_elapsed_gear_and_sport(
    name: str,
    columns: int,
    source_id: str,
    sport: str,
    distance_m: float,
    elapsed_s: float,
    gear: str,
) -> None:
    data = fixture(name)
    header = data.decode("utf-8").splitlines()[0]
    assert len(next(csv.reader([header]))) == columns
    assert READER.sniff(name, data[:4096]) is True
    result = READER.read(name, data, CHICAGO)
    assert result.format == "strava_export"
    assert validate(result.frame) == []
    got = row(result.frame, source_id)
    assert got["activity_id"] == f"strava:{source_id}"
    assert got["source"] == "strava_export"
    assert got["sport"] == sport
    assert got["distance_m"] == pytest.approx(distance_m)
    assert got["elapsed_s"] == pytest.approx(elapsed_s)
    assert got["gear"] == gear
    assert got["timezone"] == "America/Chicago"


@pytest.mark.parametrize(
    ("fixture_name", "sample_name"),
    [
        ("activities_2021_79.csv", "HEADER_79cols_2021.txt"),
        ("activities_2023_94.csv", "HEADER_94cols_2023.txt"),
        ("activities_2026_103.csv", "HEADER_103cols_2026.txt"),
    ],
)
def test_fixture_headers_are_the_real_header_rows(fixture_name: str, sample_name: str) -> None:
    sample = SAMPLES / "formats" / sample_name
    if not sample.exists():
        pytest.skip(f"shared samples absent ({sample})")
    header = fixture(fixture_name).decode("utf-8").splitlines()[0]
    assert header == sample.read_text(encoding="utf-8").strip()


def test_2021_html_headers_crlf_and_excel_values() -> None:
    data = fixture("activities_2021_79.csv")
    assert b"\r\n" in data and b"translation_missing" in data and b"FALSE" in data
    result = READER.read("activities.csv", data, ImportOptions(timezone="America/New_York"))
    run = row(result.frame, "5000000001")
    assert run["avg_cadence_spm"] == 176.0  # 88 strides/min per leg -> steps/min
    assert run["avg_hr"] == 152.0 and run["max_hr"] == 180.0
    assert run["start_local"] == datetime(2021, 3, 14, 19, 2, 3)  # EDT, UTC-4
    hike = row(result.frame, "5000000002")
    assert (hike["sport"], hike["distance_m"], hike["elevation_gain_m"]) == ("hike", 8500.5, 420.0)
    assert result.problems == []


def test_chicago_sunday_evening_run_lands_on_sunday() -> None:
    result = READER.read("activities.csv", fixture("activities_2023_94.csv"), CHICAGO)
    run = row(result.frame, "8170000001")
    assert run["start_utc"] == datetime(2022, 11, 21, 1, 30, tzinfo=UTC)
    assert run["start_utc"].weekday() == 0  # Monday in UTC, as the file says
    assert run["start_local"] == datetime(2022, 11, 20, 19, 30)
    assert run["start_local"].weekday() == 6  # Sunday where the athlete was
    assert run["timezone"] == "America/Chicago"


def test_2023_values_cadence_steps_rpe_and_swim_thousands_separator() -> None:
    frame = READER.read("activities.csv", fixture("activities_2023_94.csv"), CHICAGO).frame
    run = row(frame, "8170000001")
    assert run["name"] == "Evening Run 🌙, easy"
    assert (run["moving_s"], run["avg_cadence_spm"], run["steps"]) == (1790.0, 169.0, 5100)
    assert (run["rpe"], run["calories"], run["avg_hr"]) == (6.0, 402.0, 148.2)
    swim = row(frame, "8170000002")
    assert (swim["sport"], swim["distance_m"]) == ("swim", 1025.0)
    assert row(frame, "8170000003")["avg_cadence_spm"] == 112.0  # walk 56 -> 112
    assert row(frame, "8170000005")["avg_cadence_spm"] == 85.0  # rides are not doubled


def test_multiline_description_keeps_row_numbers_and_bad_row_is_reported() -> None:
    data = fixture("activities_2023_94.csv")
    assert data.count(b"\n") > 6  # the description spans several physical lines
    result = READER.read("activities.csv", data, CHICAGO)
    assert result.frame["source_id"].to_list() == [
        "8170000001",
        "8170000002",
        "8170000003",
        "8170000005",
    ]
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.file, problem.row) == ("activities.csv", 5)  # header 1, records 2..6
    assert "yesterday evening" in problem.reason


def test_2026_strength_and_display_distance_fallback() -> None:
    frame = READER.read("a.csv", fixture("activities_2026_103.csv"), CHICAGO).frame
    trail = row(frame, "15000000001")
    assert (trail["avg_cadence_spm"], trail["steps"], trail["rpe"]) == (172.0, 11500, 7.0)
    lift = row(frame, "15000000002")
    assert (lift["sport"], lift["sport_type"], lift["distance_m"]) == (
        "strength",
        "Weight Training",
        0.0,
    )
    assert row(frame, "15000000003")["distance_m"] == 5000.0  # "5.00" km, no metres column


def test_display_distance_in_miles_when_the_athlete_uses_miles() -> None:
    options = ImportOptions(timezone="America/Chicago", distance_unit="mi")
    frame = READER.read("a.csv", fixture("activities_2026_103.csv"), options).frame
    assert row(frame, "15000000003")["distance_m"] == pytest.approx(8046.72)


def test_german_export() -> None:
    data = fixture("activities_de.csv")
    assert READER.sniff("aktivitaeten.csv", data[:4096]) is True
    result = READER.read("aktivitaeten.csv", data, BERLIN)
    assert result.problems == [] and validate(result.frame) == []
    run = row(result.frame, "9100000001")
    assert run["start_utc"] == datetime(2026, 9, 20, 14, 12, 12, tzinfo=UTC)
    assert run["start_local"] == datetime(2026, 9, 20, 16, 12, 12)  # CEST
    assert (run["sport"], run["sport_type"], run["distance_m"]) == ("run", "Lauf", 10200.0)
    assert (run["elapsed_s"], run["moving_s"], run["elevation_gain_m"]) == (3672.0, 3600.0, 85.5)
    assert (run["avg_hr"], run["avg_cadence_spm"], run["calories"]) == (151.3, 172.0, 1234.0)
    assert (run["gear"], run["rpe"]) == ("Asics Novablast", 5.0)
    assert row(result.frame, "9100000002")["distance_m"] == 1025.0  # swim "1.025" m
    walk = row(result.frame, "9100000003")
    assert (walk["sport"], walk["distance_m"]) == ("walk", 3500.0)


def test_nested_export_zip() -> None:
    archive = make_zip(
        {
            "export_12345/profile.csv": b"Athlete ID\n1\n",
            "export_12345/activities.csv": fixture("activities_2023_94.csv"),
            "export_12345/activities/9012345678.fit.gz": b"\x1f\x8b not really",
        }
    )
    assert READER.sniff("export_12345.zip", archive[:4096]) is True
    result = READER.read("export_12345.zip", archive, CHICAGO)
    assert result.frame.height == 4
    assert result.problems[0].file == "export_12345.zip/export_12345/activities.csv"
    assert result.problems[0].row == 5


def test_top_level_export_zip() -> None:
    archive = make_zip({"activities.csv": fixture("activities_2026_103.csv")})
    result = read_export_zip("export.zip", archive, CHICAGO)
    assert result.frame["gear"].to_list()[0] == "Hoka Speedgoat 6"
    assert result.frame.height == 3


def bad_rows_csv() -> str:
    rows = [
        '1001,"Jun 1, 2024, 6:00:00 AM",Good one,Run,1800,5.00,1750,5000.0,140,86,5',
        '1002,"Jun 2, 2024, 6:00:00 AM",Negative,Run,-60,5.00,,5000.0,,,',
        ',"Jun 3, 2024, 6:00:00 AM",No id,Run,1800,5.00,,5000.0,,,',
        '1.00E+03,"Jun 4, 2024, 6:00:00 AM",Excel id,Run,1800,5.00,,5000.0,,,',
        '1005,"Jun 5, 1965, 6:00:00 AM",Too old,Run,1800,5.00,,5000.0,,,',
        '1006,"Jun 6, 2024, 6:00:00 AM",Text distance,Run,1800,five,,,,,',
        '1001,"Jun 7, 2024, 6:00:00 AM",Same id,Run,1800,5.00,,5000.0,,,',
        '1008,"Jun 8, 2024, 6:00:00 AM",Heart glitch,Walk,1800,2.00,,2000.0,400,55,12',
    ]
    return SMALL_HEADER + "\r\n" + "\r\n".join(rows) + "\r\n"


def test_bad_rows_become_problems_with_row_numbers_and_good_rows_stay() -> None:
    result = read_activities_csv("activities.csv", bad_rows_csv(), CHICAGO)
    assert result.frame["source_id"].to_list() == ["1001", "1008"]
    assert validate(result.frame) == []
    rows = {p.row: p.reason for p in result.problems}
    assert sorted(rows) == [3, 4, 5, 6, 7, 8]
    assert "Elapsed Time -60" in rows[3]
    assert "no Activity ID" in rows[4]
    assert "Excel" in rows[5]
    assert "before 1970" in rows[6]
    assert "'five'" in rows[7]
    assert "already appears in row 2" in rows[8]
    good = row(result.frame, "1001")
    assert (good["distance_m"], good["avg_hr"], good["avg_cadence_spm"]) == (5000.0, 140.0, 172.0)
    glitch = row(result.frame, "1008")
    assert (glitch["avg_hr"], glitch["rpe"], glitch["avg_cadence_spm"]) == (None, None, 110.0)
    assert any("row 9" in w and "avg_hr 400" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("activities.csv", b"", "empty"),
        ("activities.csv", b"\r\n\r\n", "empty"),
        ("activities.csv", (SMALL_HEADER + "\n").encode(), "no activities"),
        ("activities.csv", b"\x00\x01\x02\xff\xfe\x00\x10binary" * 50, "binary"),
        ("activities.csv", b"Date,Title,Distance\n2024-01-01,Run,5\n", "not a Strava"),
        ("export.zip", make_zip({"export/profile.csv": b"a\n1\n"}), "no activities.csv"),
        ("export.zip", b"PK\x03\x04 truncated nonsense", "zip"),
    ],
)
def test_files_that_are_not_strava_exports_raise_badfile(
    name: str, data: bytes, message: str
) -> None:
    with pytest.raises(BadFile) as caught:
        READER.read(name, data, CHICAGO)
    assert message in str(caught.value)
    assert name in str(caught.value)


def test_unknown_time_zone_is_a_badfile() -> None:
    with pytest.raises(BadFile, match="Mars/Olympus"):
        READER.read(
            "a.csv", fixture("activities_2023_94.csv"), ImportOptions(timezone="Mars/Olympus")
        )


def test_sniff_decides_by_content() -> None:
    assert READER.sniff("export.zip", make_zip({"activities.csv": b"x"})) is True
    assert READER.sniff("export.zip", make_zip({"export/shoes.csv": b"x"})) is False
    assert READER.sniff("activities.csv", b"Activity Type,Date,Title,Distance\n") is False
    assert READER.sniff("activities.csv", b"\x00\x01binary\x00") is False
    assert READER.sniff("renamed.txt", SMALL_HEADER.encode() + b"\n") is True
    semicolons = "Aktivitäts-ID;Datum der Aktivität;Name der Aktivität\n".encode()
    assert READER.sniff("x.csv", semicolons) is True


def test_semicolon_separated_resave_is_read() -> None:
    text = (
        "Aktivitäts-ID;Datum der Aktivität;Aktivitätsart;Verstrichene Zeit;Distanz\n"
        "77;20.09.2026, 14:12:12;Lauf;1800;5,25\n"
    )
    result = read_activities_csv("a.csv", text, BERLIN)
    assert result.frame.select("distance_m", "elapsed_s").row(0) == (5250.0, 1800.0)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_junk_bytes_only_raise_boneload_errors(data: bytes) -> None:
    try:
        result = READER.read("junk.csv", data, CHICAGO)
    except BoneloadError:
        return
    assert isinstance(result, ReadResult)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_junk_rows_under_a_real_header_only_raise_boneload_errors(body: str) -> None:
    try:
        result = READER.read("junk.csv", (SMALL_HEADER + "\n" + body).encode(), CHICAGO)
    except BoneloadError:
        return
    assert validate(result.frame) == []


CELL = st.one_of(
    st.sampled_from(
        ["", "0", "-0", "1e999", "-5", "1e300", "nan", "inf", "12:00", "1,025", "10,20", "1.025"]
    ),
    st.sampled_from(
        ["Nov 30, 2022, 12:29:11 AM", "Dec 31, 9999, 11:59:59 PM", "01.01.0001, 00:00"]
    ),
    st.sampled_from(["Jan 1, 1970, 12:00:00 AM", "Feb 30, 2022, 1:00:00 PM", "Run", "Swim", "123"]),
    st.text(max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(CELL, min_size=0, max_size=12), min_size=1, max_size=6))
def test_hostile_cells_become_problems_or_valid_rows(rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out).writerows([SMALL_HEADER.split(","), *rows])
    try:
        result = READER.read("junk.csv", out.getvalue().encode(), CHICAGO)
    except BoneloadError:
        return
    assert validate(result.frame) == []
    assert all(p.row is not None and 2 <= p.row <= len(rows) + 1 for p in result.problems)


def test_excel_unicode_text_resave_utf16_tabs() -> None:
    text = (
        "Activity ID\tActivity Date\tActivity Type\tElapsed Time\tDistance\r\n"
        '4242\t"Nov 30, 2022, 12:29:11 AM"\tRun\t2400\t6.5\r\n'
    )
    data = text.encode("utf-16")  # with a BOM, as Excel writes it
    assert READER.sniff("activities.txt", data[:4096]) is True
    frame = READER.read("activities.txt", data, CHICAGO).frame
    assert frame.select("distance_m", "start_local").row(0) == (
        6500.0,
        datetime(2022, 11, 29, 18, 29, 11),
    )
