"""Peak GRF, loading cycles and the osteogenic index (worked examples from the domain brief)."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.metrics.bone import (
    bout_oi,
    daily_oi,
    keller_grf,
    morin_grf,
    session_bone_load,
    weekly_bone,
)

from .strategies import activity_rows


def test_morin_worked_example():
    assert round(morin_grf(170, 250), 2) == 2.22
    assert morin_grf(110, 700) is None  # walking: no flight phase
    assert morin_grf(0, 250) is None


def test_keller_curve():
    assert keller_grf("walk", 1.5) == 1.2
    assert keller_grf("hike", None) == 1.2
    assert keller_grf("run", None) == 2.6
    assert keller_grf("run", 6.0) == pytest.approx(2.5)
    assert keller_grf("run", 9.0) == pytest.approx(2.5)
    assert keller_grf("run", 1.0) == pytest.approx(1.8)
    assert keller_grf("run", 4.0) == pytest.approx(2.15)


def test_osteogenic_index_worked_examples():
    assert round(bout_oi(2.5, 165 * 30), 2) == 21.27
    assert round(bout_oi(2.5, 165 * 60), 2) == 23.00
    assert round(bout_oi(1.2, 110 * 60), 2) == 10.55
    assert round(bout_oi(5.0, 100), 2) == 23.08
    assert round(2 * bout_oi(5.0, 50), 2) == 39.32


def test_session_bone_load_methods(make):
    acts = make(
        [
            # 30 min at 6 m/s and 165 spm: Keller 2.5 BW, N = 4950 -> 21.27
            {
                "start": datetime(2026, 4, 6, 7),
                "sport": "run",
                "minutes": 30,
                "km": 10.8,
                "avg_cadence_spm": 165,
            },
            {
                "start": datetime(2026, 4, 7, 7),
                "sport": "walk",
                "minutes": 60,
                "avg_cadence_spm": 110,
            },
            {
                "start": datetime(2026, 4, 8, 7),
                "sport": "run",
                "minutes": 30,
                "avg_cadence_spm": 170,
                "avg_contact_ms": 250,
            },
            {"start": datetime(2026, 4, 9, 7), "sport": "run", "minutes": 20, "steps": 3000},
            {"start": datetime(2026, 4, 10, 7), "sport": "hike", "minutes": 10},
            {"start": datetime(2026, 4, 11, 7), "sport": "swim", "minutes": 30},
        ]
    )
    out = session_bone_load(acts)
    assert out.height == 5
    assert out["grf_method"].to_list() == ["keller", "default", "morin", "default", "default"]
    assert out["cycles_method"].to_list() == [
        "cadence",
        "cadence",
        "cadence",
        "steps",
        "default cadence",
    ]
    assert [round(v, 2) for v in out["oi"][:2]] == [21.27, 10.55]
    assert round(out["grf_bw"][2], 2) == 2.22
    assert out["cycles"][0] == 4950.0  # 30 min x 165 spm, all steps
    assert out["grf_bw"][3] == 2.6
    assert out["cycles"].to_list()[3:] == [3000.0, 1100.0]


def sessions(rows: list[tuple[datetime, float, float, float]]) -> pl.DataFrame:
    """(start, minutes, grf, cycles) -> a frame daily_oi accepts."""
    return pl.DataFrame(
        {
            "date": [r[0].date() for r in rows],
            "start_local": [r[0] for r in rows],
            "end_local": [r[0] + timedelta(minutes=r[1]) for r in rows],
            "grf_bw": [r[2] for r in rows],
            "cycles": [r[3] for r in rows],
        }
    )


def test_daily_oi_bouts_eight_hours_apart_add():
    morning = datetime(2026, 4, 6, 7)
    apart = daily_oi(
        sessions([(morning, 5, 5.0, 50), (morning + timedelta(hours=8, minutes=5), 5, 5.0, 50)])
    )
    assert apart["bouts"][0] == 2
    assert round(apart["oi"][0], 2) == 39.32
    close = daily_oi(sessions([(morning, 5, 5.0, 50), (morning + timedelta(hours=3), 5, 5.0, 50)]))
    assert close["bouts"][0] == 1
    assert round(close["oi"][0], 2) == 23.08
    mixed = daily_oi(
        sessions([(morning, 30, 2.5, 4950), (morning + timedelta(hours=1), 10, 1.2, 1000)])
    )
    assert mixed["oi"][0] == pytest.approx(2.5 * math.log(5951))


def test_daily_oi_fills_days_when_range_given():
    out = daily_oi(
        sessions([(datetime(2026, 4, 7, 7), 5, 5.0, 100)]), date(2026, 4, 6), date(2026, 4, 8)
    )
    assert out["bouts"].to_list() == [0, 1, 0]
    assert [round(v, 2) for v in out["oi"]] == [0.0, 23.08, 0.0]


def test_two_short_runs_beat_one_long_run(make):
    one = make(
        [
            {
                "start": date(2026, 4, 6),
                "sport": "run",
                "minutes": 60,
                "avg_cadence_spm": 165,
                "km": 21.6,
            }
        ]
    )
    two = make(
        [
            {
                "start": date(2026, 4, 6),
                "sport": "run",
                "minutes": 30,
                "avg_cadence_spm": 165,
                "km": 10.8,
            },
            {
                "start": date(2026, 4, 8),
                "sport": "run",
                "minutes": 30,
                "avg_cadence_spm": 165,
                "km": 10.8,
            },
        ]
    )
    assert round(weekly_bone(one)["oi"][0], 2) == 23.00
    assert round(weekly_bone(two)["oi"][0], 2) == 42.54


def test_weekly_bone_days(make):
    acts = make(
        [
            {"start": date(2026, 4, 6), "sport": "run", "minutes": 30},
            {"start": date(2026, 4, 7), "sport": "swim", "minutes": 30},
            {"start": date(2026, 4, 8), "sport": "walk", "minutes": 30},
            {"start": date(2026, 4, 15), "sport": "run", "minutes": 30},
        ]
    )
    out = weekly_bone(acts)
    assert out["week"].to_list() == ["2026-W15", "2026-W16"]
    assert out["impact_days"].to_list() == [1, 1]
    assert out["active_non_impact_days"].to_list() == [2, 0]
    assert out["rest_days"].to_list() == [4, 2]  # second week ends on Wednesday 15th


@settings(max_examples=30, deadline=None)
@given(rows=activity_rows(), seed=st.integers(0, 10_000))
def test_row_order_changes_nothing_and_oi_is_non_negative(make, rows, seed):
    acts = make(rows)
    shuffled = acts.sample(fraction=1.0, shuffle=True, seed=seed)
    a, b = weekly_bone(acts), weekly_bone(shuffled)
    assert a.drop("oi").equals(b.drop("oi"))
    assert a["oi"].to_list() == pytest.approx(b["oi"].to_list())
    assert (a["oi"] >= 0).all()
