"""Issue 12's whole table in one run: the page rows (bench/page_bench.py) and the CLI's
whole-process rows (bench/cli_bench.py, bench/import_bench.py), each with its target.

Run: uv run python bench/speed_bench.py [--renders 5] [--rounds 3] [--cli-runs 7]
The machine's load average is printed before and after: timings move with it. Nothing here is
asserted anywhere.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import cli_bench, import_bench, page_bench  # noqa: E402
from bench.targets import page_rows, print_rows  # noqa: E402


def load() -> str:
    return "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cli-runs", type=int, default=7)
    args = parser.parse_args()
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, load average {load()}")
    help_rows = cli_bench.help_rows(args.cli_runs)
    print(f"CLI --help measured, load average {load()}")
    imports, stages = import_bench.import_rows(max(3, args.cli_runs // 2))
    print(f"import measured, load average {load()}")
    figures = page_bench.measure(args.renders, args.rounds)
    print(f"pages measured ({figures['count']:,} activities), load average {load()}\n")
    print("issue 12: what | measured | target")
    print_rows([*page_rows(figures), *help_rows, *imports])
    print("\nwhere boneload import's CPU goes:")
    print("\n".join(stages))


if __name__ == "__main__":
    main()
