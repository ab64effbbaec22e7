"""Whole-process CLI timings (issue 12): `boneload --help` against a bare `import polars`.

Run: uv run python bench/cli_bench.py [runs]
Uses .venv/bin/boneload and .venv/bin/python directly, so uv's own start-up is not counted.
Prints medians and the load average beside them; nothing here is asserted anywhere.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
# As a person runs it: bytecode cached (the warm-up run writes it when it is missing).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(argv: Sequence[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole process running `argv` (output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=ENV, check=False)  # fmt: skip
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} cores"


def help_rows(runs: int) -> list[tuple[str, str, str, bool]]:
    """(what, measured, target, met) rows for `boneload --help` and an argument error, each
    against a bare `import polars`; runs interleaved so the load hits all three alike."""
    commands = {
        "polars": [str(BIN / "python"), "-c", "import polars"],
        "help": [str(BIN / "boneload"), "--help"],
        "error": [str(BIN / "boneload"), "weekly", "--format", "xml"],
    }
    found: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for n in range(runs + 1):
        for name, argv in commands.items():
            result = timed(argv)
            if n:  # the first round warms the file cache
                found[name].append(result)
    wall = {name: statistics.median(w for w, _ in runs_) for name, runs_ in found.items()}
    cpu = {name: statistics.median(c for _, c in runs_) for name, runs_ in found.items()}
    bare = f"{wall['polars']:.2f} s wall, {cpu['polars']:.2f} s CPU"
    rows = [("bare `python -c 'import polars'`", bare, "reference", True)]
    for name, what in (("help", "`boneload --help`, whole process"),
                       ("error", "`boneload weekly --format xml` (argument error)")):  # fmt: skip
        ratio = wall[name] / wall["polars"]
        measured = (f"{wall[name]:.2f} s ({ratio:.2f}x) wall, "
                    f"{cpu[name]:.2f} s ({cpu[name] / cpu['polars']:.2f}x) CPU")  # fmt: skip
        rows.append((what, measured, "<= 0.2x import polars", ratio <= 0.2))
    return rows


def main(argv: Sequence[str] = ()) -> None:
    runs = int(argv[0]) if argv else 7
    print(load_average())
    for what, measured, target, met in help_rows(runs):
        print(f"{what:52} {measured:40} target {target:24} {'PASS' if met else 'MISS'}")


if __name__ == "__main__":
    main(sys.argv[1:])
