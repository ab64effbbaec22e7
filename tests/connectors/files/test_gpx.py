"""GPX reader: gpxpy's samples checked against an independent haversine, fixtures, quirks."""

from __future__ import annotations

import gzip
import itertools
import math
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import BadFile, BoneloadError, UnsafeFile
from connectors.files import gpx
from connectors.files.base import ImportOptions, ReadResult
from connectors.schema import validate

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / ".." / "shared" / "samples" / "gpx"
FIXTURES = ROOT / "tests" / "fixtures" / "watch"
NY = ImportOptions(timezone="America/New_York")
_TRKSEG = re.compile(r"<trkseg>(.*?)</trkseg>", re.S)
_POINT = re.compile(r'<trkpt lat="([-\d.]+)" lon="([-\d.]+)"')
_TIME = re.compile(r"<time>([^<]+)</time>")


def sample(name: str) -> str:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample {path} is absent")
    return path.read_text(encoding="utf-8")


def read_row(name: str, data: bytes, options: ImportOptions = NY) -> dict:
    result = gpx.READER.read(name, data, options)
    assert validate(result.frame) == []
    [row] = result.frame.to_dicts()
    return row


def haversine_length(text: str) -> float:
    """Metres along each <trkseg>, great circle on a 6,371 km sphere, summed."""
    total = 0.0
    for segment in _TRKSEG.findall(text):
        points = [
            (math.radians(float(a)), math.radians(float(b))) for a, b in _POINT.findall(segment)
        ]
        for (la1, lo1), (la2, lo2) in itertools.pairwise(points):
            h = (
                math.sin((la2 - la1) / 2) ** 2
                + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
            )
            total += 2 * 6_371_000 * math.asin(math.sqrt(h))
    return total


def track_times(text: str) -> list[datetime]:
    """Point times inside tracks only (waypoint and metadata times excluded)."""
    times = []
    for segment in _TRKSEG.findall(text):
        times += [datetime.fromisoformat(t) for t in _TIME.findall(segment)]
    return sorted(times)


def test_visnjan_sample() -> None:
    text = sample("gpxpy_around-visnjan-with-car.gpx")
    row = read_row("visnjan.gpx", text.encode())
    times = track_times(text)
    assert row["start_utc"] == times[0] == datetime(2020, 12, 18, 6, 15, 50, tzinfo=UTC)
    assert row["elapsed_s"] == (times[-1] - times[0]).total_seconds() == 514
    assert row["distance_m"] == pytest.approx(haversine_length(text), rel=0.005)
    assert 0 < row["moving_s"] < row["elapsed_s"]
    assert (row["sport"], row["sport_type"]) == ("other", "unknown")
    assert row["name"] == "2020-12-18 07:24:29"
    assert row["elevation_gain_m"] == pytest.approx(49.692, abs=0.01)


def test_eight_tracks_are_one_activity() -> None:
    text = sample("gpxpy_cerknicko-jezero.gpx")
    assert text.count("<trk>") == 8
    row = read_row("cerknicko.gpx", text.encode(), ImportOptions(timezone="Europe/Ljubljana"))
    times = track_times(text)
    assert row["start_utc"] == times[0] == datetime(2010, 8, 5, 14, 23, 59, tzinfo=UTC)
    assert row["start_local"] == datetime(2010, 8, 5, 16, 23, 59)
    assert row["elapsed_s"] == (times[-1] - times[0]).total_seconds() == 7190
    assert row["distance_m"] == pytest.approx(haversine_length(text), rel=0.005)
    assert row["name"] == "ACTIVE LOG"


def test_waypoint_only_sample_is_refused() -> None:
    text = sample("gpxpy_gpx_with_garmin_extension.gpx")
    with pytest.raises(BadFile, match="no track points"):
        gpx.READER.read("wpt.gpx", text.encode(), NY)


def test_strava_run_with_hr_and_cadence() -> None:
    data = (FIXTURES / "strava_run.gpx").read_bytes()
    row = read_row("strava.gpx", data)
    assert (row["sport"], row["sport_type"], row["name"]) == ("run", "Run", "Morning Run")
    assert row["start_utc"] == datetime(2024, 3, 2, 7, 30, tzinfo=UTC)
    assert row["start_local"] == datetime(2024, 3, 2, 2, 30)
    assert row["elapsed_s"] == 240
    assert row["distance_m"] == pytest.approx(haversine_length(data.decode()), rel=0.005)
    assert (row["avg_hr"], row["max_hr"]) == (140, 160)
    assert row["avg_cadence_spm"] == 166  # mean of 80, 82, 84, 86 (the 0 left out), x 2
    assert row["elevation_gain_m"] == pytest.approx(4.0)
    assert row["source"] == "gpx" and row["activity_id"] == f"gpx:{row['source_id']}"


def test_text_type_and_naive_times_in_gpx_1_0() -> None:
    row = read_row("t.gpx", (FIXTURES / "running_text_type.gpx").read_bytes())
    assert (row["sport"], row["sport_type"]) == ("run", "running")
    assert row["start_utc"] == datetime(2023, 7, 1, 12, 0, tzinfo=UTC)
    assert row["start_local"] == datetime(2023, 7, 1, 8, 0)
    assert row["elapsed_s"] == 120


