"""Short efforts minutes apart (issue 10): a Garmin CSV of 20 interval runs keeps all 20.

tests/fixtures/garmin/intervals_20.csv has the shape of a real Garmin Connect Activities.csv of
intervals recorded as separate activities (the 2026 English header of
../shared/samples/formats, formats.md: "Several short activities minutes apart ... are distinct
rows with distinct ids"): 20 runs of 1-3 minutes, each starting 3-5 minutes after the previous
one ended, CRLF, quoted values, "--" for missing values. Values written by hand from that shape.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from connectors import importing
from connectors.files.base import ImportOptions
from connectors.store import Store

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "garmin" / "intervals_20.csv"
NOW = datetime(2026, 6, 1)
OPTIONS = ImportOptions(timezone="Europe/Copenhagen")


def test_twenty_short_runs_minutes_apart_stay_twenty(store: Store) -> None:
    data = FIXTURE.read_bytes()
    summary = importing.import_bytes(store, "Activities.csv", data, OPTIONS, NOW, owner="local")
    assert (summary.new, summary.merged, summary.skipped) == (20, 0, 0)
    stored = store.activities("local")
    assert stored.height == 20
    assert stored["distance_m"].sum() == sum(
        float(line.split('","')[1]) * 1000 for line in data.decode().splitlines()[1:]
    )
    assert stored["elapsed_s"].min() >= 60 and stored["elapsed_s"].max() <= 181


def test_the_same_intervals_again_are_skipped_not_doubled(store: Store) -> None:
    data = FIXTURE.read_bytes()
    importing.import_bytes(store, "Activities.csv", data, OPTIONS, NOW, owner="local")
    again = importing.import_bytes(store, "Activities.csv", data, OPTIONS, NOW, owner="local")
    assert (again.new, again.merged) == (0, 0)
    assert store.count("local") == 20
