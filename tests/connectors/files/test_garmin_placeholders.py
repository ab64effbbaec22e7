"""Garmin's "--:--:--" (a duration it did not record) is a missing value, not a warning."""

from __future__ import annotations

from connectors.files import garmin_csv
from connectors.files.base import ImportOptions

CSV = (
    b"Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,Max HR,Moving Time,"
    b"Elapsed Time,Best Lap Time\r\n"
    b'Running,2026-03-01 07:12:45,false,"Run","8.02","612","00:45:10","148","171","--:--:--",'
    b'"00:46:03","--:--:--"\r\n'
)


def test_unrecorded_durations_are_empty_without_a_warning() -> None:
    result = garmin_csv.READER.read("Activities.csv", CSV, ImportOptions(timezone="Europe/Oslo"))
    assert result.frame.select("moving_s", "elapsed_s").rows() == [(None, 2763.0)]
    assert (result.warnings, result.problems) == ([], [])
