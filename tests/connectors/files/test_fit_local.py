"""FIT (issue 10): the file's own local time, the workout's name, RPE and lap count.

tests/fixtures/watch/traveller_run.fit is written by make_fit.py: a run in Tokyo (UTC+9) by
someone whose home zone is Europe/Oslo, with a named workout, workout_rpe 70 and num_laps 5.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from connectors.files import fit
from connectors.files.base import ImportOptions
from tests.fixtures.watch.make_fit import FitWriter, _at

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "watch" / "traveller_run.fit"
OSLO = ImportOptions(timezone="Europe/Oslo")


def test_a_run_abroad_lands_on_its_own_local_day() -> None:
    result = fit.read("traveller_run.fit", FIXTURE.read_bytes(), OSLO)
    row = result.frame.row(0, named=True)
    assert row["start_utc"] == datetime(2024, 3, 2, 22, 0, tzinfo=UTC)
    # Oslo would put it at 23:00 on 2 March; the watch was in Tokyo: 07:00 on 3 March
    assert row["start_local"] == datetime(2024, 3, 3, 7, 0)
    assert any("recorded in another time zone than Europe/Oslo" in w for w in result.warnings)


def test_workout_name_rpe_and_laps_are_kept() -> None:
    row = fit.read("traveller_run.fit", FIXTURE.read_bytes(), OSLO).frame.row(0, named=True)
    assert (row["name"], row["rpe"], row["laps"]) == ("Tokyo tempo", 7.0, 5)
    assert row["distance_m"] == 8000.0


def test_a_file_at_home_keeps_its_day_without_a_warning() -> None:
    """local_timestamp one hour ahead in winter: Oslo itself, no warning."""
    start, end = datetime(2024, 3, 2, 6, 0, tzinfo=UTC), datetime(2024, 3, 2, 6, 30, tzinfo=UTC)
    writer = FitWriter().message("file_id", type="activity", manufacturer=1,
                                 serial_number=5, time_created=start)  # fmt: skip
    writer.message("session", timestamp=end, start_time=start, sport="running",
                   sub_sport="generic", total_elapsed_time=1800)  # fmt: skip
    writer.message("activity", timestamp=end, num_sessions=1,
                   local_timestamp=datetime(2024, 3, 2, 7, 30, tzinfo=UTC))  # fmt: skip
    result = fit.read("home.fit", writer.bytes(), OSLO)
    row = result.frame.row(0, named=True)
    assert row["start_local"] == datetime(2024, 3, 2, 7, 0)
    assert (row["name"], row["rpe"], row["laps"]) == (None, None, None)
    assert not any("another time zone" in w for w in result.warnings)


def test_without_an_activity_message_the_home_zone_decides() -> None:
    writer = FitWriter().message("file_id", type="activity", manufacturer=1, time_created=_at(0))
    writer.message("session", timestamp=_at(600), start_time=_at(0), sport="running",
                   sub_sport="generic", total_elapsed_time=600, workout_rpe=11)  # fmt: skip
    row = fit.read("plain.fit", writer.bytes(), OSLO).frame.row(0, named=True)
    assert row["start_local"] == datetime(2024, 3, 2, 8, 30)  # 07:30 UTC in Oslo (UTC+1)
    assert row["rpe"] is None  # 110 / 10 is outside Borg CR10: not a reading
