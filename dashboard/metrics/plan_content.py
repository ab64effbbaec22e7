"""What each session of the walk-to-run plan holds: NHS Couch to 5K, and the walking phase before
it, as structured intervals plus the same thing in plain words.

NHS Couch to 5K (as listed in the domain brief): 9 weeks, 3 sessions a week with a rest day
between, each after a 5-minute brisk warm-up walk. Week 1: 60 s run / 90 s walk for 20 min.
Week 2: 90 s run / 2 min walk for 20 min. Week 3: twice (90 s run, 90 s walk, 3 min run, 3 min
walk). Week 4: 3 run, 90 s walk, 5 run, 2.5 walk, 3 run, 90 s walk, 5 run. Week 5: 3 x (5 run,
3 walk); 8 run, 5 walk, 8 run; 20 min continuous. Week 6: 5 run, 3 walk, 8 run, 3 walk, 5 run;
10 run, 3 walk, 10 run; 25 min continuous. Weeks 7-9: 25, 28, 30 min continuous, three times.
Repeating a week is fine.
The walking phase (the founding article, "Run to Improve Bone Health"): 15-20 minute walks, then
longer and brisker (about 30 min), for a few weeks, until you cannot walk any faster. Three walks
a week is this product's convention for it (walking needs no rest day between).
Evidence: moderate (a reference structure, not a prescription).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import polars as pl

Kind = Literal["run", "walk"]
WARMUP_S: Final = 300
WALKING_PHASE_WEEKS: Final = 3  # "a few weeks": the third week on is the ~30-minute stage


@dataclass(frozen=True)
class Interval:
    """One block of a session: `kind` "run" or "walk", `seconds` long."""

    kind: Kind
    seconds: int


@dataclass(frozen=True)
class PlanSession:
    """One session: plan `week` and `session` (1-3), the main block's `intervals` (after a
    `warmup_s` brisk walk) and `text`, the same in plain words. `phase` is "walking" (the
    walking phase before week 1) or "plan" (Couch to 5K)."""

    phase: str
    week: int
    session: int
    intervals: tuple[Interval, ...]
    text: str
    warmup_s: int = WARMUP_S

    @property
    def run_minutes(self) -> float:
        return sum(i.seconds for i in self.intervals if i.kind == "run") / 60.0

    @property
    def main_minutes(self) -> float:
        """Minutes of the main block (the warm-up walk not included)."""
        return sum(i.seconds for i in self.intervals) / 60.0

    @property
    def continuous(self) -> bool:
        return all(i.kind == "run" for i in self.intervals)


def spell(seconds: int) -> str:
    """Plain duration: under 2 minutes in seconds ("90 s"), else minutes ("3 min", "2.5 min")."""
    if seconds < 120:
        return f"{seconds} s"
    return f"{seconds / 60:g} min"


def _alternate(run_s: int, walk_s: int, total_s: int) -> tuple[tuple[Interval, ...], str]:
    intervals: list[Interval] = []
    left, kind = total_s, "run"
    while left > 0:
        length = min(run_s if kind == "run" else walk_s, left)
        intervals.append(Interval(kind, length))  # type: ignore[arg-type]
        left -= length
        kind = "walk" if kind == "run" else "run"
    text = f"alternate {spell(run_s)} run and {spell(walk_s)} walk for {spell(total_s)}"
    return tuple(intervals), text


def _blocks(blocks: list[tuple[Kind, int]]) -> str:
    return ", ".join(f"{spell(s)} {kind}" for kind, s in blocks)


def _repeat(times: int, blocks: list[tuple[Kind, int]]) -> tuple[tuple[Interval, ...], str]:
    intervals = tuple(Interval(k, s) for _ in range(times) for k, s in blocks)
    return intervals, f"{times} x ({_blocks(blocks)})"


def _sequence(blocks: list[tuple[Kind, int]]) -> tuple[tuple[Interval, ...], str]:
    if len(blocks) == 1 and blocks[0][0] == "run":
        return (Interval("run", blocks[0][1]),), f"{spell(blocks[0][1])} run without walking"
    return tuple(Interval(k, s) for k, s in blocks), _blocks(blocks)


def _session(week: int, session: int, body: tuple[tuple[Interval, ...], str]) -> PlanSession:
    intervals, text = body
    return PlanSession("plan", week, session, intervals, f"5 min brisk walk, then {text}")


M: Final = 60


def _three(week: int, body: tuple[tuple[Interval, ...], str]) -> list[PlanSession]:
    return [_session(week, s, body) for s in (1, 2, 3)]


COUCH_TO_5K: Final[tuple[PlanSession, ...]] = (
    *_three(1, _alternate(60, 90, 20 * M)),
    *_three(2, _alternate(90, 2 * M, 20 * M)),
    *_three(3, _repeat(2, [("run", 90), ("walk", 90), ("run", 3 * M), ("walk", 3 * M)])),
    *_three(
        4,
        _sequence(
            [
                ("run", 3 * M),
                ("walk", 90),
                ("run", 5 * M),
                ("walk", 150),
                ("run", 3 * M),
                ("walk", 90),
                ("run", 5 * M),
            ]
        ),
    ),
    _session(5, 1, _repeat(3, [("run", 5 * M), ("walk", 3 * M)])),
    _session(5, 2, _sequence([("run", 8 * M), ("walk", 5 * M), ("run", 8 * M)])),
    _session(5, 3, _sequence([("run", 20 * M)])),
    _session(
        6,
        1,
        _sequence(
            [("run", 5 * M), ("walk", 3 * M), ("run", 8 * M), ("walk", 3 * M), ("run", 5 * M)]
        ),
    ),
    _session(6, 2, _sequence([("run", 10 * M), ("walk", 3 * M), ("run", 10 * M)])),
    _session(6, 3, _sequence([("run", 25 * M)])),
    *_three(7, _sequence([("run", 25 * M)])),
    *_three(8, _sequence([("run", 28 * M)])),
    *_three(9, _sequence([("run", 30 * M)])),
)
PLAN_WEEKS: Final = 9


def walking_phase_sessions(week: int) -> tuple[PlanSession, ...]:
    """The three walks of walking-phase `week` (1-based): 15-20 minute walks in weeks 1-2, then
    about 30 minutes, brisker. Walks need no warm-up, so `warmup_s` is 0."""
    if week < WALKING_PHASE_WEEKS:
        minutes, text = 15, "a 15-20 min walk at a comfortable pace"
    else:
        minutes, text = 30, "a walk of about 30 min, brisker than before"
    return tuple(
        PlanSession("walking", week, s, (Interval("walk", minutes * M),), text, warmup_s=0)
        for s in (1, 2, 3)
    )


def week_sessions(week: int) -> tuple[PlanSession, ...]:
    """The three Couch to 5K sessions of plan `week` (1-9)."""
    if not 1 <= week <= PLAN_WEEKS:
        raise ValueError(f"Couch to 5K has weeks 1-{PLAN_WEEKS}, not {week}")
    return tuple(s for s in COUCH_TO_5K if s.week == week)


def couch_to_5k_plan() -> pl.DataFrame:
    """The whole plan as a table: `week`, `session`, `description` (plain words, warm-up
    included), `run_minutes`, `total_minutes` (the main block, after the 5-minute warm-up)."""
    return pl.DataFrame(
        {
            "week": [s.week for s in COUCH_TO_5K],
            "session": [s.session for s in COUCH_TO_5K],
            "description": [s.text for s in COUCH_TO_5K],
            "run_minutes": [s.run_minutes for s in COUCH_TO_5K],
            "total_minutes": [s.main_minutes for s in COUCH_TO_5K],
        },
        schema={
            "week": pl.Int64,
            "session": pl.Int64,
            "description": pl.String,
            "run_minutes": pl.Float64,
            "total_minutes": pl.Float64,
        },
    )
