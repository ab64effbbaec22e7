"""FIT reader: real Garmin samples checked against their decoded records, fixtures, damage."""

from __future__ import annotations

import csv
import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import BadFile, BoneloadError
from connectors.files import fit
from connectors.files.base import ImportOptions, ReadResult
from connectors.schema import validate

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / ".." / "shared" / "samples" / "fit"
FIXTURES = ROOT / "tests" / "fixtures" / "watch"
LA = ImportOptions(timezone="America/Los_Angeles")
PDT = timedelta(hours=7)


def sample(name: str) -> bytes:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample {path} is absent")
    return path.read_bytes()


def read_rows(name: str, data: bytes, options: ImportOptions = LA) -> list[dict]:
    result = fit.READER.read(name, data, options)
    assert validate(result.frame) == []
    return result.frame.to_dicts()


def expected_records(name: str) -> list[dict]:
    """The -records.csv beside a fenix 5 sample: times in PDT as "Sun Jun 11 07:34:09 PDT 2017"."""
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample {path} is absent")
    rows = []
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            local = datetime.strptime(row["timestamp"].replace(" PDT", ""), "%a %b %d %H:%M:%S %Y")
            rows.append({**row, "utc": (local + PDT).replace(tzinfo=UTC), "local": local})
    return rows


@pytest.mark.parametrize("kind", ["run", "walk"])
def test_fenix5_records_match_the_csv(kind: str) -> None:
    data = sample(f"fitdecode_garmin-fenix-5-{kind}.fit")
    expected = expected_records(f"fitdecode_garmin-fenix-5-{kind}-records.csv")
    records = fit.decode("f.fit", data).records
    assert len(records) == len(expected)
    for got, want in zip(records, expected, strict=True):
        assert got["timestamp"] == want["utc"]
        assert got["heart_rate"] == int(want["heart_rate"])
        assert got["cadence"] == int(want["cadence"])
        assert got["distance"] == pytest.approx(float(want["distance"]))
        assert got["enhanced_speed"] == pytest.approx(float(want["speed"]))
        assert got["enhanced_altitude"] == pytest.approx(float(want["altitude"]))


def test_fenix5_run_summary_agrees_with_its_records() -> None:
    [row] = read_rows("run.fit", sample("fitdecode_garmin-fenix-5-run.fit"))
    records = expected_records("fitdecode_garmin-fenix-5-run-records.csv")
    assert (row["sport"], row["sport_type"]) == ("run", "running")
    assert row["start_utc"] == records[0]["utc"]
    # The CSV's wall clock is PDT: the same as start_local in America/Los_Angeles.
    assert row["start_local"] == records[0]["local"]
    span = (records[-1]["utc"] - records[0]["utc"]).total_seconds()
    assert row["elapsed_s"] == pytest.approx(56.887)
    assert abs(row["elapsed_s"] - span) < 1
    assert row["distance_m"] == pytest.approx(float(records[-1]["distance"]))
    assert row["max_hr"] == max(int(r["heart_rate"]) for r in records) == 112
    assert row["avg_hr"] == 90
    # Session cadence 83 strides/min + 0.671875 fraction, doubled to steps/min.
    assert row["avg_cadence_spm"] == pytest.approx(2 * (83 + 0.671875))
    strides = [int(r["cadence"]) for r in records if int(r["cadence"])]
    assert row["avg_cadence_spm"] == pytest.approx(2 * sum(strides) / len(strides), rel=0.05)
    assert row["steps"] == 156  # total_strides 78 x 2
    assert row["steps"] == pytest.approx(row["avg_cadence_spm"] * row["moving_s"] / 60, rel=0.02)
    assert row["avg_contact_ms"] == pytest.approx(270.3)
    assert row["calories"] == 5
    assert row["source_id"] == "3945849289-1497191649"
    assert row["activity_id"] == "fit:3945849289-1497191649"


