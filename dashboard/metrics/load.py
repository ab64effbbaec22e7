"""Training load: per-session load, daily load, fitness/fatigue/form, ACWR, monotony and strain.

Loads describe training (well-founded as descriptions); none of them predicts injury well.
One scale for the whole history: every session is scored in Banister TRIMP units. With heart
rate, x (the heart-rate reserve fraction) comes from avg_hr ("trimp"); without it, x is
estimated from the perceived effort the person logged ("effort") or a per-sport default effort
("default"): x = (RPE + 1) / 10 on Foster's 0-10 scale (0 at RPE 0, at most 1). That mapping is
a convention anchored to ACSM's intensity table (Garber 2011, MSSE 43:1334: moderate = 40-59%
of heart-rate reserve ~ "moderate" to "somewhat hard", vigorous = 60-89% ~ "hard" to "very
hard"), so RPE 3-4 -> 40-50% and RPE 5-7 -> 60-80%. Mixing TRIMP with raw session RPE (RPE x
minutes, ~5x larger) would let a 60-minute walk without heart rate (3 x 60 = 180) outweigh a
30-minute run with heart rate (TRIMP ~60); on one scale it cannot. `load_method` says which
input each session used, so a page can say so (LOAD_SCALE).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

import polars as pl

# ACWR, monotony and strain live in load_ratios (module size); re-exported here.
from dashboard.metrics.load_ratios import (
    Acwr,
    MonotonyStrain,
    acwr_daily,
    acwr_weekly,
    ewma,
    monotony_strain,
    weekly_monotony,
)
from dashboard.metrics.weekly import local_date, minutes

Sex = Literal["male", "female"]
TrimpVariant = Literal["morton", "goldencheetah", "runalyze"]
KConvention = Literal["goldencheetah", "trainingpeaks", "runalyze"]

# (a, b) per variant and sex. Morton, Fitz-Clarke & Banister 1990 (J Appl Physiol 69:1171).
TRIMP_COEFFICIENTS: Final[Mapping[str, Mapping[str, tuple[float, float]]]] = {
    "morton": {"male": (0.64, 1.92), "female": (0.86, 1.67)},
    "goldencheetah": {"male": (0.64, 1.92), "female": (0.64, 1.67)},
    "runalyze": {"male": (0.64, 1.92), "female": (0.821776, 1.67)},
}

# Default effort when neither heart rate nor RPE is known: a convention, not a measurement.
# RPE on Foster's 0-10 scale: easy run ~5 ("hard-ish"), walk ~3 ("moderate"). Impact and
# balance follow the Compendium of Physical Activities (Ainsworth 2011, MSSE 43:1575) through
# ACSM's bands (light < 3 METs, vigorous >= 6): rope jumping 8.8-12.3 METs, aerobic dance and
# tennis 7.3 (vigorous: RPE 6, 70% of heart-rate reserve); hatha yoga 2.5, tai chi/qigong 3.0
# (light: RPE 2, 30%). Before these two rows they fell to "other" (RPE 3), which put a jump-rope
# session below an easy run of the same length.
DEFAULT_RPE: Final[Mapping[str, float]] = {
    "run": 5.0,
    "walk": 3.0,
    "hike": 4.0,
    "ride": 4.0,
    "swim": 4.0,
    "strength": 5.0,
    "impact": 6.0,
    "balance": 2.0,
    "other": 3.0,
}


LOAD_SCALE: Final = (
    "Every session's load is on one scale, Banister TRIMP: from heart rate when the session has "
    "it, otherwise from the effort you logged or a typical effort for the sport, turned into the "
    "heart rate it usually goes with. Fitness, fatigue, form and monotony are computed on that "
    "one scale."
)


def effort_to_hrr(rpe: pl.Expr) -> pl.Expr:
    """Heart-rate reserve fraction estimated from RPE (0-10): (RPE + 1) / 10, 0 at RPE 0, at
    most 1 (see the module docstring: a convention, evidence speculative)."""
    return pl.when(rpe <= 0).then(0.0).otherwise(((rpe + 1.0) / 10.0).clip(upper_bound=1.0))


@dataclass(frozen=True)
class LoadSettings:
    """The athlete's settings that load depends on (bpm; sex picks the TRIMP coefficients)."""

    resting_hr: float = 60.0
    max_hr: float = 190.0
    sex: Sex = "male"
    use_hr: bool = True
    trimp_variant: TrimpVariant = "morton"


