"""Shoe mileage, alerts, rotation share and date-range gear assignments."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.schema import ACTIVITY_SCHEMA
from dashboard.metrics import shoes as shoes_mod
from dashboard.metrics.shoes import (
    KM_PER_MILE,
    apply_assignments,
    apply_defaults,
    rotation_reference,
    shoe_summary,
)

from .strategies import activity_rows

TODAY = date(2026, 6, 30)


def test_shoe_summary_distance_status_and_rotation(make):
    acts = make(
        [
            # "Old": 310 miles of runs long ago -> warn
            {"start": date(2025, 1, 5), "sport": "run", "km": 310 * KM_PER_MILE, "gear": "Old"},
            # "Worn": 500 miles incl. a walk -> replace
            {"start": date(2025, 3, 1), "sport": "run", "km": 400 * KM_PER_MILE, "gear": "Worn"},
            {"start": date(2025, 3, 2), "sport": "walk", "km": 100 * KM_PER_MILE, "gear": "Worn"},
            # recent runs: A 30 km, B 10 km in the last 90 days
            {"start": TODAY - timedelta(days=10), "sport": "run", "km": 30.0, "gear": "A"},
            {"start": TODAY - timedelta(days=89), "sport": "run", "km": 10.0, "gear": "B"},
            {"start": TODAY - timedelta(days=90), "sport": "run", "km": 50.0, "gear": "B"},
            {"start": TODAY - timedelta(days=5), "sport": "hike", "km": 8.0, "gear": "B"},
            {"start": TODAY - timedelta(days=3), "sport": "ride", "km": 80.0, "gear": "Bike"},
            {"start": TODAY + timedelta(days=1), "sport": "run", "km": 9.0, "gear": "A"},
            {"start": TODAY - timedelta(days=1), "sport": "run", "km": 5.0},  # no shoe
        ]
    )
    out = shoe_summary(acts, TODAY)
    assert out["gear"].to_list() == ["Worn", "Old", "B", "A"]
    rows = {r["gear"]: r for r in out.iter_rows(named=True)}
    assert rows["Worn"]["distance_mi"] == pytest.approx(500.0)
    assert rows["Worn"]["status"] == "replace"
    assert rows["Old"]["status"] == "warn"
    assert rows["A"]["status"] == "ok"
    assert (rows["Worn"]["runs"], rows["Worn"]["walks"]) == (1, 1)
    assert rows["B"]["distance_km"] == pytest.approx(68.0)
    assert rows["A"]["distance_km"] == pytest.approx(30.0)  # the future run is not counted
    # the window is the 90 days up to the latest run (TODAY - 1, a run without a shoe), so
    # B's run of TODAY - 90 is in it: A 30 km, B 10 + 50 km
    assert rotation_reference(acts, TODAY) == TODAY - timedelta(days=1)
    assert rows["A"]["rotation_share"] == pytest.approx(1 / 3)
    assert rows["B"]["rotation_share"] == pytest.approx(2 / 3)
    assert rows["Old"]["rotation_share"] == 0.0
    assert rows["B"]["first_used"] == TODAY - timedelta(days=90)
    assert rows["B"]["last_used"] == TODAY - timedelta(days=5)
    custom = shoe_summary(acts, TODAY, warn_miles=20, replace_miles=50)  # B: 42.3 mi
    assert custom.filter(pl.col("gear") == "B")["status"][0] == "warn"


def test_rotation_window_ends_at_the_latest_run_not_today(make):
    acts = make([{"start": date(2025, 1, 1), "sport": "run", "km": 5.0, "gear": "A"}])
    assert shoe_summary(acts, TODAY)["rotation_share"][0] == pytest.approx(1.0)
    later = make(
        [
            {"start": date(2025, 1, 1), "sport": "run", "km": 5.0, "gear": "A"},
            {"start": date(2025, 6, 1), "sport": "run", "km": 5.0},  # the latest run, no shoe
        ]
    )
    assert shoe_summary(later, TODAY)["rotation_share"][0] is None


def test_apply_assignments_fills_runs_without_gear(make):
    acts = make(
        [
            {"start": date(2026, 1, 10), "sport": "run"},
            {"start": date(2026, 2, 10), "sport": "run"},
            {"start": date(2026, 2, 10), "sport": "walk"},
            {"start": date(2026, 2, 11), "sport": "run", "gear": "Own"},
            {"start": date(2026, 3, 15), "sport": "run"},
            {"start": date(2025, 12, 1), "sport": "run"},
        ]
    )
    assignments = pl.DataFrame(
        {
            "gear": ["Pegasus", "Ghost", "Novablast"],
            "start_date": [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)],
            "end_date": [date(2026, 2, 28), None, date(2026, 3, 31)],
        }
    )
    out = apply_assignments(acts, assignments)
    # walks and hikes wear the shoe too: the walk of 2026-02-10 gets Ghost
    assert out["gear"].to_list() == ["Pegasus", "Ghost", "Ghost", "Own", "Novablast", None]
    assert out.schema == ACTIVITY_SCHEMA
    assert out.drop("gear").equals(acts.drop("gear"))
    empty = assignments.clear()
    assert apply_assignments(acts, empty).equals(acts)


@settings(max_examples=30, deadline=None)
@given(rows=activity_rows(sports=("run", "walk", "ride")), seed=st.integers(0, 10_000))
def test_row_order_changes_nothing(make, rows, seed):
    rows = [dict(r, gear=["A", "B", None][i % 3]) for i, r in enumerate(rows)]
    acts = make(rows)
    shuffled = acts.sample(fraction=1.0, shuffle=True, seed=seed)
    a = shoe_summary(acts, TODAY)
    b = shoe_summary(shuffled, TODAY)
    assert a["gear"].to_list() == b["gear"].to_list()
    assert a["distance_km"].to_list() == pytest.approx(b["distance_km"].to_list())
    total = acts.filter(pl.col("gear").is_not_null() & (pl.col("sport") != "ride"))
    assert a["distance_km"].sum() == pytest.approx(total["distance_m"].fill_null(0).sum() / 1000)


def _records(*rows: dict) -> pl.DataFrame:
    base = {"name": None, "brand": None, "start_date": None, "start_km": None, "retired_on": None}
    return pl.DataFrame(
        [{**base, **r} for r in rows],
        schema={
            "gear": pl.String,
            "name": pl.String,
            "brand": pl.String,
            "start_date": pl.Date,
            "start_km": pl.Float64,
            "retired_on": pl.Date,
        },
    )


def test_starting_distance_rename_retired_and_idle(make):
    acts = make(
        [
            {"start": TODAY - timedelta(days=400), "sport": "run", "km": 900.0, "gear": "Old"},
            {"start": TODAY - timedelta(days=20), "sport": "run", "km": 10.0, "gear": "New"},
            {"start": TODAY - timedelta(days=10), "sport": "walk", "km": 4.0, "gear": "New"},
            {"start": TODAY - timedelta(days=300), "sport": "run", "km": 500.0, "gear": "Gone"},
        ]
    )
    records = _records(
        {"gear": "New", "name": "Blue pair", "start_km": 470.0},
        {"gear": "Gone", "retired_on": TODAY - timedelta(days=250)},
        {"gear": "Unworn", "start_km": 12.0, "start_date": TODAY - timedelta(days=3)},
    )
    out = shoe_summary(acts, TODAY, records=records)
    rows = {r["gear"]: r for r in out.iter_rows(named=True)}
    assert rows["New"]["distance_km"] == pytest.approx(484.0)  # 470 before + 10 run + 4 walk
    assert rows["New"]["other_km"] == pytest.approx(4.0)
    assert rows["New"]["run_km"] == pytest.approx(10.0)
    assert rows["New"]["name"] == "Blue pair"
    assert rows["New"]["status"] == "warn"  # 300.7 mi
    assert rows["Gone"]["status"] == "retired"  # never warn, whatever its distance
    assert not rows["Gone"]["idle"]
    assert rows["Old"]["status"] == "replace" and rows["Old"]["idle"]  # 400 days unused
    assert rows["Unworn"]["distance_km"] == pytest.approx(12.0) and not rows["Unworn"]["idle"]
    assert out["gear"].to_list()[-1] == "Gone"  # retired shoes after the ones in use


def test_defaults_fill_from_the_start_date_and_files_win(make):
    acts = make(
        [
            {"start": date(2026, 1, 1), "sport": "run"},  # before the start: stays empty
            {"start": date(2026, 2, 1), "sport": "run"},
            {"start": date(2026, 2, 2), "sport": "run", "gear": "From file"},
            {"start": date(2026, 2, 3), "sport": "walk"},
            {"start": date(2026, 2, 4), "sport": "ride"},
            {"start": date(2026, 4, 1), "sport": "run"},  # after retirement: stays empty
        ]
    )
    defaults = pl.DataFrame({"sport": ["run", "walk", "ride"], "gear": ["Ghost", "Walker", "X"]})
    records = _records(
        {"gear": "Ghost", "start_date": date(2026, 1, 15), "retired_on": date(2026, 3, 1)}
    )
    out = apply_defaults(acts, defaults, records)
    assert out["gear"].to_list() == [None, "Ghost", "From file", "Walker", None, None]
    assert out.schema == ACTIVITY_SCHEMA
    assigned = apply_assignments(
        acts,
        pl.DataFrame(
            {"gear": ["Range"], "start_date": [date(2026, 2, 1)], "end_date": [date(2026, 2, 1)]}
        ),
    )
    both = apply_defaults(assigned, defaults, records)
    assert both["gear"].to_list()[1] == "Range"  # a date range beats the default


def test_no_run_means_no_rotation_reference(make):
    acts = make([{"start": date(2026, 1, 1), "sport": "walk", "gear": "A", "km": 3.0}])
    assert rotation_reference(acts, TODAY) is None
    assert shoe_summary(acts, TODAY)["rotation_share"].to_list() == [None]


def test_due_shoes_count_defaults_and_starting_distance_and_skip_retired(make):
    recent = [TODAY - timedelta(days=d) for d in (3, 5, 7)]
    acts = make(
        [{"start": d, "sport": "run", "km": 10.0} for d in recent]  # no gear: the default's
        + [{"start": d, "sport": "run", "km": 10.0, "gear": "Gone"} for d in recent]
    )
    records = _records(
        {"gear": "Ghost", "start_km": 470.0, "start_date": TODAY - timedelta(days=30)},
        {"gear": "Gone", "start_km": 900.0, "retired_on": TODAY - timedelta(days=1)},
    )
    defaults = pl.DataFrame({"sport": ["run"], "gear": ["Ghost"]})
    since = TODAY - timedelta(days=27)
    due = shoes_mod.due_shoes(acts, TODAY, since, records=records, defaults=defaults)
    assert due["gear"].to_list() == ["Ghost"]  # 500 km = 310.7 mi; "Gone" is retired
    assert due["distance_km"][0] == pytest.approx(500.0)
    assert shoes_mod.due_shoes(acts, TODAY, since).is_empty()  # without the records: 30 km


def test_guidance_alerts_use_the_shoe_records(make):
    from connectors.settings import Settings
    from dashboard.guidance import alerts

    acts = make([{"start": TODAY - timedelta(days=2), "sport": "run", "km": 10.0, "gear": "G"}])
    records = _records({"gear": "G", "name": "Green pair", "start_km": 480.0})
    found = alerts.alerts(
        acts,
        Settings(),
        TODAY,
        shoe_records=(records, pl.DataFrame(schema={"sport": pl.String, "gear": pl.String})),
    )
    assert [a.text for a in found if a.kind == "shoes"] == [
        "Green pair has 490 km (304 mi): worth checking."
    ]
    assert not [a for a in alerts.alerts(acts, Settings(), TODAY) if a.kind == "shoes"]


@settings(max_examples=60, deadline=None)
@given(miles=st.floats(50, 2000, allow_nan=False), typed=st.floats(80.5, 3218.7, allow_nan=False))
def test_shoe_marks_round_trip_between_km_and_stored_miles(miles, typed):
    # shown in km and saved untouched: the stored miles stay exactly as they were
    shown = shoes_mod.miles_to_unit(miles, "km")
    assert shoes_mod.unit_to_miles(shown, "km", miles) == miles
    # a value typed in km is stored in miles and shown again as typed (to 0.1 km)
    typed = round(typed, 1)
    stored = shoes_mod.unit_to_miles(typed, "km", miles if typed == shown else None)
    assert shoes_mod.miles_to_unit(stored, "km") == pytest.approx(typed, abs=0.051)
    assert shoes_mod.unit_to_miles(typed, "mi") == typed


def test_the_convention_in_km():
    assert shoes_mod.miles_to_unit(300, "km") == 482.8
    assert shoes_mod.miles_to_unit(500, "km") == 804.7
    assert shoes_mod.unit_to_miles(804.7, "km") == pytest.approx(500.0, abs=0.05)


def test_long_shoe_distances_are_written_with_thousands_separators(make):
    from connectors.settings import Settings
    from dashboard import shoe_view
    from dashboard.guidance import alerts

    acts = make([{"start": TODAY - timedelta(days=2), "sport": "run", "km": 10.0, "gear": "G"}])
    records = _records({"gear": "G", "name": "Green pair", "start_km": 14145.0})
    found = alerts.alerts(
        acts,
        Settings(),
        TODAY,
        shoe_records=(records, pl.DataFrame(schema={"sport": pl.String, "gear": pl.String})),
    )
    assert [a.text for a in found if a.kind == "shoes"] == [
        "Green pair has 14,155 km (8,796 mi): past the replace mark."
    ]
    in_use = pl.DataFrame(
        {"name": ["Green pair"], "status": ["replace"], "idle": [False],
         "km": [14155.2], "miles": [8795.6]}
    )  # fmt: skip
    assert shoe_view.headline(in_use, "km") == (
        "Green pair has 14,155 km: time to replace it by the convention."
    )
    assert shoe_view.headline(in_use, "mi").startswith("Green pair has 8,796 mi:")