def test_fenix5_walk_summary() -> None:
    [row] = read_rows("walk.fit", sample("fitdecode_garmin-fenix-5-walk.fit"))
    records = expected_records("fitdecode_garmin-fenix-5-walk-records.csv")
    assert (row["sport"], row["sport_type"]) == ("walk", "walking")
    assert row["start_local"] == records[0]["local"]
    assert row["distance_m"] == pytest.approx(float(records[-1]["distance"])) == 67.85
    assert row["avg_cadence_spm"] == pytest.approx(2 * (61 + 0.2265625))
    strides = [int(r["cadence"]) for r in records if int(r["cadence"])]
    assert row["avg_cadence_spm"] == pytest.approx(2 * sum(strides) / len(strides), rel=0.05)
    assert row["steps"] == 82
    assert (row["avg_hr"], row["max_hr"]) == (75, 82)


def test_fenix2_run_without_session_hr_uses_records() -> None:
    data = sample("fitdecode_activity-small-fenix2-run.fit")
    [row] = read_rows("fenix2.fit", data)
    hr = [r["heart_rate"] for r in fit.decode("f", data).records if r.get("heart_rate")]
    assert row["avg_hr"] == pytest.approx(sum(hr) / len(hr))
    assert row["max_hr"] == max(hr) == 178
    assert row["avg_cadence_spm"] == 162  # avg_running_cadence 81 strides/min
    assert row["avg_contact_ms"] == 252
    assert (row["distance_m"], row["elapsed_s"], row["calories"]) == (9008.22, 2832.0, 516)
    assert row["steps"] is None  # the watch did not count strides


def test_fr110_run_and_edge500_ride() -> None:
    [run] = read_rows("fr110.fit", sample("fitdecode_2013-02-06-12-11-14.fit"))
    assert run["start_utc"] == datetime(2013, 2, 6, 12, 11, 14, tzinfo=UTC)
    assert (run["distance_m"], run["elapsed_s"], run["elevation_gain_m"]) == (4835.38, 2625.14, 168)
    assert (run["avg_hr"], run["max_hr"], run["calories"]) == (147, 171, 336)
    assert run["avg_cadence_spm"] is None and run["avg_contact_ms"] is None
    [ride] = read_rows("edge.fit", sample("fitdecode_sample-activity.fit"))
    assert (ride["sport"], ride["sport_type"]) == ("ride", "cycling")
    assert (ride["elapsed_s"], ride["moving_s"]) == (11741.57, 10699.36)
    assert ride["avg_cadence_spm"] is None and ride["steps"] is None  # pedal rpm is not steps


def test_run_without_session_is_derived_from_records() -> None:
    [row] = read_rows("r.fit", (FIXTURES / "run_no_session.fit").read_bytes())
    assert row["start_utc"] == datetime(2024, 3, 2, 7, 30, tzinfo=UTC)
    assert row["start_local"] == datetime(2024, 3, 1, 23, 30)
    assert (row["elapsed_s"], row["distance_m"]) == (240, 700)
    assert (row["avg_hr"], row["max_hr"]) == (140, 160)
    assert row["avg_cadence_spm"] == pytest.approx(2 * (80.5 + 82 + 84.5 + 86) / 4)
    assert row["avg_contact_ms"] == 245
    assert row["elevation_gain_m"] == pytest.approx(4.0)
    assert row["moving_s"] is None and row["steps"] is None
    assert row["source_id"] == row["activity_id"].removeprefix("fit:")
    assert len(row["source_id"]) == 16  # content_id: no serial number in file_id


def test_two_sessions_make_two_rows_with_their_own_records() -> None:
    walk, ride = read_rows("wr.fit", (FIXTURES / "walk_and_ride.fit").read_bytes())
    assert walk["activity_id"] == "fit:123456789-1709364600-0"
    assert (walk["sport"], walk["elapsed_s"], walk["moving_s"]) == ("walk", 900, 880)
    assert (walk["avg_cadence_spm"], walk["steps"]) == (111, 1600)
    assert (walk["avg_hr"], walk["max_hr"]) == (104, 110)
    assert ride["activity_id"] == "fit:123456789-1709364600-1"
    assert (ride["sport"], ride["distance_m"], ride["avg_hr"], ride["max_hr"]) == (
        "ride", 12000, 155, 160,
    )  # fmt: skip
    assert ride["avg_cadence_spm"] is None and ride["steps"] is None


