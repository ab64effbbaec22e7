"""The "Stop and see a clinician if..." panel: signs worth a clinician's look, and the pain
the person logged at or above their threshold. Pure; the page and the report draw it.

Bone stress injury signs: Warden 2021 (Curr Osteoporos Rep 19:298). Low energy availability:
IOC REDs consensus, Mountjoy 2023 (BJSM 57:1073). Shown plainly, never as a diagnosis: the panel
says what to look out for and who can tell, not what a person has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

import polars as pl

from dashboard.metrics.weekly import local_date

TITLE: Final = "Stop and see a clinician if..."
BONE_SIGNS: Final = (
    "pain at one spot on a bone that gets worse when you run",
    "pain at rest or at night",
    "swelling, or tenderness when you press that spot",
)
ENERGY_SIGNS: Final = (
    "for women: periods that become irregular, are missed or stop",
    "for anyone: weight loss, or tiredness that grows as your training rises",
)
WHY: Final = (
    "The first three can go with a bone stress injury (Warden 2021, Curr Osteoporos Rep "
    "19:298); the last two with too little energy for the training (low energy availability: "
    "IOC REDs consensus, Mountjoy 2023, BJSM 57:1073). Only a clinician can tell what they mean "
    "for you."
)
NOT_ADVICE: Final = (
    "This is guidance from your own records and published guidelines, not medical advice. Talk "
    "to your doctor before you start, especially with osteoporosis or a past fracture."
)


@dataclass(frozen=True)
class PainNote:
    """A session the person logged with pain at or above their threshold. `note` is their own
    text: data, to be escaped wherever it is shown."""

    day: date
    pain: float
    activity: str
    note: str


def pain_notes(
    activities: pl.DataFrame, threshold: float, start: date, end: date
) -> list[PainNote]:
    """Sessions in [start, end] with a logged pain >= threshold, newest first. Frames without a
    `pain` column (stores from before it existed) give none."""
    if "pain" not in activities.columns:
        return []
    note = pl.col("note") if "note" in activities.columns else pl.lit(None, pl.String)
    rows = (
        activities.filter((pl.col("pain") >= threshold) & local_date().is_between(start, end))
        .sort("start_local", "activity_id", descending=True)
        .select(
            local_date().alias("date"),
            "pain",
            pl.coalesce(pl.col("name"), pl.col("sport_type"), pl.col("sport")).alias("what"),
            note.fill_null("").alias("note"),
        )
    )
    return [PainNote(d, float(p), str(w or ""), str(n)) for d, p, w, n in rows.iter_rows()]


def pain_line(item: PainNote) -> str:
    """Plain text (not markup): "Tue 10 Jun: pain 6/10 (Evening Run): shin sore"."""
    text = f"{item.day:%a %d %b}: pain {item.pain:g}/10 ({item.activity})"
    return f"{text}: {item.note}" if item.note else text
