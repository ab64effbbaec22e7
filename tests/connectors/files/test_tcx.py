"""TCX reader: tcxreader's samples checked against figures read with plain regexes, fixtures."""

from __future__ import annotations

import gzip
import itertools
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import BadFile, BoneloadError, UnsafeFile
from connectors.files import tcx
from connectors.files.base import ImportOptions, ReadResult
from connectors.files.watch_common import elevation_gain
from connectors.schema import validate

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / ".." / "shared" / "samples" / "tcx"
FIXTURES = ROOT / "tests" / "fixtures" / "watch"
LJ = ImportOptions(timezone="Europe/Ljubljana")
_LAP = re.compile(r"<Lap StartTime=.*?</Lap>", re.S)


def sample(name: str) -> str:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample {path} is absent")
    return path.read_text(encoding="utf-8")


def read_rows(name: str, data: bytes, options: ImportOptions = LJ) -> list[dict]:
    result = tcx.READER.read(name, data, options)
    assert validate(result.frame) == []
    return result.frame.to_dicts()


def lap_value(lap: str, pattern: str) -> float:
    return float(re.search(pattern, lap, re.S).group(1))


def laps(text: str) -> list[dict[str, float]]:
    """Per lap: time, distance, calories, avg and max HR, straight from the text."""
    found = []
    for lap in _LAP.findall(text):
        head = lap.split("<Track>")[0]
        found.append(
            {
                "time": lap_value(head, r"<TotalTimeSeconds>([^<]+)<"),
                "distance": lap_value(head, r"<DistanceMeters>([^<]+)<"),
                "calories": lap_value(head, r"<Calories>([^<]+)<"),
                "avg_hr": lap_value(head, r"<AverageHeartRateBpm>\s*<Value>([^<]+)<"),
                "max_hr": lap_value(head, r"<MaximumHeartRateBpm>\s*<Value>([^<]+)<"),
            }
        )
    return found


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("tcxreader_cross-country-skiing_activity_1.tcx", datetime(2020, 12, 26, 15, 14, 21)),
        ("tcxreader_sup_activity_1.tcx", datetime(2022, 7, 16, 16, 8, 25)),
    ],
)
def test_garmin_samples_match_their_laps(name: str, start: datetime) -> None:
    text = sample(name)
    [row] = read_rows(name, text.encode())
    expected = laps(text)
    assert len(expected) == 2
    total = sum(lap["time"] for lap in expected)
    assert (row["sport"], row["sport_type"]) == ("other", "Other")
    assert row["start_utc"] == start.replace(tzinfo=UTC)
    assert row["moving_s"] == pytest.approx(total)
    assert row["distance_m"] == pytest.approx(sum(lap["distance"] for lap in expected))
    assert row["calories"] == sum(lap["calories"] for lap in expected)
    weighted = sum(lap["avg_hr"] * lap["time"] for lap in expected) / total
    assert row["avg_hr"] == pytest.approx(weighted)
    assert row["max_hr"] == max(lap["max_hr"] for lap in expected)
    assert row["avg_cadence_spm"] is None  # Sport="Other": run cadence is not a step count here
    last = max(datetime.fromisoformat(t) for t in re.findall(r"<Time>([^<]+)</Time>", text))
    assert row["elapsed_s"] >= (last - row["start_utc"]).total_seconds()


def test_ski_sample_altimeter_calibration_is_not_a_climb() -> None:
    text = sample("tcxreader_cross-country-skiing_activity_1.tcx")
    altitudes = [float(a) for a in re.findall(r"<AltitudeMeters>([^<]+)<", text)]
    raw_rises = sum(max(b - a, 0) for a, b in itertools.pairwise(altitudes))
    assert altitudes[0] < 1300 and altitudes[1] > 1900  # 655 m in one second at the start
    [row] = read_rows("ski.tcx", text.encode())
    assert raw_rises > 1000
    assert 50 < row["elevation_gain_m"] < 200


def test_mapmyride_one_line_with_microseconds() -> None:
    text = sample("tcxreader_mapmyride_biking.tcx")
    assert text.count("\n") <= 1
    [row] = read_rows("mmr.tcx", text.encode())
    times = [datetime.fromisoformat(t) for t in re.findall(r"<Time>([^<]+)</Time>", text)]
    assert (row["sport"], row["sport_type"]) == ("ride", "Biking")
    assert row["start_utc"] == datetime(2022, 11, 12, 15, 58, 25, tzinfo=UTC)
    assert row["elapsed_s"] == pytest.approx((max(times) - row["start_utc"]).total_seconds())
    assert row["elapsed_s"] == pytest.approx(3111.5264)
    assert row["distance_m"] == pytest.approx(15350.42196864)
    assert row["calories"] == pytest.approx(458, abs=0.01)
    assert row["avg_hr"] is None and row["max_hr"] is None


