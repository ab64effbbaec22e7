"""Training load: TRIMP, sRPE, defaults, fitness/fatigue/form, ACWR, monotony and strain."""

from __future__ import annotations

import math
from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.metrics.load import (
    LOAD_SCALE,
    LoadSettings,
    acwr_daily,
    acwr_weekly,
    banister_trimp,
    daily_loads,
    decay_constant,
    edwards_trimp,
    effort_to_hrr,
    fitness_fatigue,
    load_scale_note,
    monotony_strain,
    session_loads,
    session_rpe,
    weekly_monotony,
)

from .strategies import activity_rows

D0 = date(2026, 1, 5)  # a Monday


def daily(loads: list[float], first: date = D0) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "date": [first + timedelta(days=i) for i in range(len(loads))],
            "load": [float(v) for v in loads],
        }
    )


def php_round(value: float) -> int:
    """PHP's round(): half away from zero (Runalyze's tests round this way)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def test_banister_trimp_worked_example():
    assert round(banister_trimp(30, 130, 40, 200, "male"), 2) == 31.80
    assert round(banister_trimp(30, 130, 40, 200, "female"), 2) == 37.13


def test_banister_trimp_variants():
    x = 90 / 160
    gc = banister_trimp(30, 130, 40, 200, "female", "goldencheetah")
    assert gc == pytest.approx(30 * x * 0.64 * math.exp(1.67 * x))
    ra = banister_trimp(30, 130, 40, 200, "female", "runalyze")
    assert ra == pytest.approx(30 * x * 0.821776 * math.exp(1.67 * x))
    assert banister_trimp(30, 130, 40, 200, "male", "runalyze") == pytest.approx(31.8025, 1e-4)
    assert banister_trimp(30, 35, 40, 200) == 0.0  # HR below resting


def test_edwards_and_session_rpe_worked_examples():
    assert edwards_trimp([10, 20, 15, 5]) == 115
    assert session_rpe(6, 45) == 270
    with pytest.raises(ValueError):
        edwards_trimp([1, 1, 1, 1, 1, 1])


def _trimp_at(minutes: float, x: float, a: float = 0.64, b: float = 1.92) -> float:
    return minutes * x * a * math.exp(b * x)


def test_session_loads_one_scale_from_hr_then_effort_then_default(make):
    acts = make(
        [
            {"start": D0, "sport": "run", "minutes": 30, "avg_hr": 130, "rpe": 9},
            {"start": D0 + timedelta(days=1), "sport": "run", "minutes": 45, "rpe": 6},
            {"start": D0 + timedelta(days=2), "sport": "run", "minutes": 20},
            {"start": D0 + timedelta(days=3), "sport": "walk", "minutes": 60},
        ]
    )
    cfg = LoadSettings(resting_hr=40, max_hr=200, sex="male")
    out = session_loads(acts, cfg)
    assert out["load_method"].to_list() == ["trimp", "effort", "default", "default"]
    loads = out["load"].to_list()
    assert round(loads[0], 2) == 31.80  # the Banister worked example, unchanged
    # RPE 6 -> 70% HRR; run default 5 -> 60%; walk default 3 -> 40%
    assert loads[1:] == pytest.approx([_trimp_at(45, 0.7), _trimp_at(20, 0.6), _trimp_at(60, 0.4)])
    no_hr = session_loads(acts, LoadSettings(resting_hr=40, max_hr=200, use_hr=False))
    assert no_hr["load_method"][0] == "effort"
    assert no_hr["load"][0] == pytest.approx(_trimp_at(30, 1.0))  # RPE 9 -> capped at 100%


def test_impact_and_balance_without_hr_get_their_own_default_effort(make):
    """Jump rope is vigorous (Compendium 8.8-12.3 METs), yoga light (2.5): neither is 'other'."""
    acts = make(
        [
            {"start": D0, "sport": "impact", "minutes": 20},
            {"start": D0 + timedelta(days=1), "sport": "run", "minutes": 20},
            {"start": D0 + timedelta(days=2), "sport": "balance", "minutes": 20},
            {"start": D0 + timedelta(days=3), "sport": "other", "minutes": 20},
        ]
    )
    out = session_loads(acts, LoadSettings(resting_hr=40, max_hr=200, sex="male"))
    assert out["load_method"].to_list() == ["default"] * 4
    impact, run, balance, other = out["load"].to_list()
    assert impact == pytest.approx(_trimp_at(20, 0.7))
    assert balance == pytest.approx(_trimp_at(20, 0.3))
    assert impact > run > other > balance


@pytest.mark.parametrize("sex", ["male", "female"])
def test_a_walk_without_hr_never_outweighs_a_run_with_hr(make, sex):
    acts = make(
        [
            {"start": D0, "sport": "walk", "minutes": 60},
            {"start": D0 + timedelta(days=1), "sport": "run", "minutes": 30, "avg_hr": 160},
        ]
    )
    walk, run = session_loads(acts, LoadSettings(resting_hr=40, max_hr=200, sex=sex))["load"]
    assert walk < run
    assert run == pytest.approx(banister_trimp(30, 160, 40, 200, sex))
    assert walk == pytest.approx(banister_trimp(60, 40 + 0.4 * 160, 40, 200, sex))


def test_effort_to_hrr_follows_the_acsm_bands():
    rpe = pl.Series("rpe", [0.0, 3.0, 4.0, 5.0, 7.0, 10.0])
    x = pl.select(effort_to_hrr(pl.lit(rpe)))["literal"].to_list()
    assert x == pytest.approx([0.0, 0.4, 0.5, 0.6, 0.8, 1.0])


def test_load_scale_note_says_which_inputs(make):
    acts = make(
        [
            {"start": D0, "sport": "run", "minutes": 30, "avg_hr": 150},
            {"start": D0 + timedelta(days=1), "sport": "walk", "minutes": 60},
        ]
    )
    note = load_scale_note(session_loads(acts, LoadSettings()))
    assert note.startswith(LOAD_SCALE)
    assert "1 sessions from heart rate, 0 from your logged effort, 1 from a typical" in note


def test_daily_loads_fill_rest_days_with_zero(make):
    acts = make(
        [
            {"start": D0, "sport": "run", "minutes": 10, "rpe": 5},
            {"start": D0, "sport": "walk", "minutes": 10, "rpe": 2},
            {"start": D0 + timedelta(days=3), "sport": "run", "minutes": 10, "rpe": 4},
        ]
    )
    out = daily_loads(session_loads(acts, LoadSettings()))
    assert out["load"].to_list() == pytest.approx(
        [_trimp_at(10, 0.6) + _trimp_at(10, 0.3), 0.0, 0.0, _trimp_at(10, 0.5)]
    )


def test_fitness_fatigue_goldencheetah_worked_examples():
    one = fitness_fatigue(daily([100]))
    assert round(one["fitness"][0], 3) == 2.353
    assert round(one["fatigue"][0], 3) == 13.312
    steady = fitness_fatigue(daily([50] * 42))
    assert round(steady["fitness"][-1], 2) == 31.61
    assert round(steady["fatigue"][-1], 2) == 49.88
    assert steady["form"][-1] == pytest.approx(steady["fitness"][-1] - steady["fatigue"][-1])


def test_fitness_fatigue_trainingpeaks_and_runalyze_constants():
    tp = fitness_fatigue(daily([100]), k="trainingpeaks")
    assert (round(tp["fitness"][0], 3), round(tp["fatigue"][0], 3)) == (2.381, 14.286)
    ra = fitness_fatigue(daily([100]), k="runalyze")
    assert (round(ra["fitness"][0], 3), round(ra["fatigue"][0], 3)) == (4.651, 25.0)
    assert decay_constant(42, "goldencheetah") == pytest.approx(1 - math.exp(-1 / 42))
    with pytest.raises(ValueError):
        decay_constant(42, "nope")  # type: ignore[arg-type]


def test_fitness_fatigue_reproduces_runalyze_tsb_tests():
    single = fitness_fatigue(daily([1000]), k="runalyze")
    assert php_round(single["fitness"][0]) == 47
    assert php_round(single["fatigue"][0]) == 250
    assert php_round(single["form"][0]) == -203
    loads = [150, 50, 40, 0, 0, 60, 30, 100]  # {day0:150, day1:50, day2:40, day5:60, ...}
    out = fitness_fatigue(daily(loads), k="runalyze")
    assert [php_round(v) for v in out["fitness"]] == [7, 9, 10, 10, 9, 12, 13, 17]
    assert [php_round(v) for v in out["fatigue"]] == [38, 41, 40, 30, 23, 32, 32, 49]
    assert php_round(out["form"][0]) == -31


def test_fitness_fatigue_starting_values():
    out = fitness_fatigue(daily([0]), k="trainingpeaks", ctl0=42.0, atl0=70.0)
    assert out["fitness"][0] == pytest.approx(42.0 * (1 - 1 / 42))
    assert out["fatigue"][0] == pytest.approx(70.0 * (1 - 1 / 7))


def test_acwr_weekly_worked_example():
    result = acwr_weekly([20, 20, 20, 30])
    assert round(result.coupled, 2) == 1.33
    assert round(result.uncoupled, 2) == 1.50
    assert acwr_weekly([0, 0, 0, 10]).coupled == 4.0  # 10 / (10 / 4)
    assert acwr_weekly([0, 0, 0, 10]).uncoupled is None
    with pytest.raises(ValueError):
        acwr_weekly([1, 2, 3])


def test_acwr_daily_matches_weekly_on_week_boundaries():
    loads = [20 / 7] * 21 + [30 / 7] * 7
    out = acwr_daily(daily(loads))
    assert out["acwr_coupled"][:27].null_count() == 27
    assert round(out["acwr_coupled"][-1], 2) == 1.33
    assert round(out["acwr_uncoupled"][-1], 2) == 1.50
    assert out["acwr_ewma"][-1] > 1.0
    flat = acwr_daily(daily([10] * 40))
    assert flat["acwr_coupled"][-1] == pytest.approx(1.0)


def test_monotony_strain_worked_example():
    result = monotony_strain([5, 15, 20, 20, 20, 25, 35])
    assert round(result.monotony, 3) == 2.366
    assert round(result.strain, 1) == 331.3
    assert result.weekly_load == 140
    flat = monotony_strain([10] * 7)
    assert flat.monotony is None and flat.strain is None


def test_weekly_monotony_uses_whole_weeks_only():
    out = weekly_monotony(daily([5, 15, 20, 20, 20, 25, 35, 10, 10]))
    assert round(out["monotony"][0], 3) == 2.366
    assert round(out["strain"][0], 1) == 331.3
    assert out["monotony"][1] is None  # two days of the second week
    assert out["load"].to_list() == [140.0, 20.0]


@settings(max_examples=40, deadline=None)
@given(rows=activity_rows(), pick=st.integers(0, 1000))
def test_a_rest_day_never_raises_a_weeks_load(make, rows, pick):
    acts = make(rows)
    cfg = LoadSettings()
    days = acts["start_local"].dt.date()
    first, last = days.min(), days.max()
    rest_day = days.unique().sort()[pick % days.n_unique()]
    rested = acts.filter(acts["start_local"].dt.date() != rest_day)
    before = weekly_monotony(daily_loads(session_loads(acts, cfg), first, last))
    after = weekly_monotony(daily_loads(session_loads(rested, cfg), first, last))
    assert before["week"].to_list() == after["week"].to_list()
    for b, a in zip(before["load"], after["load"], strict=True):
        assert a <= b + 1e-9
    ff_before = fitness_fatigue(daily_loads(session_loads(acts, cfg), first, last))
    ff_after = fitness_fatigue(daily_loads(session_loads(rested, cfg), first, last))
    assert (ff_after["fatigue"] <= ff_before["fatigue"] + 1e-9).all()


@settings(max_examples=30, deadline=None)
@given(rows=activity_rows(), seed=st.integers(0, 10_000))
def test_row_order_changes_nothing(make, rows, seed):
    acts = make(rows)
    shuffled = acts.sample(fraction=1.0, shuffle=True, seed=seed)
    cfg = LoadSettings(sex="female")
    a = daily_loads(session_loads(acts, cfg))
    b = daily_loads(session_loads(shuffled, cfg))
    assert a["date"].to_list() == b["date"].to_list()
    assert a["load"].to_list() == pytest.approx(b["load"].to_list())
    assert session_loads(acts, cfg).equals(session_loads(shuffled, cfg))
