"""Bone loading, score v2: peak ground reaction force, loading cycles and the osteogenic index.

Evidence: SPECULATIVE. The osteogenic index (Turner & Robling 2003, Exerc Sport Sci Rev 31:45)
and the value of rest between bouts (Robling, Burr & Turner 2001, J Exp Biol 204:3389) come from
animal studies and have not been validated against human bone density. The GRF estimates are
moderate (Keller 1996, Clin Biomech 11:253; Morin 2005, J Appl Biomech 21:167).

What v2 decides, and why:
- Walking earns nothing. Loads below STIMULUS_GRF = 1.5 BW score 0: walking peaks near 1.2 BW
  (Keller 1996), the load bones carry every day; daily steps did not track heel bone density
  while activities above ~2 BW did (Hutchinson 1995, MSSE 27:745), and walking programmes showed
  no significant effect on spine BMD (Martyn-St James & Carroll 2008, Bone 43:521; Ma 2013,
  Menopause 20:1216). 1.5 BW sits between brisk walking and slow jogging (1.8 BW). Walks are
  never bouts, so they never merge, split or shorten the rest between two runs.
- No bonus for missing data: a run without distance takes the Keller curve at a typical pace
  (TYPICAL_RUN_SPEED 3.0 m/s, 1.975 BW), never more than the curve gives at any speed, and its
  cycles come from duration x a typical cadence.
- Graded recovery: with s = `sensitivity` (how far mechanosensitivity has recovered since the
  last impact bout ended: a smooth rise from 0 to 1 over 8 h), a bout is credited
  s x (a fresh bout) + (1 - s) x (a continuation of the earlier loading: its cycles added on
  top of the cycles still carried). So 0 h of rest scores as one long bout, 8 h as two full
  bouts, and the credit in between follows s. Computed on the continuous UTC timeline, so
  midnight changes nothing; each bout's credit goes to its local start day.
- Impact sessions (jumps, jump rope, court and racquet sports, dance, stairs) carry a count:
  N = `reps` when logged, else steps, else minutes x a per-kind rate; GRF per kind (IMPACT_KINDS).

The weekly score is a stimulus estimate, not a target to maximise: running on more days raises
it, and the recovery and injury guidance (rest days between runs) still stands.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Final

import polars as pl

from dashboard.metrics.bone_bouts import FULL_RECOVERY_H as FULL_RECOVERY_H
from dashboard.metrics.bone_bouts import bout_oi as bout_oi
from dashboard.metrics.bone_bouts import credit_sessions
from dashboard.metrics.bone_bouts import sensitivity as sensitivity
from dashboard.metrics.bone_bouts import two_bouts as two_bouts
from dashboard.metrics.weekly import (
    daily_classes,
    date_bounds,
    local_date,
    minutes,
    monday,
    week_calendar,
    week_start,
)

WALK_GRF: Final = 1.2  # BW, Keller 1996 at ~1.5 m/s; walking varies little with speed
STIMULUS_GRF: Final = 1.5  # BW: loads below score 0 (see the module docstring)
# Keller 1996 running curve, interpolated linearly between (speed m/s, BW) and flat outside.
# 1.8 BW = 1.5 x walking ("slow jogging loads >50% more than walking"); 2.5 BW by 6 m/s.
RUN_CURVE: Final = ((2.0, 1.8), (6.0, 2.5))
TYPICAL_RUN_SPEED: Final = 3.0  # m/s (5:33 min/km), a typical recreational pace: 1.975 BW
DEFAULT_CADENCE: Final = {"run": 160.0, "walk": 110.0, "hike": 110.0}  # steps/min, convention
SCORED_SPORTS: Final = ("run", "walk", "hike", "impact")

# Impact kinds: (kind, words in the session's type, GRF in BW, cycles a minute without a count,
# basis). Matched in order on the lower-cased sport_type; the last row catches the rest.
IMPACT_KINDS: Final = (
    ("jump rope", ("rope", "skip"), 3.0, 100.0, "assumption between running (2.5) and jumps (5)"),
    ("jumps", ("jump", "hop", "plyo", "bound"), 5.0, 10.0, "domain brief: 100 jumps at 5 BW"),
    ("stairs", ("stair", "floor"), 1.6, 60.0, "assumption: stair descent ~1.5 BW, a little more"),
    (
        "court and racquet",
        ("tennis", "squash", "badminton", "ball", "padel", "racquet", "racket", "soccer", "futsal"),
        2.5,
        60.0,
        "assumption: running-level steps with lunges and landings (Nikander 2005 odd-impact)",
    ),
    ("dance and aerobics", ("danc", "zumba", "aerobic", "step"), 2.0, 100.0, "assumption: ~jog"),
    ("other impact", (), 2.0, 60.0, "assumption: about slow jogging"),
)


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
    flat above; without speed the curve at TYPICAL_RUN_SPEED (1.975 BW: no bonus for missing
    data). Evidence: moderate (group means; individuals differ by 20% or more).
    """
    if sport != "run":
        return WALK_GRF
    if speed_mps is None or speed_mps <= 0:
        speed_mps = TYPICAL_RUN_SPEED
    (v0, f0), (v1, f1) = RUN_CURVE
    v = min(max(speed_mps, v0), v1)
    return f0 + (f1 - f0) * (v - v0) / (v1 - v0)


