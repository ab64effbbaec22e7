"""dashboard.views on small hand-built frames: the numbers the pages and `boneload` print."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest

from connectors.schema import empty_frame
from connectors.settings import Settings
from dashboard import views
from dashboard.guidance import alerts
from dashboard.metrics import load, spikes
from tests.factories import make_activity, make_frame

NO_ASSIGNMENTS = pl.DataFrame(
    schema={
        "assignment_id": pl.Int64,
        "gear": pl.String,
        "start_date": pl.Date,
        "end_date": pl.Date,
    }
)


def act(
    day: date,
    sport: str = "run",
    km: float | None = 5.0,
    minutes: float = 30.0,
    gear: str | None = "Brooks Ghost 15",
    hour: int = 7,
) -> dict:
    """One activity at `hour`:00 local (the zone is UTC), without heart rate."""
    return make_activity(
        source_id=f"{day}-{sport}-{hour}",
        start_utc=datetime(day.year, day.month, day.day, hour, tzinfo=UTC),
        sport=sport,
        sport_type=sport.title(),
        distance_m=None if km is None else km * 1000.0,
        elapsed_s=minutes * 60.0,
        moving_s=minutes * 60.0,
        gear=gear,
        avg_hr=None,
        max_hr=None,
    )


# Mon 2 Jun 2025 .. Wed 11 Jun 2025: week 23 has runs on Mon and Wed and a walk on Sat; week 24
# runs on Tue and Wed (a back-to-back pair), the Tuesday run 33% past the 30-day longest.
TWO_WEEKS = make_frame(
    [
        act(date(2025, 6, 2)),
        act(date(2025, 6, 4), km=6.0, minutes=36.0),
        act(date(2025, 6, 7), sport="walk", km=4.0, minutes=50.0, gear=None),
        act(date(2025, 6, 10), km=8.0, minutes=48.0),
        act(date(2025, 6, 11), km=5.0),
    ]
)


# ---- weekly_table ------------------------------------------------------------------------------


def test_weekly_table_counts_each_iso_week() -> None:
    table = views.weekly_table(TWO_WEEKS, Settings())
    assert table["week"].to_list() == ["2025-W23", "2025-W24"]
    assert table["week_start"].to_list() == [date(2025, 6, 2), date(2025, 6, 9)]
    assert table["runs"].to_list() == [2, 2]
    assert table["run_km"].to_list() == pytest.approx([11.0, 13.0])
    assert table["walks"].to_list() == [1, 0]
    assert table["walk_km"].to_list() == pytest.approx([4.0, 0.0])
    assert table["sessions"].to_list() == [3, 2]
    assert table["active_days"].to_list() == [3, 2]
    # week 24 ends with the last activity (Wednesday): 3 days counted, 2 active
    assert table["rest_days"].to_list() == [4, 1]
    assert table["time_on_feet_min"].to_list() == pytest.approx([116.0, 78.0])
    assert table["spikes"].to_list() == [1, 1]  # 6 km after 5 (+20%), 8 after 6 (+33%)
    assert table["stage"].to_list() == ["running", "running"]
    assert table["longest_run_min"].to_list() == pytest.approx([36.0, 48.0])
    assert table["run_days"].to_list() == [2, 2]
    assert table["impact_days"].to_list() == [0, 0]  # other impact: none
    assert table["strength_days"].to_list() == [0, 0]
    # 2 run days meet the default ramp, but no strength days: not full; the last week ends on
    # the last activity (a Wednesday), so it is still running and not judged
    assert table["full_bone_week"].to_list() == ["no", "not yet"]
    assert all(oi > 0 for oi in table["bone_oi"])


def test_weekly_table_bone_week_columns() -> None:
    week = [
        act(date(2025, 6, 2)),
        act(date(2025, 6, 3), sport="strength", km=None),
        act(date(2025, 6, 4), sport="impact", km=None),
        act(date(2025, 6, 5), km=5.0),
        act(date(2025, 6, 6), sport="strength", km=None),
        act(date(2025, 6, 7), sport="balance", km=None),
    ]
    table = views.weekly_table(make_frame(week), Settings(), today=date(2025, 6, 9))
    row = table.row(0, named=True)
    got = [row[k] for k in ("run_days", "impact_days", "strength_days", "balance_days")]
    assert got == [2, 1, 2, 1] and row["rest_days"] == 0  # the range ends on Saturday
    assert row["full_bone_week"] == "yes"
    running = views.weekly_table(make_frame(week[:1]), Settings(), today=date(2025, 6, 3))
    assert running["full_bone_week"].to_list() == ["not yet"]


def test_weekly_load_is_the_sum_of_session_loads_and_form_is_fitness_minus_fatigue() -> None:
    table = views.weekly_table(TWO_WEEKS, Settings())
    sessions = load.session_loads(TWO_WEEKS, views.load_settings(Settings()))
    per_week = (
        sessions.group_by(pl.col("date").dt.truncate("1w").alias("week_start"))
        .agg(pl.col("load").sum())
        .sort("week_start")
    )
    assert table["load"].to_list() == pytest.approx(per_week["load"].to_list())
    assert table["load"].to_list()[0] > 0
    for fitness, fatigue, form in table.select("fitness", "fatigue", "form").iter_rows():
        assert form == pytest.approx(fitness - fatigue)


def test_a_range_keeps_the_fitness_history_before_it() -> None:
    full = views.weekly_table(TWO_WEEKS, Settings())
    ranged = views.weekly_table(TWO_WEEKS, Settings(), date(2025, 6, 9), date(2025, 6, 11))
    assert ranged["week"].to_list() == ["2025-W24"]
    assert ranged["fitness"][0] == pytest.approx(full["fitness"][1])
    assert ranged["spikes"][0] == 1  # the spike is measured against runs before the range


def test_weekly_table_of_nothing_is_empty() -> None:
    table = views.weekly_table(empty_frame(), Settings())
    assert table.is_empty()
    assert table.columns[:3] == ["week", "week_start", "runs"]


# ---- shoe_table --------------------------------------------------------------------------------


def _every_other_day(count: int, km: float, gear: str | None, first: date) -> list[dict]:
    return [act(first + timedelta(days=2 * i), km=km, gear=gear) for i in range(count)]


def test_shoe_table_in_km_and_miles_with_the_300_mile_warning() -> None:
    # 50 runs of 10 km = 500 km = 310.7 mi: past the 300-mile check, under 500 mi
    frame = make_frame(_every_other_day(50, 10.0, "Brooks Ghost 15", date(2025, 1, 1)))
    table = views.shoe_table(frame, NO_ASSIGNMENTS, Settings(), date(2025, 6, 1))
    assert table.columns == [
        "gear", "name", "brand", "km", "miles", "other_km", "other_miles", "runs", "walks",
        "first_used", "last_used", "retired_on", "status", "idle", "rotation_share",
    ]  # fmt: skip
    row = table.row(0, named=True)
    assert (row["name"], row["km"], row["miles"], row["runs"], row["walks"]) == (
        "Brooks Ghost 15",
        500.0,
        310.7,
        50,
        0,
    )
    assert (row["first_used"], row["last_used"]) == (date(2025, 1, 1), date(2025, 4, 9))
    assert row["status"] == "warn"


def test_shoe_limits_come_from_the_settings() -> None:
    frame = make_frame(_every_other_day(50, 10.0, "Brooks Ghost 15", date(2025, 1, 1)))
    strict = Settings(shoe_warn_miles=200.0, shoe_replace_miles=300.0)
    table = views.shoe_table(frame, NO_ASSIGNMENTS, strict, date(2025, 6, 1))
    assert table["status"].to_list() == ["replace"]
    lenient = Settings(shoe_warn_miles=400.0, shoe_replace_miles=600.0)
    assert views.shoe_table(frame, NO_ASSIGNMENTS, lenient, date(2025, 6, 1))["status"][0] == "ok"


def test_shoe_assignments_fill_runs_without_gear() -> None:
    frame = make_frame(
        [
            *_every_other_day(3, 5.0, None, date(2025, 3, 3)),
            act(date(2025, 3, 10), km=7.0, gear="Brooks Ghost 15"),
        ]
    )
    assignments = pl.DataFrame(
        {
            "assignment_id": [1],
            "gear": ["Nike Pegasus 41"],
            "start_date": [date(2025, 3, 1)],
            "end_date": [date(2025, 3, 31)],
        }
    )
    table = views.shoe_table(frame, assignments, Settings(), date(2025, 3, 31))
    assert table.select("name", "km", "runs").rows() == [
        ("Nike Pegasus 41", 15.0, 3),
        ("Brooks Ghost 15", 7.0, 1),
    ]
    assert table["rotation_share"].to_list() == pytest.approx([15 / 22, 7 / 22])
    assert views.shoe_table(frame, NO_ASSIGNMENTS, Settings(), date(2025, 3, 31)).height == 1


def test_a_monday_walk_does_not_turn_the_stage_back_to_walking() -> None:
    # weeks of running, then today (Monday) a single walk: that week has no stage yet, so a
    # report reads "running", never "running -> walking"
    frame = make_frame([*TWO_WEEKS.to_dicts(), act(date(2025, 6, 16), sport="walk", gear=None)])
    monday = date(2025, 6, 16)
    table = views.weekly_table(frame, Settings(), date(2025, 6, 2), monday, today=monday)
    assert table["stage"].to_list() == ["running", "running", None]
    stages = [s for s in table["stage"].to_list() if s]
    assert stages[0] == stages[-1] == "running"
    later = views.weekly_table(frame, Settings(), date(2025, 6, 2), monday, today=date(2025, 7, 1))
    assert later["stage"].to_list()[-1] == "walking"  # that week is over by then


# ---- targets (this week and its alerts: tests/dashboard/guidance/test_this_week.py) ----------


def test_targets_ramp_from_the_start_setting() -> None:
    runs = [
        act(date(2025, 6, 2) + timedelta(days=d)) for d in (0, 7, 9, 14, 16, 18, 21, 22, 24, 26)
    ]
    frame = make_frame(runs)
    table = views.targets(frame, Settings(), date(2025, 6, 2), date(2025, 6, 29))
    assert table["week"].to_list() == ["2025-W23", "2025-W24", "2025-W25", "2025-W26"]
    assert table["runs"].to_list() == [1, 2, 3, 4]
    assert table["target"].to_list() == [1, 1, 2, 2]  # +1 run every 2 weeks, up to 2
    # the ramp's own target is the ceiling while it climbs (week 24: 2 runs when 1 is asked is
    # ahead of plan); once it reaches 2, up to 3 count as on target (the guidance is 2-3)
    assert table["status"].to_list() == [
        "on target",
        "ahead of plan",
        "on target",
        "ahead of plan",
    ]
    assert table["back_to_back"].to_list() == [0, 0, 0, 1]
    steady = Settings(runs_per_week_start=2, runs_per_week_target=2)
    first_week = views.targets(frame, steady, date(2025, 6, 2), date(2025, 6, 29)).row(
        0, named=True
    )
    assert (first_week["target"], first_week["status"]) == (2, "below")


def test_a_weekly_increase_is_context_not_an_alert() -> None:
    # 10 km in week 23, 16.5 km in week 24 (+65%, each run +10% at most); today is in week 25.
    # Frandsen 2025: week-to-week ratios predicted nothing, so no alert, only context.
    frame = make_frame(
        [
            act(date(2025, 6, 2)),
            act(date(2025, 6, 4)),
            act(date(2025, 6, 9), km=5.5),
            act(date(2025, 6, 11), km=5.5),
            act(date(2025, 6, 13), km=5.5),
        ]
    )
    found = alerts.alerts(frame, Settings(), date(2025, 6, 17))  # the Overview's alerts
    assert [(a.kind, a.level) for a in found] == [("week_change", "context")]
    context = spikes.spike_context(frame, date(2025, 6, 17))
    assert context is not None and "65% more distance" in context


# ---- in_unit -----------------------------------------------------------------------------------


def test_in_unit_converts_km_columns_to_miles_in_place() -> None:
    frame = pl.DataFrame(
        {"week": ["2025-W23"], "run_km": [16.09344], "runs": [2], "walk_km": [5.0]}
    )
    miles = views.in_unit(frame, "mi")
    assert miles.columns == ["week", "run_mi", "runs", "walk_mi"]
    assert miles.row(0) == ("2025-W23", 10.0, 2, 3.11)
    km = views.in_unit(frame, "km")
    assert km.columns == ["week", "run_km", "runs", "walk_km"]
    assert km.row(0) == ("2025-W23", 16.09, 2, 5.0)
