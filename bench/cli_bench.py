"""Whole-process CLI timings (issue 12): `boneload --help` against a bare `import polars`.

Run: uv run python bench/cli_bench.py [runs]
Uses .venv/bin/boneload and .venv/bin/python directly, so uv's own start-up is not counted.
Prints medians and the load average beside them; nothing here is asserted anywhere.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"


def wall(argv: Sequence[str], runs: int) -> list[float]:
    """Seconds from spawn to exit of `argv`, `runs` times (output discarded)."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)  # fmt: skip
        times.append(time.perf_counter() - began)
    return times


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} cores"


def help_rows(runs: int) -> list[tuple[str, str, str]]:
    """(what, measured, target) rows for `boneload --help`."""
    python = str(BIN / "python")
    polars = wall([python, "-c", "import polars"], runs)
    helps = wall([str(BIN / "boneload"), "--help"], runs)
    errors = wall([str(BIN / "boneload"), "weekly", "--format", "xml"], runs)
    bare = statistics.median(polars)
    return [
        ("bare `python -c 'import polars'`", f"{bare:.2f} s (median of {runs})", "reference"),
        (
            "`boneload --help`, whole process",
            f"{statistics.median(helps):.2f} s, {statistics.median(helps) / bare:.2f}x",
            "<= 0.2x a bare import polars",
        ),
        (
            "`boneload weekly --format xml` (argument error)",
            f"{statistics.median(errors):.2f} s, {statistics.median(errors) / bare:.2f}x",
            "<= 0.2x a bare import polars",
        ),
    ]


def main(argv: Sequence[str] = ()) -> None:
    runs = int(argv[0]) if argv else 7
    print(load_average())
    for what, measured, target in help_rows(runs):
        print(f"{what:52} {measured:28} target {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
