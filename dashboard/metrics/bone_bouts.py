"""Bouts of loading: the osteogenic index of one bout, and graded recovery between bouts.

Evidence: SPECULATIVE (animal studies). OI = GRF x ln(N + 1) per bout (Turner & Robling 2003,
Exerc Sport Sci Rev 31:45). Mechanosensitivity recovers with rest: Robling, Burr & Turner 2001
(J Exp Biol 204:3389) found the response grew with rest from 0.5 to 8 h. We model recovery as
smoothstep(h / 8) and credit a bout between a continuation of the earlier loading (0 h) and a
fresh bout (8 h); the shape is our assumption. Used by metrics.bone.
"""

from __future__ import annotations

import math
from typing import Final

import polars as pl

FULL_RECOVERY_H: Final = 8.0  # Robling, Burr & Turner 2001


def bout_oi(grf_bw: float, cycles: float) -> float:
    """Osteogenic index of one bout: OI = GRF [BW] x ln(N + 1), N = loading cycles (all steps).

    Turner & Robling 2003. Worked: 2.5 BW x 4950 steps -> 21.27; 100 jumps at 5 BW -> 23.08.
    Evidence: speculative (animal data).
    """
    return grf_bw * math.log(cycles + 1.0)


def sensitivity(hours_since_last: float | None) -> float:
    """Share of mechanosensitivity recovered `hours_since_last` hours after the last impact bout
    ended: smoothstep(h / 8) = 3x^2 - 2x^3, 0 at 0 h, 0.5 at 4 h, 1 from 8 h; 1 with no earlier
    bout. Robling, Burr & Turner 2001 found the response grew with rest from 0.5 to 8 h; the
    exact shape is our assumption (smooth, rising, full at 8 h). Evidence: speculative.
    """
    if hours_since_last is None:
        return 1.0
    x = min(max(hours_since_last / FULL_RECOVERY_H, 0.0), 1.0)
    return x * x * (3.0 - 2.0 * x)


def bout_credit(grf_bw: float, cycles: float, carried: float, s: float) -> tuple[float, float]:
    """(credit, cycles carried after) of a bout of `cycles` at `grf_bw` when `carried` cycles
    of earlier loading are unrecovered and sensitivity has recovered to `s` (0-1):
    credit = s x GRF ln(N + 1) + (1 - s) x GRF (ln(carried + N + 1) - ln(carried + 1)),
    carried after = (1 - s) x carried + N. Never more than a fresh bout; at s = 0 a chain of
    bouts adds up to one bout of all their cycles. Evidence: speculative (our interpolation
    of Robling, Burr & Turner 2001, who found the response grew with rest from 0.5 to 8 h).
    """
    fresh = bout_oi(grf_bw, cycles)
    continued = grf_bw * (math.log(carried + cycles + 1.0) - math.log(carried + 1.0))
    return s * fresh + (1.0 - s) * continued, (1.0 - s) * carried + cycles


def two_bouts(grf_bw: float, cycles: float, gap_h: float) -> float:
    """The day's score of two equal bouts `gap_h` hours apart (end to start), by the same
    graded recovery as session_bone_load: from one long bout at 0 h to two full bouts at 8 h.
    Worked: 2.5 BW, 4950 steps each: 0 h -> 23.00, 3 h -> 29.18, 4 h -> 32.77, 8 h -> 42.54."""
    second, _ = bout_credit(grf_bw, cycles, cycles, sensitivity(gap_h))
    return bout_oi(grf_bw, cycles) + second


def credit_sessions(sessions: pl.DataFrame) -> pl.DataFrame:
    """Graded recovery along the timeline of a frame sorted by `start_utc` with `end_utc`,
    `grf_bw`, `cycles` and `oi`: each bout (oi > 0) credited by bout_credit with
    s = sensitivity(hours since the last impact bout ended) and the cycles still carried.
    Adds `hours_since_last`, `sensitivity` (null for sessions that are not bouts) and
    `oi_credited`."""
    hours: list[float | None] = []
    sens: list[float | None] = []
    credited: list[float] = []
    carried, last_end = 0.0, None
    for start, end, grf, cycles, oi in sessions.select(
        "start_utc", "end_utc", "grf_bw", "cycles", "oi"
    ).iter_rows():
        if not oi or oi <= 0:
            hours.append(None)
            sens.append(None)
            credited.append(0.0)
            continue
        gap = None if last_end is None else (start - last_end).total_seconds() / 3600.0
        s = sensitivity(gap)
        credit, carried = bout_credit(grf, cycles, carried, s)
        hours.append(gap)
        sens.append(s)
        credited.append(credit)
        last_end = end if last_end is None else max(last_end, end)
    return sessions.with_columns(
        hours_since_last=pl.Series(hours, dtype=pl.Float64),
        sensitivity=pl.Series(sens, dtype=pl.Float64),
        oi_credited=pl.Series(credited, dtype=pl.Float64),
    )