def test_two_tracks_walk_is_one_activity_across_the_pause() -> None:
    row = read_row("w.gpx", (FIXTURES / "two_tracks_walk.gpx").read_bytes())
    assert (row["sport"], row["sport_type"], row["name"]) == ("walk", "Walk", "Evening Walk")
    assert row["elapsed_s"] == 690
    assert row["start_local"] == datetime(2023, 10, 10, 18, 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9", ("run", "Run")),
        ("1", ("ride", "Ride")),
        ("10", ("walk", "Walk")),
        ("4", ("hike", "Hike")),
        ("17", ("other", "Strava type 17")),
        (" 09 ", ("run", "Run")),
        ("²", ("other", "²")),
        ("running", ("run", "running")),
        ("Hiking", ("hike", "Hiking")),
        ("", ("other", "unknown")),
        (None, ("other", "unknown")),
    ],
)
def test_sport_of_type(value: str | None, expected: tuple[str, str]) -> None:
    assert gpx.sport_of(value) == expected


def test_1901_dates_are_refused_or_ignored() -> None:
    with pytest.raises(BadFile, match="the GPX has no usable timestamps") as caught:
        gpx.READER.read("old.gpx", (FIXTURES / "bogus_1901.gpx").read_bytes(), NY)
    assert "times before 1990 or after 2099: 2; without a readable time: 1" in caught.value.reason
    result = gpx.READER.read("partial.gpx", (FIXTURES / "partial_1901.gpx").read_bytes(), NY)
    [row] = result.frame.to_dicts()
    assert row["start_utc"] == datetime(2022, 5, 5, 6, 0, tzinfo=UTC)
    assert row["elapsed_s"] == 120
    assert result.warnings[0] == "partial.gpx: ignored 2 point time(s) before 1990 or after 2099"


def test_missing_times_are_refused() -> None:
    data = b"""<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="1"/><trkpt lat="1.001" lon="1"/>
    </trkseg></trk></gpx>"""
    with pytest.raises(BadFile, match=r"no usable timestamps \(track points: 2; .*: 0; .*: 2\)"):
        gpx.READER.read("notime.gpx", data, NY)


def test_waypoints_empty_and_wrong_root() -> None:
    with pytest.raises(BadFile, match="no track points"):
        gpx.READER.read("w.gpx", (FIXTURES / "waypoints_only.gpx").read_bytes(), NY)
    with pytest.raises(BadFile, match="empty"):
        gpx.READER.read("e.gpx", b"  \n", NY)
    with pytest.raises(BadFile, match="not a GPX file: the document is <TrainingCenterDatabase>"):
        gpx.READER.read("x.gpx", (FIXTURES / "run_two_laps.tcx").read_bytes(), NY)
    with pytest.raises(BadFile, match="not well-formed XML"):
        gpx.READER.read("cut.gpx", (FIXTURES / "strava_run.gpx").read_bytes()[:700], NY)


def test_unreadable_times_count_as_missing() -> None:
    data = b"""<gpx version="1.1"><trk><trkseg>
    <trkpt lat="1" lon="1"><time>2024-13-45T99:00:00Z</time></trkpt>
    <trkpt lat="1.001" lon="1"><time>yesterday</time></trkpt></trkseg></trk></gpx>"""
    with pytest.raises(BadFile, match="without a readable time: 2"):
        gpx.READER.read("badtime.gpx", data, NY)


@pytest.mark.parametrize("name", ["billion_laughs.gpx", "quadratic_blowup.gpx", "xxe.gpx"])
def test_hostile_xml_is_unsafe(name: str) -> None:
    with pytest.raises(UnsafeFile, match="declares an entity"):
        gpx.READER.read(name, (FIXTURES / name).read_bytes(), NY)


def test_external_dtd_is_harmless() -> None:
    row = read_row("dtd.gpx", (FIXTURES / "external_dtd.gpx").read_bytes())
    assert (row["sport"], row["elapsed_s"]) == ("run", 60)


def test_gzip_and_sniff() -> None:
    data = (FIXTURES / "strava_run.gpx").read_bytes()
    packed = gzip.compress(data)
    assert gpx.READER.sniff("x.gpx.gz", packed[:65536]) and gpx.READER.sniff("x", data)
    assert read_row("a.gpx.gz", packed) == read_row("a.gpx", data)
    assert not gpx.READER.sniff("a.gpx", (FIXTURES / "run_two_laps.tcx").read_bytes())
    assert not gpx.READER.sniff("a.gpx", (FIXTURES / "zero_crc.fit").read_bytes())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(
        [b"", b"<gpx>", b'<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2">']
    ),
    junk=st.binary(max_size=400) | st.text(max_size=400).map(str.encode),
    packed=st.booleans(),
)
def test_junk_gives_bone_load_errors_only(prefix: bytes, junk: bytes, packed: bool) -> None:
    data = prefix + junk
    if packed:
        data = gzip.compress(data)
    try:
        result = gpx.READER.read("junk.gpx", data, NY)
    except BoneloadError:
        return
    assert isinstance(result, ReadResult)
