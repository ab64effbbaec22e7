"""Bone loading: peak ground reaction force, loading cycles and the osteogenic index.

Evidence: SPECULATIVE. The osteogenic index (Turner & Robling 2003, Exerc Sport Sci Rev 31:45)
and the value of rest between bouts (Robling, Burr & Turner 2001, J Exp Biol 204:3389) come from
animal studies and have not been validated against human bone density. The GRF estimates are
moderate (Keller 1996, Clin Biomech 11:253; Morin 2005, J Appl Biomech 21:167).

Why it favours 2-3 shorter runs with rest over one long run: OI = GRF x ln(N + 1) saturates in
N (doubling a 30-minute run adds only ~1.7 to 21.3), while bouts separated by >= 8 h of rest add
in full. So two 30-minute runs on separate days score ~42.5 and one 60-minute run ~23.0.
Walking alone is a weak stimulus (Hutchinson 1995, MSSE 27:745: activities above ~2 BW tracked
heel bone density, daily steps did not).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Final

import polars as pl

from dashboard.metrics.weekly import (
    WALK_SPORTS,
    daily_classes,
    date_bounds,
    local_date,
    minutes,
    monday,
    week_calendar,
    week_start,
)

WALK_GRF: Final = 1.2  # BW, Keller 1996 at ~1.5 m/s; walking varies little with speed
RUN_DEFAULT_GRF: Final = 2.6  # BW without speed or contact time (Weeks & Beck 2008 table)
# Keller 1996 running curve, interpolated linearly between (speed m/s, BW) and flat outside.
# 1.8 BW = 1.5 x walking ("slow jogging loads >50% more than walking"); 2.5 BW by 6 m/s.
RUN_CURVE: Final = ((2.0, 1.8), (6.0, 2.5))
DEFAULT_CADENCE: Final = {"run": 160.0, "walk": 110.0, "hike": 110.0}  # steps/min, convention
REST_BETWEEN_BOUTS_H: Final = 8.0


def morin_grf(cadence_spm: float, contact_ms: float) -> float | None:
    """Peak vertical force in body weights, Morin 2005 (J Appl Biomech 21:167) sine-wave model:
    F = pi/2 x (t_flight / t_contact + 1), step time = 60 / cadence (steps/min, both feet),
    t_flight = step time - t_contact. Worked: 170 spm, 250 ms -> 2.22 BW.
    None when the inputs are not a running stride (no flight phase, or non-positive values).
    Evidence: moderate.
    """
    if cadence_spm <= 0 or contact_ms <= 0:
        return None
    t_contact = contact_ms / 1000.0
    t_flight = 60.0 / cadence_spm - t_contact
    if t_flight < 0:
        return None
    return math.pi / 2.0 * (t_flight / t_contact + 1.0)


def keller_grf(sport: str, speed_mps: float | None) -> float:
    """Peak vertical force in body weights by gait and speed, after Keller 1996 (Clin Biomech
    11:253). Walk and hike: 1.2 BW. Run: 1.8 BW at <= 2 m/s rising linearly to 2.5 BW at 6 m/s,
    flat above; without speed 2.6 BW (Weeks & Beck 2008 table, so slightly above the curve's top).
    Evidence: moderate (group means; individuals differ by 20% or more).
    """
    if sport != "run":
        return WALK_GRF
    if speed_mps is None or speed_mps <= 0:
        return RUN_DEFAULT_GRF
    (v0, f0), (v1, f1) = RUN_CURVE
    v = min(max(speed_mps, v0), v1)
    return f0 + (f1 - f0) * (v - v0) / (v1 - v0)


def bout_oi(grf_bw: float, cycles: float) -> float:
    """Osteogenic index of one bout: OI = GRF [BW] x ln(N + 1), N = loading cycles (all steps).

    Turner & Robling 2003. Worked: 2.5 BW x 4950 steps -> 21.27; 100 jumps at 5 BW -> 23.08.
    Evidence: speculative (animal data).
    """
    return grf_bw * math.log(cycles + 1.0)


def session_bone_load(activities: pl.DataFrame) -> pl.DataFrame:
    """GRF, loading cycles and OI of every run, walk and hike.

    GRF: Morin 2005 when avg_contact_ms and cadence give a flight phase ("morin"), else the
    Keller curve from speed = distance / moving time ("keller"), else the gait default
    ("default": run 2.6, walk 1.2 BW). Cycles N count ALL steps, both legs (the worked examples'
    convention: 30 min x 165 spm = 4950): `steps` when recorded ("steps"), else cadence x moving
    minutes ("cadence"), else a default cadence x minutes ("default cadence": run 160, walk/hike
    110 spm, a convention). Columns: `activity_id`, `date`, `start_local`, `end_local`, `sport`,
    `grf_bw`, `grf_method`, `cycles`, `cycles_method`, `oi`.
    """
    moving = pl.coalesce(pl.col("moving_s"), pl.col("elapsed_s"))
    speed = pl.when(moving > 0).then(pl.col("distance_m") / moving).otherwise(None)
    cad, contact = pl.col("avg_cadence_spm"), pl.col("avg_contact_ms")
    is_run = pl.col("sport") == "run"
    t_contact = contact / 1000.0
    t_flight = 60.0 / cad - t_contact
    morin_ok = is_run & (cad > 0) & (contact > 0) & (t_flight >= 0)
    (v0, f0), (v1, f1) = RUN_CURVE
    keller_run = f0 + (f1 - f0) * (speed.clip(v0, v1) - v0) / (v1 - v0)
    grf = (
        pl.when(morin_ok.fill_null(False))
        .then(math.pi / 2.0 * (t_flight / t_contact + 1.0))
        .when(~is_run)
        .then(pl.lit(WALK_GRF))
        .when(speed > 0)
        .then(keller_run)
        .otherwise(pl.lit(RUN_DEFAULT_GRF))
    )
    grf_method = (
        pl.when(morin_ok.fill_null(False))
        .then(pl.lit("morin"))
        .when(speed > 0)
        .then(pl.lit("keller"))
        .otherwise(pl.lit("default"))
    )
    default_cad = pl.col("sport").replace_strict(DEFAULT_CADENCE, default=None)
    has_steps = pl.col("steps").is_not_null() & (pl.col("steps") > 0)
    has_cad = cad.is_not_null() & (cad > 0)
    mins = minutes().fill_null(0.0)
    cycles = (
        pl.when(has_steps)
        .then(pl.col("steps").cast(pl.Float64))
        .when(has_cad)
        .then(cad * mins)
        .otherwise(default_cad * mins)
    )
    cycles_method = (
        pl.when(has_steps)
        .then(pl.lit("steps"))
        .when(has_cad)
        .then(pl.lit("cadence"))
        .otherwise(pl.lit("default cadence"))
    )
    acts = activities.filter(pl.col("sport").is_in(("run", *WALK_SPORTS)))
    end = pl.col("start_local") + pl.duration(seconds=pl.col("elapsed_s").fill_null(0.0))
    return (
        acts.select(
            "activity_id",
            "start_local",
            "sport",
            date=local_date(),
            end_local=end,
            grf_bw=grf,
            grf_method=grf_method,
            cycles=cycles,
            cycles_method=cycles_method,
        )
        .with_columns(oi=pl.col("grf_bw") * (pl.col("cycles") + 1.0).log())
        .select(
            "activity_id",
            "date",
            "start_local",
            "end_local",
            "sport",
            "grf_bw",
            "grf_method",
            "cycles",
            "cycles_method",
            "oi",
        )
        .sort("start_local", "activity_id")
    )


def daily_oi(
    sessions: pl.DataFrame, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """Daily osteogenic index from session_bone_load (or any frame with `date`, `start_local`,
    `end_local`, `grf_bw`, `cycles`).

    On one local day, a session starting less than 8 h after the previous bout ended joins that
    bout: the bout keeps the HIGHER GRF and SUMS the cycles (one continuous loading bout).
    Bouts >= 8 h apart add (Robling, Burr & Turner 2001: sensitivity recovers with rest).
    Worked: 100 jumps at 5 BW as 2 x 50 >= 8 h apart -> 39.32 (vs 23.08 as one bout).
    Every day in [start, end] is present when both are given (0 on days without a bout).
    Columns: `date`, `bouts`, `cycles`, `oi`. Evidence: speculative.
    """
    ordered = sessions.sort("date", "start_local")
    prev_end = pl.col("end_local").cum_max().shift(1).over("date")
    gap_h = (pl.col("start_local") - prev_end).dt.total_seconds() / 3600.0
    new_bout = prev_end.is_null() | (gap_h >= REST_BETWEEN_BOUTS_H)
    bouts = (
        ordered.with_columns(bout=new_bout.cast(pl.Int64).cum_sum().over("date"))
        .group_by("date", "bout")
        .agg(grf=pl.col("grf_bw").max(), cycles=pl.col("cycles").sum())
        .with_columns(oi=pl.col("grf") * (pl.col("cycles") + 1.0).log())
    )
    daily = bouts.group_by("date").agg(
        bouts=pl.len().cast(pl.Int64), cycles=pl.col("cycles").sum(), oi=pl.col("oi").sum()
    )
    if start is not None and end is not None:
        days = pl.DataFrame({"date": pl.date_range(start, end, interval="1d", eager=True)})
        daily = days.join(daily, on="date", how="left").with_columns(
            pl.col("bouts").fill_null(0), pl.col("cycles", "oi").fill_null(0.0)
        )
    return daily.sort("date")


def weekly_bone(
    activities: pl.DataFrame, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """Per ISO week: `week`, `week_start`, `oi` (sum of daily OI), `impact_days` (days with a
    run), `active_non_impact_days` (walk, hike, ride, swim, strength or other, no run),
    `rest_days`. The week holding `end` is cut at `end`. Evidence: speculative (OI).
    """
    bounds = date_bounds(activities, start, end)
    schema = {
        "week": pl.String,
        "week_start": pl.Date,
        "oi": pl.Float64,
        "impact_days": pl.Int64,
        "active_non_impact_days": pl.Int64,
        "rest_days": pl.Int64,
    }
    if bounds is None:
        return pl.DataFrame(schema=schema)
    start, end = bounds
    first = monday(start)
    # Days outside the range are dropped by daily_oi anyway: leave them out before its
    # per-day windows, which cost time in proportion to the whole history.
    in_range = activities.filter(local_date().is_between(first, end))
    daily = daily_oi(session_bone_load(in_range), first, end)
    classes = daily_classes(activities, first, end)
    per_day = classes.join(daily.select("date", "oi"), on="date", how="left")
    per_week = per_day.group_by(week_start(pl.col("date")).alias("week_start")).agg(
        oi=pl.col("oi").fill_null(0.0).sum(),
        impact_days=(pl.col("day_class") == "impact").sum(),
        active_non_impact_days=pl.col("day_class").is_in(("weight-bearing", "active")).sum(),
        rest_days=(pl.col("day_class") == "rest").sum(),
    )
    out = week_calendar(start, end).join(per_week, on="week_start", how="left")
    return out.select(list(schema)).cast(schema).sort("week_start")
