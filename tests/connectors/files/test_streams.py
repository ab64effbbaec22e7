"""What watch files recorded over time (connectors.streams): real FIT/TCX/GPX samples read into
samples and laps, checked against their decoded records; size bounds; hostile values."""

from __future__ import annotations

import csv
import math
import zlib
from pathlib import Path

import pytest

from connectors import streams
from connectors.files import fit, gpx, tcx
from connectors.files.base import ImportOptions, ReadResult

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / ".." / "shared" / "samples"
FIXTURES = ROOT / "tests" / "fixtures" / "watch"
OPTIONS = ImportOptions(timezone="Europe/Oslo")


def read(folder: Path, name: str) -> ReadResult:
    path = folder / name
    if not path.exists():
        pytest.skip(f"sample {path} is absent")
    reader = {".fit": fit, ".tcx": tcx, ".gpx": gpx}[path.suffix]
    return reader.READER.read(name, path.read_bytes(), OPTIONS)


def only(result: ReadResult) -> streams.Streams:
    assert len(result.streams) == 1
    found = result.streams[0]
    row = result.frame.row(0, named=True)
    assert (found.source, found.source_id) == (row["source"], row["source_id"])
    return found


def test_fenix5_run_samples_are_its_records_in_5_second_buckets() -> None:
    found = only(read(SAMPLES / "fit", "fitdecode_garmin-fenix-5-run.fit"))
    with (SAMPLES / "fit" / "fitdecode_garmin-fenix-5-run-records.csv").open() as handle:
        records = list(csv.DictReader(handle))
    first = records[:4]  # 07:34:09, :10, :11, :13: the bucket 0-4 s
    row = found.samples.row(0, named=True)
    assert row["t_s"] == 0
    assert row["hr_bpm"] == pytest.approx(sum(int(r["heart_rate"]) for r in first) / 4)
    semicircle = 180 / 2**31
    lat = sum(int(r["position_lat"]) for r in first) / 4 * semicircle
    assert row["lat"] == pytest.approx(lat)
    assert 38.2 < row["lat"] < 38.3 and -122.7 < row["lon"] < -122.6  # Petaluma, California
    assert 2 * 78 <= row["cadence_spm"] < 2 * 79  # 78 + fraction; zeros: not stepping yet
    last = found.samples.row(-1, named=True)
    assert last["distance_m"] == pytest.approx(float(records[-1]["distance"]))
    assert (found.samples["t_s"] // streams.MIN_STEP_S).is_unique().all()  # one per 5 s
    assert found.laps.row(0, named=True)["lap"] == 1
    assert found.laps["duration_s"][0] > 0


def test_a_long_fit_is_bounded_and_keeps_laps_and_route() -> None:
    result = read(SAMPLES / "fit", "fitdecode_sample-activity.fit")
    found = only(result)
    assert found.samples.height <= streams.MAX_POINTS
    elapsed = result.frame["elapsed_s"][0]
    assert found.samples["t_s"].max() <= elapsed + 1
    assert found.samples["distance_m"].max() == pytest.approx(result.frame["distance_m"][0])
    assert found.laps.height == 4
    assert found.laps["distance_m"].sum() == pytest.approx(result.frame["distance_m"][0], rel=0.01)
    assert found.samples["lat"].drop_nulls().len() > 800


def test_tcx_trackpoints_and_laps() -> None:
    result = read(SAMPLES / "tcx", "tcxreader_cross-country-skiing_activity_1.tcx")
    found = only(result)
    assert found.laps.height == 2
    assert found.laps["duration_s"].sum() == pytest.approx(result.frame["moving_s"][0])
    assert found.samples["hr_bpm"].drop_nulls().len() == found.samples.height
    assert found.samples["cadence_spm"].null_count() == found.samples.height  # skiing: no spm
    assert found.samples["altitude_m"].max() > 2000  # a ski run in the Alps


def test_gpx_speed_and_distance_come_from_positions_within_segments() -> None:
    result = read(SAMPLES / "gpx", "gpxpy_cerknicko-jezero.gpx")  # 8 tracks, one walk
    found = only(result)
    assert found.samples["distance_m"].max() == pytest.approx(result.frame["distance_m"][0])
    assert found.laps.is_empty()
    speeds = found.samples["speed_m_s"].drop_nulls()
    assert 0 < speeds.median() < 3  # a walk


def test_gpx_heart_rate_and_cadence_from_extensions() -> None:
    found = only(read(FIXTURES, "strava_run.gpx"))
    assert found.samples["hr_bpm"].drop_nulls().len() > 0
    assert found.samples["cadence_spm"].drop_nulls().min() > 100  # strides x 2


def test_a_multisport_fit_gives_each_session_its_own_samples() -> None:
    result = read(FIXTURES, "walk_and_ride.fit")
    assert [s.source_id for s in result.streams] == result.frame["source_id"].to_list()
    assert all(s.laps.is_empty() for s in result.streams)  # laps of one session unknown


def test_build_drops_impossible_values_and_no_fix() -> None:
    raw = [
        {"t_s": 0.0, "hr_bpm": 400.0, "lat": 0.0, "lon": 0.0, "speed_m_s": math.inf},
        {"t_s": 10.0, "hr_bpm": 150.0, "cadence_spm": -3.0, "altitude_m": 1e9},
        {"t_s": -5.0, "hr_bpm": 150.0},
        {"t_s": math.nan, "hr_bpm": 150.0},
        {"t_s": 20.0, "hr_bpm": True},
    ]
    found = streams.build("fit", "x", raw, [{"start_s": 0, "duration_s": 0}])
    assert found.samples.to_dicts() == [
        {**dict.fromkeys(streams.SAMPLE_SCHEMA), "t_s": 10.0, "hr_bpm": 150.0}
    ]
    assert found.laps.is_empty()


def test_downsampling_caps_points_at_any_length() -> None:
    raw = [{"t_s": float(t), "hr_bpm": 120.0 + t % 7} for t in range(0, 6 * 86_400, 1)]
    found = streams.build("fit", "x", raw)
    assert found.samples.height <= streams.MAX_POINTS
    step = found.samples["t_s"].diff().drop_nulls()
    assert step.min() >= 6 * 86_400 / streams.MAX_POINTS
    assert found.samples["hr_bpm"].mean() == pytest.approx(123.0, abs=0.1)


def test_encoding_round_trips_to_sensor_resolution_and_refuses_junk() -> None:
    found = only(read(SAMPLES / "fit", "fitdecode_activity-small-fenix2-run.fit"))
    blob = streams.encode(found.samples)
    back = streams.decode(blob, streams.SAMPLE_SCHEMA)
    assert back.shape == found.samples.shape
    diff = (back["lat"] - found.samples["lat"]).abs().max()
    assert diff is not None and diff <= 1e-6
    assert len(blob) < 40_000
    laps = streams.decode(streams.encode(found.laps), streams.LAP_SCHEMA)
    assert laps["lap"].to_list() == found.laps["lap"].to_list()
    bomb = zlib.compress(b"[" * (20 * 1024**2))
    for junk in (None, b"", b"not zlib", bomb, zlib.compress(b'{"t_s":"x"}')):
        assert streams.decode(junk, streams.SAMPLE_SCHEMA).is_empty()


def test_relative_times_come_from_the_activity_start() -> None:
    found = only(read(FIXTURES, "run_two_laps.tcx"))
    assert found.samples["t_s"].min() >= 0
    assert found.laps["start_s"].to_list()[0] == 0
    assert found.laps["start_s"].is_sorted()
