"""Acute:chronic workload ratio, monotony and strain, from daily loads (see load.py).

ACWR is shown because athletes meet it elsewhere, and labelled contested: its injury link has
not survived re-analysis. Monotony and strain describe how evenly load is spread over a week.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from dashboard.metrics.weekly import week_label, week_start

# Below this SD the loads are identical but for float noise: monotony is undefined.
_SD_EPS = 1e-9


def ewma(values: pl.Series, k: float, seed: float = 0.0) -> pl.Series:
    """y_t = y_{t-1} + k (x_t - y_{t-1}) with y_{-1} = seed (also used by fitness_fatigue)."""
    padded = pl.concat([pl.Series([seed], dtype=pl.Float64), values.cast(pl.Float64)])
    return padded.ewm_mean(alpha=k, adjust=False).slice(1)


@dataclass(frozen=True)
class Acwr:
    """Acute:chronic workload ratios for the last of a run of weekly loads."""

    acute: float
    coupled: float | None
    uncoupled: float | None


def acwr_weekly(weekly_loads: Sequence[float]) -> Acwr:
    """ACWR from weekly loads, oldest first; acute = the last week, chronic = 4-week average.

    Coupled: chronic includes the acute week (mean of the last 4). Uncoupled: chronic is the mean
    of the 3 weeks before it. Worked: 20, 20, 20, 30 -> coupled 1.33, uncoupled 1.50.
    Gabbett 2016 (BJSM 50:273). CONTESTED: Lolli 2019 (BJSM 53:921) showed the coupled ratio is
    spuriously correlated; Impellizzeri 2020 (J Athl Train 55:893) argues it should be dropped.
    Evidence: speculative. Ratios are None when the chronic load is 0 or weeks are missing.
    """
    if len(weekly_loads) < 4:
        raise ValueError("ACWR needs four weekly loads")
    last4 = [float(v) for v in weekly_loads[-4:]]
    acute = last4[-1]
    coupled_chronic = sum(last4) / 4.0
    uncoupled_chronic = sum(last4[:3]) / 3.0
    return Acwr(
        acute=acute,
        coupled=acute / coupled_chronic if coupled_chronic > 0 else None,
        uncoupled=acute / uncoupled_chronic if uncoupled_chronic > 0 else None,
    )


def acwr_daily(daily: pl.DataFrame, acute_days: int = 7, chronic_days: int = 28) -> pl.DataFrame:
    """Rolling ACWR for every day of `daily_loads` (labelled contested, see acwr_weekly).

    acute = sum of the last 7 days; chronic coupled = sum of the last 28 days / 4; uncoupled =
    (sum of the 21 days before the acute week) / 3. EWMA variant (Williams 2017, BJSM 51:209):
    EWMA with lambda = 2/(N+1), N = 7 and 28, seeded at 0, ratio acute/chronic. Ratios are null
    for the first 28 days and when the chronic load is 0. Evidence: speculative.
    """
    daily = daily.sort("date")
    weeks = chronic_days / acute_days
    load = pl.col("load").fill_null(0.0)
    acute = load.rolling_sum(acute_days, min_samples=acute_days)
    total = load.rolling_sum(chronic_days, min_samples=chronic_days)
    ready = pl.int_range(pl.len()) >= chronic_days - 1
    lam_a, lam_c = 2.0 / (acute_days + 1), 2.0 / (chronic_days + 1)
    ewma_a = ewma(daily["load"].fill_null(0.0), lam_a)
    ewma_c = ewma(daily["load"].fill_null(0.0), lam_c)
    out = daily.select("date", "load").with_columns(
        acute=acute, chronic=total / weeks, ewma_acute=ewma_a, ewma_chronic=ewma_c
    )
    prior = (total - acute) / (weeks - 1)

    def ratio(num: pl.Expr, den: pl.Expr) -> pl.Expr:
        return pl.when(ready & (den > 0)).then(num / den).otherwise(None)

    return out.with_columns(
        acwr_coupled=ratio(pl.col("acute"), pl.col("chronic")),
        acwr_uncoupled=ratio(pl.col("acute"), prior),
        acwr_ewma=ratio(pl.col("ewma_acute"), pl.col("ewma_chronic")),
    )


@dataclass(frozen=True)
class MonotonyStrain:
    """Foster's monotony and strain over one week of daily loads."""

    weekly_load: float
    mean: float
    sd: float
    monotony: float | None
    strain: float | None


def monotony_strain(daily_loads_7: Sequence[float]) -> MonotonyStrain:
    """Monotony = mean daily load / SD (population SD, rest days count as 0); strain = weekly
    load x monotony (Foster 1998, MSSE 30:1164; population SD as Runalyze computes it).

    Worked: [5, 15, 20, 20, 20, 25, 35] -> monotony 2.366, strain 331.3.
    Monotony is None when SD is 0 (identical loads every day: undefined, not infinite).
    Evidence: moderate (a description; the injury link is from small studies).
    """
    if len(daily_loads_7) != 7:
        raise ValueError("monotony is defined over 7 daily loads")
    loads = [float(v) for v in daily_loads_7]
    total = sum(loads)
    mean = total / 7.0
    sd = math.sqrt(sum((v - mean) ** 2 for v in loads) / 7.0)
    mono = mean / sd if sd > _SD_EPS else None
    return MonotonyStrain(
        weekly_load=total,
        mean=mean,
        sd=sd,
        monotony=mono,
        strain=total * mono if mono is not None else None,
    )


def weekly_monotony(daily: pl.DataFrame) -> pl.DataFrame:
    """Per ISO week of `daily_loads`: `week`, `week_start`, `load`, `monotony`, `strain`.

    Only weeks with all 7 days in `daily` get monotony and strain (see monotony_strain).
    """
    grouped = (
        daily.with_columns(week_start=week_start(pl.col("date")))
        .group_by("week_start")
        .agg(
            load=pl.col("load").sum(),
            days=pl.len(),
            mean=pl.col("load").mean(),
            sd=pl.col("load").std(ddof=0),
        )
    )
    full = (pl.col("days") == 7) & (pl.col("sd") > _SD_EPS)
    monotony = pl.when(full).then(pl.col("mean") / pl.col("sd")).otherwise(None)
    return (
        grouped.with_columns(week_label(pl.col("week_start")), monotony=monotony)
        .with_columns(strain=pl.col("load") * pl.col("monotony"))
        .select("week", "week_start", "load", "monotony", "strain")
        .sort("week_start")
    )
