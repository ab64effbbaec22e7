"""Small bone-week frames shared by the chart tests (a week done and a week still running)."""

from __future__ import annotations

from datetime import date

import polars as pl

MON = date(2025, 6, 2)
NEXT_MON = date(2025, 6, 9)

BONE_WEEKS = pl.DataFrame(
    {
        "week_start": [MON, NEXT_MON],
        "oi": [43.5, 0.0],
        "impact_days": [2, 0],
        "active_non_impact_days": [1, 2],
        "rest_days": [4, 5],
    }
)


BONE_WEEK = pl.DataFrame(
    {
        "week_start": [MON, NEXT_MON],
        "run_days": [2, 1],
        "runs_target": [2, 2],
        "impact_days": [1, 0],
        "impact_target": [0, 0],
        "strength_days": [2, 0],
        "strength_target": [2, 2],
        "balance_days": [0, 0],
        "balance_target": [0, 0],
        "complete": [True, False],
    }
)