def test_two_lap_run() -> None:
    [row] = read_rows("run.tcx", (FIXTURES / "run_two_laps.tcx").read_bytes())
    assert (row["sport"], row["sport_type"]) == ("run", "Running")
    assert row["start_utc"] == datetime(2024, 3, 2, 7, 30, tzinfo=UTC)
    assert row["start_local"] == datetime(2024, 3, 2, 8, 30)
    assert (row["elapsed_s"], row["moving_s"], row["distance_m"]) == (510, 500, 1700)
    assert row["avg_hr"] == (140 * 300 + 160 * 200) / 500
    assert row["max_hr"] == 172
    assert row["avg_cadence_spm"] == 2 * (82 * 300 + 87 * 200) / 500
    assert row["calories"] == 100
    assert row["elevation_gain_m"] == pytest.approx(6.0)
    assert row["steps"] is None


def test_one_line_file_with_a_broken_second_activity() -> None:
    result = tcx.READER.read("two.tcx", (FIXTURES / "one_line_two_activities.tcx").read_bytes(), LJ)
    [row] = result.frame.to_dicts()
    assert row["start_utc"] == datetime(2023, 1, 15, 18, 0, tzinfo=UTC)
    assert (row["avg_hr"], row["max_hr"]) == (110, 120)  # trackpoint mean: laps have none
    assert row["avg_cadence_spm"] == 158  # (78 + 80) / 2 x 2; the standing 0 left out
    assert (row["distance_m"], row["elapsed_s"]) == (310, 120)
    [problem] = result.problems
    assert problem.file == "two.tcx"
    assert problem.reason == "activity 2 skipped: it has no usable start time"


def test_refusals() -> None:
    with pytest.raises(BadFile, match="no <Activity>"):
        tcx.READER.read("c.tcx", (FIXTURES / "course_only.tcx").read_bytes(), LJ)
    with pytest.raises(UnsafeFile, match="declares an entity"):
        tcx.READER.read("xxe.tcx", (FIXTURES / "xxe.tcx").read_bytes(), LJ)
    with pytest.raises(BadFile, match="not a TCX file: the document is <gpx>"):
        tcx.READER.read("g.tcx", (FIXTURES / "strava_run.gpx").read_bytes(), LJ)
    with pytest.raises(BadFile, match="empty"):
        tcx.READER.read("e.tcx", b"", LJ)


def test_gzip_and_sniff() -> None:
    data = (FIXTURES / "run_two_laps.tcx").read_bytes()
    packed = gzip.compress(data)
    assert tcx.READER.sniff("1.tcx.gz", packed[:65536]) and tcx.READER.sniff("1", data)
    assert tcx.READER.read("a.tcx.gz", packed, LJ).frame.equals(
        tcx.READER.read("a", data, LJ).frame
    )
    assert not tcx.READER.sniff("a.tcx", (FIXTURES / "strava_run.gpx").read_bytes())


def test_elevation_gain_splits_at_jumps() -> None:
    t = [datetime(2024, 1, 1, 0, 0, s, tzinfo=UTC) for s in range(5)]
    assert elevation_gain([100, 101, 102, 103, 104]) == pytest.approx(4.0)
    # 100 -> 500 in one second is a jump: only the 2 m either side of it count.
    assert elevation_gain([100, 101, 500, 501, 502], t) == pytest.approx(1.0 + 2.0)
    assert elevation_gain([None, 5.0]) is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(
        [b"", b"<TrainingCenterDatabase><Activities><Activity Sport='Running'><Id>"]
    ),
    junk=st.binary(max_size=400) | st.text(max_size=400).map(str.encode),
    packed=st.booleans(),
)
def test_junk_gives_bone_load_errors_only(prefix: bytes, junk: bytes, packed: bool) -> None:
    data = prefix + junk
    if packed:
        data = gzip.compress(data)
    try:
        result = tcx.READER.read("junk.tcx", data, LJ)
    except BoneloadError:
        return
    assert isinstance(result, ReadResult)


def _tcx(*activities: str) -> bytes:
    body = "".join(activities)
    return (
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f"<Activities>{body}</Activities></TrainingCenterDatabase>"
    ).encode()


def _activity(seconds: float, hr: int = 150) -> str:
    return (
        '<Activity Sport="Running"><Id>2024-05-01T06:00:00Z</Id>'
        f'<Lap StartTime="2024-05-01T06:00:00Z"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>'
        f"<AverageHeartRateBpm><Value>{hr}</Value></AverageHeartRateBpm></Lap></Activity>"
    )


def test_repeated_and_implausible_activities() -> None:
    result = tcx.READER.read("dup.tcx", _tcx(_activity(600), _activity(600)), LJ)
    assert result.frame.height == 1
    assert [p.reason for p in result.problems] == ["activity 2 repeats an earlier one"]
    result = tcx.READER.read("hr.tcx", _tcx(_activity(600, hr=300)), LJ)
    assert result.frame["avg_hr"].to_list() == [None]
    assert result.warnings == ["hr.tcx: avg_hr 300 is outside 20..250; left empty"]
    with pytest.raises(BadFile, match="a duration of 864000 s is not plausible"):
        tcx.READER.read("long.tcx", _tcx(_activity(864000)), LJ)