def _impact_kind_expr(column: int) -> pl.Expr:
    """Kind (0), GRF (1) or rate (2) of IMPACT_KINDS for each row's lower-cased sport_type."""
    text = pl.col("sport_type").fill_null("").str.to_lowercase()
    *matched, catch_all = IMPACT_KINDS
    expr: pl.Expr = pl.lit(catch_all[column if column == 0 else column + 1])
    for row in reversed(matched):
        hit = pl.any_horizontal([text.str.contains(w, literal=True) for w in row[1]])
        expr = pl.when(hit).then(pl.lit(row[column if column == 0 else column + 1])).otherwise(expr)
    return expr


def _grf_and_cycles(activities: pl.DataFrame) -> pl.DataFrame:
    """GRF and cycles per session, with how each was found (vectorised over the frame)."""
    moving = pl.coalesce(pl.col("moving_s"), pl.col("elapsed_s"))
    speed = pl.when(moving > 0).then(pl.col("distance_m") / moving).otherwise(None)
    cad, contact = pl.col("avg_cadence_spm"), pl.col("avg_contact_ms")
    is_run, is_impact = pl.col("sport") == "run", pl.col("sport") == "impact"
    t_contact = contact / 1000.0
    t_flight = 60.0 / cad - t_contact
    morin_ok = (is_run & (cad > 0) & (contact > 0) & (t_flight >= 0)).fill_null(False)
    (v0, f0), (v1, f1) = RUN_CURVE
    run_speed = pl.when(speed > 0).then(speed).otherwise(TYPICAL_RUN_SPEED)
    keller_run = f0 + (f1 - f0) * (run_speed.clip(v0, v1) - v0) / (v1 - v0)
    acts = activities.with_columns(
        kind=_impact_kind_expr(0),
        kind_grf=_impact_kind_expr(1).cast(pl.Float64),
        kind_rate=_impact_kind_expr(2).cast(pl.Float64),
    )
    grf = (
        pl.when(morin_ok)
        .then(math.pi / 2.0 * (t_flight / t_contact + 1.0))
        .when(is_run)
        .then(keller_run)
        .when(is_impact)
        .then(pl.col("kind_grf"))
        .otherwise(pl.lit(WALK_GRF))
    )
    grf_method = (
        pl.when(morin_ok)
        .then(pl.lit("morin"))
        .when(is_run & (speed > 0).fill_null(False))
        .then(pl.lit("keller"))
        .when(is_run)
        .then(pl.lit("typical pace"))
        .when(is_impact)
        .then(pl.col("kind"))
        .otherwise(pl.lit("walking"))
    )
    mins = minutes().fill_null(0.0)
    has_reps = is_impact & (pl.col("reps") > 0).fill_null(False)
    has_steps = (pl.col("steps") > 0).fill_null(False)
    has_cad = ~is_impact & (cad > 0).fill_null(False)
    gait_rate = pl.col("sport").replace_strict(DEFAULT_CADENCE, default=None)
    default_rate = pl.when(is_impact).then(pl.col("kind_rate")).otherwise(gait_rate)
    cycles = (
        pl.when(has_reps)
        .then(pl.col("reps").cast(pl.Float64))
        .when(has_steps)
        .then(pl.col("steps").cast(pl.Float64))
        .when(has_cad)
        .then(cad * mins)
        .otherwise(default_rate * mins)
    )
    cycles_method = (
        pl.when(has_reps)
        .then(pl.lit("reps"))
        .when(has_steps)
        .then(pl.lit("steps"))
        .when(has_cad)
        .then(pl.lit("cadence"))
        .otherwise(pl.lit("typical rate"))
    )
    return acts.with_columns(
        grf_bw=grf, grf_method=grf_method, cycles=cycles, cycles_method=cycles_method
    )