def banister_trimp(
    minutes_: float,
    avg_hr: float,
    resting_hr: float,
    max_hr: float,
    sex: Sex = "male",
    variant: TrimpVariant = "morton",
) -> float:
    """Banister TRIMP = minutes * x * a * exp(b * x), x = (HR - HRrest) / (HRmax - HRrest).

    Morton, Fitz-Clarke & Banister 1990 (J Appl Physiol 69:1171): men a=0.64 b=1.92,
    women a=0.86 b=1.67 ("morton", the default). Variants: "goldencheetah" (TRIMPPoints: a=0.64
    for both sexes), "runalyze" (women's a normalised to 0.821776). x is floored at 0 (HR below
    resting gives 0, as GoldenCheetah does). Units: arbitrary "TRIMP" points.
    Worked: 30 min at 130 bpm, rest 40, max 200 -> men 31.80, women 37.13.
    Evidence: well-founded as a description of internal load.
    """
    a, b = TRIMP_COEFFICIENTS[variant][sex]
    x = max(0.0, (avg_hr - resting_hr) / (max_hr - resting_hr))
    return minutes_ * x * a * math.exp(b * x)


def edwards_trimp(zone_minutes: Sequence[float]) -> float:
    """Edwards TRIMP = sum of minutes in zone i x i, zones 50-60/60-70/70-80/80-90/90-100 % HRmax.

    Edwards 1993 (The Heart Rate Monitor Book). Worked: 10, 20, 15, 5 min in zones 1-4 -> 115.
    Evidence: well-founded as a description.
    """
    if len(zone_minutes) > 5:
        raise ValueError("Edwards TRIMP has five zones")
    return float(sum((i + 1) * m for i, m in enumerate(zone_minutes)))


def session_rpe(rpe: float, minutes_: float) -> float:
    """Session RPE = RPE (0-10, CR-10 scale) x minutes (Foster 2001, JSCR 15:109).

    Worked: 6 x 45 = 270 arbitrary units. Evidence: well-founded as a description.
    """
    return rpe * minutes_


def session_loads(activities: pl.DataFrame, settings: LoadSettings) -> pl.DataFrame:
    """Load of every session on one scale (Banister TRIMP units): `activity_id`, `start_local`,
    `date`, `sport`, `minutes`, `load`, `load_method`, sorted by start.

    load = minutes * x * a * exp(b * x) (banister_trimp's formula, the settings' sex and variant)
    with x from avg_hr ("trimp", when `use_hr` is on), else from the logged RPE ("effort"), else
    from the sport's default RPE ("default": run 5, walk 3, hike/ride/swim 4, strength 5,
    impact 6, balance 2, other 3, a convention: DEFAULT_RPE), through effort_to_hrr. Minutes
    are moving time, else elapsed time.
    Worked: 30 min at 130 bpm (rest 40, max 200, men) -> 31.80; a 60-minute walk without heart
    rate -> x 0.4 -> 33.1, under a 30-minute run at 160 bpm (60.8).
    """
    a, b = TRIMP_COEFFICIENTS[settings.trimp_variant][settings.sex]
    x_hr = (
        (pl.col("avg_hr") - settings.resting_hr) / (settings.max_hr - settings.resting_hr)
    ).clip(lower_bound=0.0)
    has_hr = pl.col("avg_hr").is_not_null() & pl.lit(settings.use_hr)
    default_rpe = pl.col("sport").replace_strict(DEFAULT_RPE, default=DEFAULT_RPE["other"])
    has_rpe = pl.col("rpe").is_not_null()
    x = (
        pl.when(has_hr)
        .then(x_hr)
        .when(has_rpe)
        .then(effort_to_hrr(pl.col("rpe")))
        .otherwise(effort_to_hrr(default_rpe))
    )
    frame = activities.with_columns(date=local_date(), minutes=minutes().fill_null(0.0))
    return (
        frame.with_columns(x=x)
        .with_columns(
            load_method=pl.when(has_hr)
            .then(pl.lit("trimp"))
            .when(has_rpe)
            .then(pl.lit("effort"))
            .otherwise(pl.lit("default")),
            load=pl.col("minutes") * pl.col("x") * a * (b * pl.col("x")).exp(),
        )
        .select("activity_id", "start_local", "date", "sport", "minutes", "load", "load_method")
        .sort("start_local", "activity_id")
    )


