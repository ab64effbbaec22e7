"""The bone-loading score and the bone week in plain words, for a person, not a scientist.

Pure functions from session_bone_load rows to text a non-scientist can read. No numbers without
their meaning, no medical claims: the score is an estimate built on animal studies (evidence
rung SPECULATIVE: Turner & Robling 2003; Robling, Burr & Turner 2001), and the text says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import polars as pl

from dashboard.metrics.bone import FULL_RECOVERY_H

EVIDENCE: Final = "speculative"
CAVEAT: Final = (
    "It is an estimate built on animal studies (speculative), not a target to chase: more "
    "runs raise it, and rest days between runs still matter."
)
_NOUN: Final = {"run": "run", "walk": "walk", "hike": "hike", "impact": "session"}


def _points(value: float) -> str:
    return f"{value:.0f} point" + ("" if round(value) == 1 else "s")


def _times(grf_bw: float) -> str:
    return f"about {grf_bw:.1f} times your body weight"


def explain_session(row: Mapping[str, Any]) -> str:
    """One session of session_bone_load (as a dict) in plain words."""
    noun = _NOUN.get(str(row["sport"]), "session")
    if row["sport"] == "impact" and row.get("sport_type"):
        noun = f"{str(row['sport_type']).lower()} session"
    mins = row.get("minutes") or 0.0
    what = f"This {mins:.0f}-minute {noun}"
    if not row["oi"] or row["oi"] <= 0:
        return (
            f"{what} keeps you active and is the way into running, but it adds nothing to the "
            f"bone-loading score: it loads your legs with {_times(row['grf_bw'])}, the load "
            "bones already carry every day, and that does not seem to make them stronger."
        )
    unit = "repetitions" if row["cycles_method"] == "reps" else "steps"
    if row["sport"] == "impact" and unit == "steps":
        unit = "steps and landings"
    text = (
        f"{what} loaded your legs with {_times(row['grf_bw'])} at each of about "
        f"{row['cycles']:,.0f} {unit}. "
    )
    sens, whole, credited = row.get("sensitivity"), row["oi"], row["oi_credited"]
    if sens is None or sens >= 1.0:
        text += f"It counts {_points(whole)}, in full: your bones had rested long enough."
    else:
        hours = row["hours_since_last"]
        text += (
            f"It counts {credited:.0f} of its {_points(whole)}: it came {max(hours, 0):.0f} "
            f"hours after your last impact session, and bone responds best after about "
            f"{FULL_RECOVERY_H:.0f} hours of rest."
        )
    if row["grf_method"] == "typical pace":
        text += " No distance was recorded, so a typical running pace was assumed."
    if row["cycles_method"] == "typical rate":
        text += " The steps were not recorded, so a typical rate for its length was assumed."
    return text


def explain_sessions(sessions: pl.DataFrame) -> pl.Series:
    """explain_session for every row of a session_bone_load frame, as a String series."""
    return pl.Series(
        "in plain words", [explain_session(r) for r in sessions.iter_rows(named=True)], pl.String
    )


def explain_week(sessions: pl.DataFrame) -> str:
    """A week's session_bone_load rows in plain words: the score, where it came from, the caveat."""
    scored = sessions.filter(pl.col("oi") > 0)
    walks = sessions.filter(pl.col("sport").is_in(("walk", "hike"))).height
    total = float(scored["oi_credited"].sum()) if scored.height else 0.0
    if scored.is_empty():
        if walks:
            return (
                "This week's bone-loading score is 0: walks keep you active and are the way "
                "into running, but walking loads bone too little to count here. " + CAVEAT
            )
        return "This week's bone-loading score is 0: no runs, jumps or other impact yet. " + CAVEAT
    rested = scored.filter(pl.col("sensitivity") >= 1.0).height
    n = scored.height
    text = (
        f"This week's bone-loading score is {total:.0f}, from {n} impact "
        f"session{'' if n == 1 else 's'} (runs, jumps, court sports, dance). "
    )
    if rested < n:
        text += (
            f"{n - rested} came less than {FULL_RECOVERY_H:.0f} hours after the one before, so "
            "counted for less: bone responds best to loading after a rest. "
        )
    if walks:
        text += "Walks count as activity, not in this score. "
    return text + CAVEAT


def _days(n: int, what: str) -> str:
    return f"{n} {what} day" + ("" if n == 1 else "s")


def targets_sentence(week: Mapping[str, Any]) -> str:
    """What a full bone week asks of this person now, from one bone_week row (the latest)."""
    asks = []
    if week["phase"] == "walking":
        asks.append("your walks (no runs asked yet: the walking phase comes first)")
    elif week["phase"] == "limited":
        asks.append("walking")
    elif week["runs_target"]:
        between = " with a rest day between" if week["runs_target"] <= 3 else ""
        asks.append(_days(week["runs_target"], "run") + between)
    if week["strength_target"]:
        asks.append(_days(week["strength_target"], "strength"))
    if week["balance_target"]:
        asks.append(_days(week["balance_target"], "balance"))
    text = "A full bone week, for you now: " + (
        ", ".join(asks[:-1]) + " and " + asks[-1]
        if len(asks) > 1
        else (asks or ["any activity"])[0]
    )
    if week["phase"] == "limited":
        text += "; no runs or jumps, as your profile says a clinician limits impact"
    return text + "."


def months_sentence(full: int, counted: int) -> str:
    """The months view in words: (full bone weeks, finished weeks counted) of the last 26."""
    if counted == 0:
        return "Your first bone week is still running: a week is only judged once it is over."
    share = 100 * full / counted
    return (
        f"{full} of your last {counted} finished weeks were full bone weeks ({share:.0f}%). "
        "Bone changes show over 6-12 months, so this share matters more than any one week."
    )