SESSION_COLUMNS: Final = (
    "activity_id",
    "date",
    "start_local",
    "sport",
    "sport_type",
    "minutes",
    "grf_bw",
    "grf_method",
    "cycles",
    "cycles_method",
    "oi",
    "hours_since_last",
    "sensitivity",
    "oi_credited",
)


def session_bone_load(activities: pl.DataFrame) -> pl.DataFrame:
    """Per run, walk, hike and impact session: GRF, cycles, OI and the OI credited after recovery.

    GRF: Morin 2005 from cadence and contact time when they give a flight phase ("morin"), else
    Keller from speed ("keller"), else Keller at a typical pace ("typical pace"); impact sessions
    by kind (IMPACT_KINDS); walks and hikes 1.2 BW ("walking"). Cycles N count ALL foot contacts
    or repetitions: `reps` (impact only), else `steps`, else cadence x moving minutes, else a
    typical rate x minutes (run 160, walk 110 spm; impact by kind). `oi` = GRF x ln(N + 1) when
    GRF >= 1.5 BW, else 0. `oi_credited` = what the session adds after graded recovery since
    the previous impact bout (`hours_since_last`, null for the first; `sensitivity` 0-1).
    Columns: SESSION_COLUMNS, sorted by start. Evidence: speculative.
    """
    acts = activities.filter(pl.col("sport").is_in(SCORED_SPORTS))
    if "reps" not in acts.columns:
        acts = acts.with_columns(reps=pl.lit(None, pl.Int64))
    scored = _grf_and_cycles(acts).with_columns(
        date=local_date(),
        minutes=minutes(),
        end_utc=pl.col("start_utc") + pl.duration(seconds=pl.col("elapsed_s").fill_null(0.0)),
        oi=pl.when(pl.col("grf_bw") >= STIMULUS_GRF)
        .then(pl.col("grf_bw") * (pl.col("cycles") + 1.0).log())
        .otherwise(0.0),
    )
    scored = scored.sort("start_utc", "activity_id")
    return credit_sessions(scored).select(SESSION_COLUMNS)


def sessions_in(activities: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    """session_bone_load for sessions dated `start`..`end`, credited with the bouts of the day
    before `start` in view (they shorten the rest before the first bout in range)."""
    near = activities.filter(local_date().is_between(start - timedelta(days=1), end))
    return session_bone_load(near).filter(pl.col("date") >= start)


def daily_oi(
    sessions: pl.DataFrame, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """Daily osteogenic index from session_bone_load: `date`, `bouts` (sessions that scored),
    `cycles` (their cycles), `oi` (sum of `oi_credited`). Every day in [start, end] is present
    when both are given (0 on days without a bout). Evidence: speculative.
    """
    bouts = sessions.filter(pl.col("oi") > 0)
    daily = bouts.group_by("date").agg(
        bouts=pl.len().cast(pl.Int64),
        cycles=pl.col("cycles").sum(),
        oi=pl.col("oi_credited").sum(),
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
    """Per ISO week: `week`, `week_start`, `oi` (sum of credited OI), `impact_days` (days with a
    run or impact session), `active_non_impact_days` (any other activity only), `rest_days`.
    The week holding `end` is cut at `end`. Evidence: speculative (OI).
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
    daily = daily_oi(sessions_in(activities, first, end), first, end)
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
