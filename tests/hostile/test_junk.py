"""Generated junk thrown at every reader through detection: only BoneloadError comes back.

The junk is shaped to get past each reader's sniff (a zip, gzip or FIT header, an XML root,
a CSV header, a JSON export's keys) so the parsers behind them see it, not just the detector.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import BoneloadError
from connectors.files.base import ImportOptions, ReadResult
from connectors.importing import read_file

NOW = datetime(2025, 6, 1, 12, 0)
OPTIONS = ImportOptions(timezone="Europe/Madrid")

PREFIXES = [
    b"",
    b"PK\x03\x04",
    b"\x1f\x8b\x08\x00",
    b"\x0e\x10\x54\x08\x00\x00\x00\x00.FIT",
    b'<?xml version="1.0"?><gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"><time>',
    b'<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>',
    b'<HealthData><Workout workoutActivityType="HKWorkoutActivityTypeRunning" startDate="',
    b"Activity ID,Activity Date,Activity Type,Elapsed Time\n1,",
    b"Activity Type,Date,Title,Distance,Time\nRunning,",
    b'[{"logId": 1, "activityName": "Run", "startTime": ',
    b'[{"summarizedActivitiesExport": [{"activityId": 1, "activityType": "running", ',
]
MEMBER_NAMES = [
    "activities.csv",
    "Takeout/Fitbit/Physical Activity/exercise-0.json",
    "DI_CONNECT/DI-Connect-Fitness/x_0_summarizedActivities.json",
    "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip",
    "apple_health_export/export.xml",
    "run.fit",
    "inner.zip",
]


def _zipped(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()


def _check(data: bytes) -> None:
    try:
        result = read_file("junk.bin", data, OPTIONS, NOW)
    except BoneloadError:
        return
    assert isinstance(result, ReadResult)


junk = st.binary(max_size=600)
text_junk = st.text(max_size=300).map(lambda t: t.encode("utf-8"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), tail=st.one_of(junk, text_junk))
def test_shaped_junk_gives_only_boneload_errors(prefix: bytes, tail: bytes) -> None:
    _check(prefix + tail)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    members=st.lists(
        st.tuples(
            st.sampled_from(MEMBER_NAMES),
            st.tuples(st.sampled_from(PREFIXES), st.one_of(junk, text_junk)).map(
                lambda pair: pair[0] + pair[1]
            ),
        ),
        max_size=4,
    ),
    compress=st.booleans(),
)
def test_zips_of_junk_give_only_boneload_errors(
    members: list[tuple[str, bytes]], compress: bool
) -> None:
    data = _zipped(members)
    _check(gzip.compress(data) if compress else data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(min_size=1, max_size=300),
    cut=st.integers(min_value=0, max_value=400),
    flip=st.integers(min_value=0, max_value=400),
)
def test_damaged_zips_give_only_boneload_errors(data: bytes, cut: int, flip: int) -> None:
    whole = bytearray(_zipped([("activities.csv", data), ("run.fit", data)]))
    whole[flip % len(whole)] ^= 0x41
    _check(bytes(whole[: max(cut, 4)]))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
FITBIT_KEYS = ("logId", "activityName", "startTime", "duration", "activeDuration", "distance",
               "distanceUnit", "steps", "averageHeartRate", "calories")  # fmt: skip
GARMIN_KEYS = ("activityId", "activityType", "beginTimestamp", "startTimeLocal", "duration",
               "elapsedDuration", "movingDuration", "distance", "elevationGain", "avgHr",
               "avgDoubleCadence", "avgRunCadence", "steps", "calories", "childIds",
               "name")  # fmt: skip


def _entries(keys: tuple[str, ...]) -> st.SearchStrategy[list[object]]:
    entry = st.fixed_dictionaries({}, optional=dict.fromkeys(keys, json_values))
    return st.lists(st.one_of(entry, json_values), max_size=4)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs=_entries(FITBIT_KEYS), summaries=_entries(GARMIN_KEYS))
def test_json_exports_with_wild_values_give_only_boneload_errors(
    logs: list[object], summaries: list[object]
) -> None:
    fitbit = json.dumps([{"logId": 1, "activityName": "Run"}, *logs]).encode()
    garmin = json.dumps([{"summarizedActivitiesExport": summaries}]).encode()
    for data in (fitbit, garmin, _zipped([("Takeout/Fitbit/exercise-0.json", fitbit)])):
        _check(data)