def load_scale_note(sessions: pl.DataFrame) -> str:
    """LOAD_SCALE plus how many sessions used each input, for the Weekly load page."""
    counts = dict(sessions["load_method"].value_counts().iter_rows())
    return (
        f"{LOAD_SCALE} In this period: {counts.get('trimp', 0)} sessions from heart rate, "
        f"{counts.get('effort', 0)} from your logged effort, {counts.get('default', 0)} from a "
        "typical effort for the sport. Loads are in TRIMP units."
    )


def daily_loads(
    sessions: pl.DataFrame, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """Sum of session loads per local day, every day in [start, end] present (rest days = 0).

    `sessions` is the output of session_loads. Columns: `date`, `load`.
    """
    if start is None or end is None:
        if sessions.is_empty():
            return pl.DataFrame(schema={"date": pl.Date, "load": pl.Float64})
        start = start if start is not None else sessions["date"].min()
        end = end if end is not None else sessions["date"].max()
    days = pl.DataFrame({"date": pl.date_range(start, end, interval="1d", eager=True)})
    per_day = sessions.group_by("date").agg(pl.col("load").sum())
    return (
        days.join(per_day, on="date", how="left")
        .with_columns(pl.col("load").fill_null(0.0).cast(pl.Float64))
        .sort("date")
    )


def decay_constant(tau: float, convention: KConvention) -> float:
    """k in CTL_t = CTL_{t-1} + k (L_t - CTL_{t-1}).

    "goldencheetah": 1 - exp(-1/tau) (PMCData.cpp; the exact daily step of Banister's continuous
    exponential decay), "trainingpeaks": 1/tau, "runalyze": 2/(tau + 1) (TSB.php, an EWMA span).
    """
    if convention == "goldencheetah":
        return 1.0 - math.exp(-1.0 / tau)
    if convention == "trainingpeaks":
        return 1.0 / tau
    if convention == "runalyze":
        return 2.0 / (tau + 1.0)
    raise ValueError(f"unknown convention {convention!r}")


def fitness_fatigue(
    daily: pl.DataFrame,
    ctl_days: float = 42.0,
    atl_days: float = 7.0,
    k: KConvention = "goldencheetah",
    ctl0: float = 0.0,
    atl0: float = 0.0,
) -> pl.DataFrame:
    """Fitness (CTL), fatigue (ATL) and form (TSB = CTL - ATL, same day) from `daily_loads`.

    CTL_t = CTL_{t-1} + k (L_t - CTL_{t-1}), tau 42 d (fitness) and 7 d (fatigue), starting from
    `ctl0`/`atl0` on the day before the first row, updated in date order. Default k matches
    GoldenCheetah's PMC (1 - exp(-1/tau)): single load 100 -> CTL 2.353, ATL 13.312.
    "trainingpeaks" (1/tau) -> 2.381 / 14.286; "runalyze" (2/(tau+1)) -> 4.651 / 25.0, and it
    reproduces Runalyze's TSBTest. Banister's impulse-response model; Coggan's PMC naming.
    Evidence: well-founded as a description; weak as a predictor of performance or injury.
    `daily` must hold every day (daily_loads does this), else gaps are not decayed.
    """
    daily = daily.sort("date")
    load = daily["load"].fill_null(0.0)
    ctl = ewma(load, decay_constant(ctl_days, k), ctl0)
    atl = ewma(load, decay_constant(atl_days, k), atl0)
    return daily.select("date", "load").with_columns(fitness=ctl, fatigue=atl, form=ctl - atl)


__all__ = [
    "DEFAULT_RPE",
    "LOAD_SCALE",
    "TRIMP_COEFFICIENTS",
    "Acwr",
    "LoadSettings",
    "MonotonyStrain",
    "acwr_daily",
    "acwr_weekly",
    "banister_trimp",
    "daily_loads",
    "decay_constant",
    "edwards_trimp",
    "effort_to_hrr",
    "ewma",
    "fitness_fatigue",
    "load_scale_note",
    "monotony_strain",
    "session_loads",
    "session_rpe",
    "weekly_monotony",
]
