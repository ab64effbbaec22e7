"""Extreme values in otherwise well-formed files, through every registered reader.

Years 1 and 9999 (with offsets that push them past what a datetime holds), NaN, infinities,
NUL bytes, empty and truncated files: every reader in registry.ALL_READERS is called on every
file directly (not only the one detection would pick), and only a ReadResult or a
BoneloadError may come out. Named cases check the message says which file and which element.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors import registry
from connectors.errors import BoneloadError
from connectors.files.base import ImportOptions, ReadResult
from connectors.importing import read_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures" / "watch"))

from make_fit import FitWriter

NOW = datetime(2025, 6, 1, 12, 0)
OPTIONS = ImportOptions(timezone="Pacific/Kiritimati")  # UTC+14: the furthest local shift
GENERIC = ImportOptions(
    timezone="Etc/GMT+12",
    column_map={"start_local": "When", "sport_type": "What", "elapsed_s": "Secs", "name": "Name"},
)
TIMES = [
    "9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00Z", "0001-01-01", "9999-12-31", "2024-02-30T07:00:00Z", "",
    "2024-03-01T07:00:00Z",
]  # fmt: skip
NUMBERS = ["NaN", "nan", "inf", "-inf", "1e309", "-1e309", "1e300", "-0", "0", "\x00", "", "12"]
TEXTS = ["", "\x00", "a\x00b", "é" * 300, "=HYPERLINK(1)", "![x](https://tracker/p.png)"]
EPOCH_MS = [253402300799000, -62135596800000, 1e300, float("nan"), float("inf"), 1740812400000]
FIT_TIMES = [0, 1, 0x0FFFFFFF, 0x10000000, 0x7FFFFFFF, 0xFFFFFFFE, 0xFFFFFFFF]


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def strava_csv(when: str, number: str, name: str) -> bytes:
    head = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance\n"
    return (head + f"1,{_csv_cell(when)},{_csv_cell(name)},Run,{number},{number}\n").encode()


def garmin_csv(when: str, number: str, name: str) -> bytes:
    head = "Activity Type,Date,Title,Distance,Time,Avg HR\n"
    row = f"Running,{_csv_cell(when)},{_csv_cell(name)},{number},{number},{number}\n"
    return (head + row).encode()


def generic_csv(when: str, number: str, name: str) -> bytes:
    return (f"When,What,Secs,Name\n{_csv_cell(when)},run,{number},{_csv_cell(name)}\n").encode()


def gpx(when: str, number: str, name: str) -> bytes:
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="x" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><name>'
        f"{name.replace(chr(0), '')}</name><trkseg>"
        f'<trkpt lat="1" lon="2"><ele>{number}</ele><time>{when}</time></trkpt>'
        f'<trkpt lat="1" lon="2.01"><ele>{number}</ele><time>2024-03-01T07:30:00Z</time></trkpt>'
        "</trkseg></trk></gpx>"
    ).encode()


def tcx(when: str, number: str, name: str) -> bytes:
    del name
    return (
        '<?xml version="1.0"?><TrainingCenterDatabase><Activities><Activity Sport="Running">'
        f'<Id>{when}</Id><Lap StartTime="{when}"><TotalTimeSeconds>{number}</TotalTimeSeconds>'
        f"<DistanceMeters>{number}</DistanceMeters><Track><Trackpoint><Time>{when}</Time>"
        "</Trackpoint></Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


def apple_xml(when: str, number: str, name: str) -> bytes:
    del name
    return (
        '<?xml version="1.0" encoding="UTF-8"?><HealthData locale="en_GB">'
        '<Workout workoutActivityType="HKWorkoutActivityTypeRunning" '
        f'duration="{number}" durationUnit="min" startDate="{when}" endDate="{when}"/>'
        "</HealthData>"
    ).encode()


def fitbit_json(when: str, number: str, name: str) -> bytes:
    log = {"logId": 1, "activityName": name, "startTime": when, "duration": number}
    return json.dumps([log]).encode()


def garmin_json(ms: float, name: str) -> bytes:
    summary = {"activityId": 7, "activityType": "running", "beginTimestamp": ms,
               "startTimeLocal": ms, "duration": 1800000, "name": name}  # fmt: skip
    return json.dumps([{"summarizedActivitiesExport": [summary]}]).encode()


def fit(start: int, created: int, elapsed: float) -> bytes:
    data = FitWriter().message(
        "file_id", type="activity", manufacturer=1, serial_number=5, time_created=created
    )
    data.message("session", timestamp=start, start_time=start, sport="running",
                 sub_sport="generic", total_elapsed_time=elapsed)  # fmt: skip
    data.message("record", timestamp=start, heart_rate=100, distance=1.0)
    return data.bytes()


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


TEXT_BUILDERS: dict[str, Callable[[str, str, str], bytes]] = {
    "activities.csv": strava_csv, "Activities.csv": garmin_csv, "log.csv": generic_csv,
    "run.gpx": gpx, "run.tcx": tcx, "export.xml": apple_xml, "exercise-0.json": fitbit_json,
}  # fmt: skip


def through_every_reader(filename: str, data: bytes) -> None:
    """Each registered reader on the bytes, and detection; only results or BoneloadErrors."""
    for reader in registry.ALL_READERS.values():
        options = GENERIC if reader.name == "generic_csv" else OPTIONS
        with contextlib.suppress(BoneloadError):
            assert isinstance(reader.read(filename, data, options), ReadResult)
    for options in (OPTIONS, GENERIC):
        with contextlib.suppress(BoneloadError):
            assert isinstance(read_file(filename, data, options, NOW), ReadResult)


def variants(data: bytes, cut: int) -> list[bytes]:
    """The file, truncated, gzipped, in a batch zip and as a Strava export member."""
    return [data, data[: cut % (len(data) + 1)], gzip.compress(data), zipped({"a/x": data}),
            zipped({"activities.csv": strava_csv("2024-03-01T07:00:00Z", "60", "x"),
                    "activities/1.fit": data})]  # fmt: skip


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    builder=st.sampled_from(sorted(TEXT_BUILDERS)),
    when=st.sampled_from(TIMES) | st.text(max_size=30),
    number=st.sampled_from(NUMBERS) | st.floats().map(repr),
    name=st.sampled_from(TEXTS) | st.text(max_size=50),
    cut=st.integers(min_value=0, max_value=10_000),
)
def test_text_formats_with_extreme_values(
    builder: str, when: str, number: str, name: str, cut: int
) -> None:
    try:
        data = TEXT_BUILDERS[builder](when, number, name)
    except UnicodeEncodeError:  # lone surrogates cannot be written as UTF-8
        return
    for variant in variants(data, cut):
        through_every_reader(builder, variant)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ms=st.sampled_from(EPOCH_MS) | st.floats() | st.integers(-(2**70), 2**70),
    name=st.sampled_from(TEXTS),
)
def test_garmin_json_with_extreme_timestamps(ms: float, name: str) -> None:
    through_every_reader("summarizedActivities.json", garmin_json(ms, name))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.sampled_from(FIT_TIMES),
    created=st.sampled_from(FIT_TIMES),
    elapsed=st.sampled_from([0, 1, 1800, 4_000_000]),
    cut=st.integers(min_value=0, max_value=400),
)
def test_fit_with_extreme_timestamps(start: int, created: int, elapsed: float, cut: int) -> None:
    for variant in variants(fit(start, created, elapsed), cut):
        through_every_reader("run.fit", variant)


@pytest.mark.parametrize("data", [b"", b"\x00", b"\x00" * 70_000, b"\xff\xfe", b"PK\x03\x04"])
def test_empty_and_nul_files(data: bytes) -> None:
    through_every_reader("x", data)


def test_ten_megabyte_strings_cost_the_row_or_the_file() -> None:
    big = "x" * (10 * 1024 * 1024)
    for name, build in TEXT_BUILDERS.items():
        through_every_reader(name, build("2024-03-01T07:00:00Z", "60", big))


# ---- named cases: each message says which file and which element -----------------------------
def _message(filename: str, data: bytes) -> str:
    try:
        result = read_file(filename, data, OPTIONS, NOW)
    except BoneloadError as exc:
        return str(exc)
    return " | ".join(str(p) for p in result.problems)


def test_tcx_id_in_year_9999_names_the_activity() -> None:
    message = _message("run.tcx", tcx("9999-12-31T23:59:59-12:00", "100", ""))
    assert message.startswith("run.tcx: activity 1 skipped: it has no usable start time")
    assert "9999-12-31T23:59:59-12:00" in message


def test_gpx_point_in_year_one_is_counted_not_crashed() -> None:
    message = _message("run.gpx", gpx("0001-01-01T00:00:00+05:00", "10", "x"))
    assert message.startswith("run.gpx: ")
    assert "times before 1990 or after 2099: 1" in message


def test_garmin_json_begin_timestamp_in_9999_costs_that_activity() -> None:
    message = _message("summaries.json", garmin_json(253402300799000, "x"))
    assert message == "summaries.json: activity 1: beginTimestamp 2.53402e+14 is after 2099, " \
        "not a real time"  # fmt: skip


@pytest.mark.parametrize("start", [0xFFFFFFFE, 0x0FFFFFFF])
def test_fit_session_at_the_extremes_names_the_session(start: int) -> None:
    message = _message("run.fit", fit(start, start, 1800))
    assert message.startswith("run.fit: session 1 has no usable start time or duration")


def test_bad_member_of_a_batch_costs_only_that_member() -> None:
    good = gpx("2024-03-01T07:00:00Z", "10", "good")
    data = zipped({"bad.tcx": tcx("9999-12-31T23:59:59-12:00", "100", ""), "good.gpx": good,
                   "bad.json": garmin_json(253402300799000, "x")})  # fmt: skip
    result = read_file("batch.zip", data, OPTIONS, NOW)
    assert result.frame.height == 1
    reasons = " | ".join(str(p) for p in result.problems)
    assert "batch.zip/bad.tcx: activity 1 skipped" in reasons
    assert "batch.zip/bad.json: activity 1: beginTimestamp" in reasons


def test_bad_member_of_a_strava_export_costs_only_that_rows_extras() -> None:
    rows = strava_csv("2024-03-01T07:00:00Z", "9", "run").decode()
    rows = rows.replace("Distance\n", "Distance,Filename\n").replace(",9\n", ",9,a/1.tcx\n")
    data = zipped({"activities.csv": rows.encode(),
                   "a/1.tcx": tcx("9999-12-31T23:59:59-12:00", "100", "")})  # fmt: skip
    result = read_file("export.zip", data, OPTIONS, NOW)
    assert result.frame.height == 1
    assert any("export.zip/a/1.tcx" in w for w in result.warnings), result.warnings


def test_any_reader_failure_leaves_as_bad_file_naming_the_file() -> None:
    from connectors.errors import BadFile
    from connectors.files.base import FileReader

    def broken(filename: str, data: bytes, options: ImportOptions) -> ReadResult:
        raise KeyError("deep in a library")

    def choking(filename: str, head: bytes) -> bool:
        raise IndexError(filename)

    reader = FileReader(name="x", label="Test format", sniff=choking, read=broken)
    assert reader.sniff("a.x", b"") is False
    with pytest.raises(BadFile) as caught:
        reader.read("a.x", b"", OPTIONS)
    assert str(caught.value) == (
        "a.x: the Test format reader could not read it (KeyError: 'deep in a library'); "
        "nothing from it was imported"
    )