def test_zero_crc_is_accepted() -> None:
    [row] = read_rows("z.fit", (FIXTURES / "zero_crc.fit").read_bytes())
    assert (row["sport"], row["distance_m"], row["avg_cadence_spm"]) == ("run", 5000, 170)


def test_undefined_local_message_is_a_bad_file() -> None:
    with pytest.raises(BadFile, match="local message 11 not defined") as caught:
        fit.READER.read("app.fit", (FIXTURES / "undefined_local_message.fit").read_bytes(), LA)
    assert caught.value.file == "app.fit"


def test_course_is_refused() -> None:
    with pytest.raises(BadFile, match="'course' file, not a recorded activity"):
        fit.READER.read("c.fit", (FIXTURES / "course.fit").read_bytes(), LA)


def test_truncated_and_empty_files() -> None:
    data = sample("fitdecode_garmin-fenix-5-walk.fit")
    with pytest.raises(BadFile, match="cut short"):
        fit.READER.read("t.fit", data[: len(data) // 2], LA)
    with pytest.raises(BadFile, match="empty"):
        fit.READER.read("e.fit", b"", LA)
    with pytest.raises(BadFile, match="not a readable FIT file"):
        fit.READER.read("x.fit", b"hello, this is not FIT at all", LA)


def test_flipped_bit_is_refused_as_damaged() -> None:
    data = bytearray(sample("fitdecode_garmin-fenix-5-walk.fit"))
    data[-3] ^= 0x01  # last byte of the last message, before the CRC
    with pytest.raises(BadFile, match="checksum does not match"):
        fit.READER.read("flip.fit", bytes(data), LA)


def test_every_sampled_bit_flip_is_refused() -> None:
    """The decision: damaged files are refused, never half-read (the CRC covers every byte)."""
    data = sample("fitdecode_garmin-fenix-5-walk.fit")
    for position in range(0, len(data), 13):
        flipped = bytearray(data)
        flipped[position] ^= 1 << (position % 8)
        with pytest.raises(BadFile):
            fit.READER.read("flip.fit", bytes(flipped), LA)


def test_gzip_is_read_transparently() -> None:
    data = sample("fitdecode_garmin-fenix-5-run.fit")
    packed = gzip.compress(data)
    assert fit.READER.sniff("1234.fit.gz", packed[:65536])
    plain = fit.READER.read("a.fit", data, LA).frame
    assert fit.READER.read("a.fit.gz", packed, LA).frame.equals(plain)


def test_sniff_by_content() -> None:
    data = sample("fitdecode_sample-activity.fit")
    assert fit.READER.sniff("anything.bin", data[:65536])
    assert not fit.READER.sniff("run.fit", b"<gpx></gpx>")
    assert not fit.READER.sniff("run.fit", b"")


def test_unknown_timezone_and_utc_warning() -> None:
    data = (FIXTURES / "zero_crc.fit").read_bytes()
    with pytest.raises(BadFile, match="time zone 'Mars/Olympus'"):
        fit.READER.read("z.fit", data, ImportOptions(timezone="Mars/Olympus"))
    result = fit.READER.read("z.fit", data, ImportOptions())
    assert any("No time zone was set" in w for w in result.warnings)


FIT_HEADER = bytes([14, 0x20, 0x54, 0x08, 0x40, 0, 0, 0]) + b".FIT" + b"\x00\x00"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"", FIT_HEADER, FIT_HEADER[:12] + b"\x00\x00\x40\x00\x00\x14\x00"]),
    junk=st.binary(max_size=600),
    packed=st.booleans(),
)
def test_junk_gives_bone_load_errors_only(prefix: bytes, junk: bytes, packed: bool) -> None:
    data = prefix + junk
    if packed:
        data = gzip.compress(data)
    try:
        result = fit.READER.read("junk.fit", data, LA)
    except BoneloadError:
        return
    assert isinstance(result, ReadResult)
