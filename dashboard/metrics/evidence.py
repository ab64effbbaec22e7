"""What each metric is, its formula, its evidence rung and its sources, for "About this metric".

Rungs: "well-founded", "moderate", "speculative" (from the domain brief). `note` says what the
rung means for that metric (a convention, contested, animal data...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import polars as pl

RUNGS: Final = ("well-founded", "moderate", "speculative")


@dataclass(frozen=True)
class Evidence:
    """One row of the evidence table."""

    key: str
    title: str
    formula: str
    rung: str
    sources: tuple[str, ...]
    note: str = ""


_DISCLAIMER: Final = "Not medical advice; talk to a doctor before starting."

EVIDENCE: Final[tuple[Evidence, ...]] = (
    Evidence(
        "weekly_summary",
        "Weekly summary",
        "Counts and sums per ISO week (Monday start, local time); rest days = days - active days",
        "well-founded",
        ("Founding article: Run to Improve Bone Health",),
        "Plain counts.",
    ),
    Evidence(
        "day_class",
        "Impact and active rest days",
        "impact = a run that day; weight-bearing = walk/hike; active = other sport; else rest",
        "moderate",
        ("Founding article: Run to Improve Bone Health",),
        "Active rest (walking, swimming, cycling) is not impact.",
    ),
    Evidence(
        "trimp",
        "Banister TRIMP",
        "TRIMP = minutes × x × a × e^(b × x), where x = (HR − HRrest) ÷ (HRmax − HRrest); "
        "men a = 0.64, b = 1.92; women a = 0.86, b = 1.67",
        "well-founded",
        ("Morton, Fitz-Clarke & Banister 1990, J Appl Physiol 69:1171",),
        "A description of internal load, not an injury predictor.",
    ),
    Evidence(
        "edwards_trimp",
        "Edwards TRIMP",
        "sum of minutes in the 50-60, 60-70, 70-80, 80-90 and 90-100 % HRmax zones × 1 to 5",
        "well-founded",
        ("Edwards 1993, The Heart Rate Monitor Book",),
    ),
    Evidence(
        "session_rpe",
        "Session RPE",
        "RPE (0-10) × minutes. On the load charts, a session without heart rate is put on the "
        "TRIMP scale instead: its RPE (or a per-sport default: run 5, walk 3) gives x = (RPE + "
        "1) / 10 of heart-rate reserve, so every session has one scale",
        "well-founded",
        (
            "Foster 2001, J Strength Cond Res 15:109",
            "Garber 2011 (ACSM), Med Sci Sports Exerc 43:1334",
        ),
        "sRPE itself is well-founded; the RPE -> heart-rate mapping and the per-sport defaults "
        "are a convention (speculative).",
    ),
    Evidence(
        "fitness_fatigue",
        "Fitness, fatigue and form",
        "CTL_t = CTL_{t-1} + k (L_t - CTL_{t-1}), tau 42 d and 7 d, form = CTL - ATL; "
        "k = 1 - exp(-1/tau) (GoldenCheetah), 1/tau (TrainingPeaks) or 2/(tau+1) (Runalyze)",
        "well-founded",
        ("Banister impulse-response model; Morton 1990, J Appl Physiol 69:1171",),
        "Describes load history; weak at predicting performance or injury.",
    ),
    Evidence(
        "acwr",
        "Acute:chronic workload ratio",
        "acute 7-day load / chronic 28-day weekly average (coupled or uncoupled); "
        "EWMA lambda = 2/(N+1)",
        "speculative",
        (
            "Gabbett 2016, BJSM 50:273",
            "Lolli 2019, BJSM 53:921",
            "Impellizzeri 2020, J Athl Train 55:893",
        ),
        "Contested: the coupled ratio is spuriously correlated; shown for reference only.",
    ),
    Evidence(
        "monotony_strain",
        "Monotony and strain",
        "monotony = mean daily load / population SD over 7 days (rest = 0); "
        "strain = weekly load x monotony",
        "moderate",
        ("Foster 1998, Med Sci Sports Exerc 30:1164",),
    ),
    Evidence(
        "run_spike",
        "Single-run spike",
        "run / longest run of the previous 30 days - 1 (no run in 30 days: the 90 days, else "
        "ever, said so); bands +10-30% (HR 1.64), +30-100% (HR 1.52), >100% (HR 2.28); all "
        "three alert, the first with the softest words",
        "moderate",
        ("Frandsen 2025, BJSM 59:1203",),
        "One large cohort of established runners (mean age 46, 22% women), not beginners on a "
        "walk-to-run plan; hazard ratios, not certainties.",
    ),
    Evidence(
        "week_change",
        "Week-on-week change",
        "this week's run km / last week's - 1",
        "moderate",
        (
            "Buist 2008, Am J Sports Med 36:33",
            "Nielsen 2014, J Orthop Sports Phys Ther 44:739",
            "Frandsen 2025, BJSM 59:1203",
        ),
        "Context only: week-to-week ratios did not predict injury; the 10% rule made no "
        "difference in a trial.",
    ),
    Evidence(
        "runs_per_week",
        "Runs per week and rest days",
        "runs per ISO week vs a target ramping from 1 to 2-3 from the first run or the plan's "
        "start (never the first walk); more than the ramp is 'ahead of plan'; never more runs "
        "asked than fit in the days left with a rest day between; back-to-back run days flagged",
        "moderate",
        (
            "Founding article: Run to Improve Bone Health",
            "Robling, Burr & Turner 2001, J Exp Biol 204:3389",
        ),
        "A guideline convention; rest benefits come from animal studies.",
    ),
    Evidence(
        "progression",
        "Walk-to-run stage",
        "walking / walk-run / jogging / running from sport, walk-run names and types, pace "
        "(10:00 and 8:00 min/km), cadence (140 and 150 spm) and the person's own walking and "
        "running paces (nearer the walking pace: walk-run); the unfinished week has no stage",
        "moderate",
        ("Founding article: Run to Improve Bone Health",),
        "The thresholds are a product convention.",
    ),
    Evidence(
        "couch_to_5k",
        "Couch to 5K plan",
        "a walking phase (15-20 min walks, then about 30 min, brisker), then 9 weeks x 3 "
        "sessions; a session is done by a run of at least 85% of its main block; a week not "
        "done is repeated; spike guard: 30-day longest run + 10%",
        "moderate",
        ("NHS Couch to 5K", "Founding article: Run to Improve Bone Health"),
        "A reference structure, not a prescription.",
    ),
    Evidence(
        "pace_at_hr",
        "Pace at a given heart rate",
        "total minutes / total km of runs with average HR within +/- 5 bpm, per month",
        "moderate",
        ("Common aerobic-efficiency practice",),
        "Heat, hills and fatigue move it too.",
    ),
    Evidence(
        "shoes",
        "Shoe mileage",
        "sum of run+walk+hike distance per shoe; warn at 300 mi, replace at 500 mi",
        "speculative",
        (
            "Cook, Kester & Brunet 1985, Am J Sports Med 13:248",
            "Hamill & Bates 1988",
            "Malisoux 2015, Scand J Med Sci Sports 25:110",
        ),
        "A convention from machine tests, not evidence.",
    ),
    Evidence(
        "grf",
        "Peak ground reaction force",
        "Morin: BW x pi/2 x (t_flight/t_contact + 1); else Keller: walk 1.2 BW, run 1.8-2.5 BW "
        "by speed (1.975 BW, a typical 3.0 m/s pace, without speed); impact sessions by kind "
        "(jumps 5, jump rope 3, court and racquet 2.5, dance 2, stairs 1.6 BW: assumptions)",
        "moderate",
        (
            "Keller 1996, Clin Biomech 11:253",
            "Morin 2005, J Appl Biomech 21:167",
            "Nikander 2005, J Bone Miner Res 20:520",
        ),
        "Group averages; individuals differ. The impact kinds' forces are our assumptions.",
    ),
    Evidence(
        "osteogenic_index",
        "Bone-loading score (osteogenic index, v2)",
        "OI = GRF [BW] x ln(N + 1) per bout, N = steps or repetitions; loads under 1.5 BW "
        "(walking) score 0; a bout h hours after the last counts between a continuation "
        "(0 h) and a full bout (8 h), recovery = smoothstep(h / 8)",
        "speculative",
        (
            "Turner & Robling 2003, Exerc Sport Sci Rev 31:45",
            "Robling, Burr & Turner 2001, J Exp Biol 204:3389",
            "Hutchinson 1995, Med Sci Sports Exerc 27:745",
            "Martyn-St James & Carroll 2008, Bone 43:521",
        ),
        "From animal studies, not validated on human bone density. It is why 2-3 shorter runs "
        "with rest score above one long run. A stimulus estimate, not a target to maximise: "
        "rest days between runs still matter.",
    ),
    Evidence(
        "bone_week",
        "The bone week",
        "run days (2-3, a rest day between), other impact days, strength days (2-3), balance "
        "days (3+ from 65 or when on), rest days; a full bone week meets every target; months "
        "view = share of the last 26 finished weeks that were full",
        "moderate",
        (
            "Brooke-Wavell 2022 (ROS), BJSM 56:837",
            "Beck 2017 (ESSA), J Sci Med Sport 20:438",
            "WHO 2020 physical activity guidelines",
            "Sherrington 2019, Cochrane CD012424",
        ),
        "Consensus guidance; bone changes show over 6-12 months, so read the months view.",
    ),
    Evidence(
        "guidelines",
        "Bone exercise guidelines",
        "impact plus progressive resistance training; strength 2-3 days a week",
        "well-founded",
        (
            "Beck 2017 (ESSA), J Sci Med Sport 20:438",
            "Brooke-Wavell 2022 (ROS), BJSM 56:837",
            "Giangregorio 2014, Osteoporos Int 25:821",
        ),
        _DISCLAIMER,
    ),
)

_BY_KEY: Final = {e.key: e for e in EVIDENCE}


def evidence_for(key: str) -> Evidence:
    """The evidence row for a metric key (KeyError when unknown)."""
    return _BY_KEY[key]


def evidence_table() -> pl.DataFrame:
    """The table as a frame: `key`, `title`, `formula`, `rung`, `sources` (list), `note`."""
    return pl.DataFrame(
        {
            "key": [e.key for e in EVIDENCE],
            "title": [e.title for e in EVIDENCE],
            "formula": [e.formula for e in EVIDENCE],
            "rung": [e.rung for e in EVIDENCE],
            "sources": [list(e.sources) for e in EVIDENCE],
            "note": [e.note for e in EVIDENCE],
        }
    )
