"""Issue 12's table: each row's figure from the benches, its target, PASS or MISS.

Used by bench/page_bench.py (its page rows) and bench/speed_bench.py (every row, one run).
Nothing here is asserted anywhere.
"""

from __future__ import annotations

import statistics
from typing import Any

from bench.page_bench import NAV, Timing, p90, verdict

TARGET_RENDER_RATIO = 1.5
TARGET_SWITCH_S = 0.3
TARGET_PAGE_S = 0.5
TARGET_MEMORY_MB = 250.0
Row = tuple[str, str, str, bool]


def page_rows(figures: dict[str, Any]) -> list[Row]:
    """Issue 12's page rows: (what, measured, target, met)."""
    renders: dict[tuple[str, bool], list[Timing]] = figures["renders"]
    switches: list[tuple[str, int, Timing]] = figures["switches"]

    def median(app: str, attr: str) -> float:
        return statistics.median(getattr(t, attr) for t in renders[(app, False)])

    drawn, settled = (median("boneload", a) / median("empty", a) for a in ("drawn", "settled"))
    moves = [t.drawn for _, _, t in switches]
    pages = {n: statistics.median(t.drawn for m, _, t in switches if m == n) for n in NAV}
    slowest = max(pages, key=pages.__getitem__)
    rss, hwm, _ = figures["memory"]
    return [
        (
            "first render, every chart drawn, fresh browser, / empty page",
            f"{drawn:.2f}x (settled {settled:.2f}x)",
            f"<= {TARGET_RENDER_RATIO}x drawn",
            drawn <= TARGET_RENDER_RATIO,
        ),
        (
            "median page switch, drawn",
            f"{statistics.median(moves):.2f} s, p90 {p90(moves):.2f} s",
            f"<= {TARGET_SWITCH_S} s",
            statistics.median(moves) <= TARGET_SWITCH_S,
        ),
        (
            "slowest page's median switch, drawn",
            f"{pages[slowest]:.2f} s ({slowest})",
            f"<= {TARGET_PAGE_S} s",
            pages[slowest] <= TARGET_PAGE_S,
        ),
        (
            "server memory after the run / peak",
            f"{rss:.0f} / {hwm:.0f} MB",
            f"<= {TARGET_MEMORY_MB:.0f} MB peak",
            hwm <= TARGET_MEMORY_MB,
        ),
    ]


def print_rows(rows: list[Row]) -> None:
    for what, measured, target, met in rows:
        print(f"  {what:<62}{measured:<40}{target:<24}{verdict(met)}")
