"""Import speed (issue 12): `boneload import` of a ten-year, 3,094-activity Strava
activities.csv into a new SQLite store, whole process, against bench/minimal_import.py, a
minimal Polars importer doing the same work (read, parse the dates, local day, 15 columns,
sqlite3 executemany). Not against an untyped read: that does a fraction of the work.

Run: uv run python bench/import_bench.py [runs]
Whole-process wall time (median) and CPU time (user + system, median) of each, interleaved so
the machine's load hits both alike; then where boneload's CPU time goes, stage by stage, in one
process, on the path `boneload import` takes into a SQLite file (connectors/store/lite.py: stdlib
sqlite3, no SQLAlchemy), and which heavy modules that process loaded. Nothing here is asserted
anywhere.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.history import ten_year_csv  # noqa: E402

BIN = ROOT / ".venv" / "bin"
# As a person runs it: bytecode cached (the warm-up run writes it when it is missing).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
COUNT = 3094
TARGET = 1.5
STAGES = """
import sys, time
clock = time.process_time
marks = [("interpreter start-up", clock())]
import polars
marks.append(("import polars", clock()))
from connectors.store.lite import open_for_import
marks.append(("import the store (sqlite3, no SQLAlchemy)", clock()))
from connectors.importing import import_paths
from connectors.files.base import ImportOptions
marks.append(("import the readers", clock()))
store = open_for_import(sys.argv[2])
marks.append((f"open a new store ({type(store).__name__})", clock()))
from connectors.files import strava_export
from pathlib import Path
from datetime import datetime
options = ImportOptions(timezone="America/Chicago", now=datetime(2030, 1, 1))
result = strava_export.read("activities.csv", Path(sys.argv[1]).read_bytes(), options)
marks.append(("read the file (reader + finish)", clock()))
store.ingest(result, "activities.csv", "local")
marks.append(("ingest (dedupe, insert, import log)", clock()))
store.close()
marks.append(("close", clock()))
print("modules\t" + " ".join(m for m in ("sqlalchemy", "streamlit", "plotly") if m in sys.modules))
last = 0.0
for name, at in marks:
    print(f"{name}\\t{at - last:.4f}")
    last = at
"""


def run(argv: Sequence[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) for one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=ENV, check=True)  # fmt: skip
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_rows(runs: int = 5) -> tuple[list[tuple[str, str, str, bool]], list[str]]:
    """(what, measured, target, met) rows and the stage breakdown lines."""
    python = str(BIN / "python")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        csv_path = folder / "activities.csv"
        csv_path.write_bytes(ten_year_csv(COUNT))
        ours: list[tuple[float, float]] = []
        minimal: list[tuple[float, float]] = []
        for n in range(runs + 1):  # the first pair warms the file cache and is discarded
            db = f"sqlite:///{folder / f'b{n}.sqlite'}"
            mine = run([str(BIN / "boneload"), "import", str(csv_path), "--db", db, "--tz",
                        "America/Chicago"])  # fmt: skip
            bare = run([python, str(ROOT / "bench" / "minimal_import.py"), str(csv_path),
                        str(folder / f"m{n}.sqlite")])  # fmt: skip
            if n:
                ours.append(mine)
                minimal.append(bare)
        stages = subprocess.run(
            [python, "-c", STAGES, str(csv_path), f"sqlite:///{folder / 'stages.sqlite'}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    wall = statistics.median(w for w, _ in ours) / statistics.median(w for w, _ in minimal)
    cpu = statistics.median(c for _, c in ours) / statistics.median(c for _, c in minimal)
    rows = [
        (
            "minimal Polars importer (bench/minimal_import.py)",
            f"{statistics.median(w for w, _ in minimal):.2f} s wall, "
            f"{statistics.median(c for _, c in minimal):.2f} s CPU",
            "reference",
            True,
        ),
        (
            f"`boneload import` of {COUNT:,} activities, new store",
            f"{statistics.median(w for w, _ in ours):.2f} s wall ({wall:.2f}x), "
            f"{statistics.median(c for _, c in ours):.2f} s CPU ({cpu:.2f}x)",
            f"<= {TARGET}x",
            wall <= TARGET,
        ),
    ]
    pairs = [line.split("\t") for line in stages.splitlines()]
    lines = [f"  {name:<44}{float(s) * 1000:7.0f} ms CPU" for name, s in pairs if name != "modules"]
    loaded = dict(pairs).get("modules", "")
    lines.append(f"  heavy modules loaded: {loaded or 'none (no SQLAlchemy, Streamlit, Plotly)'}")
    return rows, lines


def main(argv: Sequence[str] = ()) -> None:
    runs = int(argv[0]) if argv else 5
    print("load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    rows, stages = import_rows(runs)
    for what, measured, target, met in rows:
        print(f"{what:52} {measured:44} target {target:9} {'PASS' if met else 'MISS'}")
    print(f"where boneload's CPU goes (one process, {COUNT:,} activities):")
    print("\n".join(stages))


if __name__ == "__main__":
    main(sys.argv[1:])
