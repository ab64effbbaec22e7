"""What hostile uploads cost, beside a real upload of the same size.

Run: uv run python bench/hostile_bench.py [--only NAME ...] [--timeout 600]

Each case of tests/hostile/cases.py is built into a temporary folder, and beside it a real
upload of about the same size: a zip of the real sample FIT, TCX and GPX files in
/work/shared/samples (copied until the size is reached), or for a CSV case the rows of a real
Strava activities.csv (tests/fixtures/strava) repeated with fresh ids. Every file is then read
by connectors.importing.read_file in its own child process, which prints its CPU seconds
(time.process_time around the read) and its peak resident memory (ru_maxrss of the child: the
whole interpreter with Polars and the upload's bytes, not only the reader's allocations), and
what came out (rows, problems, or the refusal).

Issue 11 measured, before the upload budget: 90 CPU s for the Strava export of 200 rows naming
one gzip bomb, 40 s for the zip of 100 bombs, 250 s for the FIT of 20,000 sessions, 49 s for
the zip of 100,000 tiny members, 1.2 GB for the member at 138:1. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# /work/main/../shared, or from a worktree /work/wt/<name>/../../shared
SAMPLES = next(
    (p for p in (ROOT.parent / "shared" / "samples", ROOT.parents[1] / "shared" / "samples")
     if p.is_dir()),
    ROOT.parent / "shared" / "samples",
)  # fmt: skip
STRAVA_CSV = ROOT / "tests" / "fixtures" / "strava" / "activities_2023_94.csv"


def child(path: Path, filename: str) -> None:
    """Read one upload and print what it cost, as JSON."""
    from connectors.errors import BoneloadError
    from connectors.files.base import ImportOptions
    from connectors.importing import read_file

    data = path.read_bytes()
    options = ImportOptions(timezone="Europe/Oslo")
    started = time.process_time()
    try:
        result = read_file(filename, data, options, datetime(2026, 11, 30))
        outcome = f"{result.frame.height} rows, {len(result.problems)} problems"
    except BoneloadError as exc:
        outcome = str(exc)[:110]
    cpu = time.process_time() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"cpu_s": cpu, "peak_mb": peak_mb, "outcome": outcome}))


def real_zip(size: int) -> bytes:
    """A zip of the real sample activity files, copied until it holds about `size` bytes."""
    files = sorted(p for kind in ("fit", "tcx", "gpx") for p in (SAMPLES / kind).glob(f"*.{kind}"))
    if not files:
        raise SystemExit(f"no samples in {SAMPLES}")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        n = 0
        while out.tell() < size:
            path = files[n % len(files)]
            archive.writestr(f"{n:05d}_{path.name}", path.read_bytes())
            n += 1
    return out.getvalue()


def real_csv(size: int) -> bytes:
    """A real Strava activities.csv, its records repeated with fresh ids to about `size` bytes."""
    text = STRAVA_CSV.read_text(encoding="utf-8")
    records = list(csv.reader(io.StringIO(text, newline="")))
    head, rows = records[0], [r for r in records[1:] if r and r[0].isdigit()]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(head)
    n = 0
    while out.tell() < size:
        row = rows[n % len(rows)]
        writer.writerow([str(int(row[0]) + 1_000_000 * (n + 1)), *row[1:]])
        n += 1
    return out.getvalue().encode()


def run(path: Path, filename: str, timeout: float) -> dict[str, object]:
    command = [sys.executable, __file__, "--child", str(path), filename]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"cpu_s": float("nan"), "peak_mb": float("nan"), "outcome": f"> {timeout:.0f} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        return {"cpu_s": float("nan"), "peak_mb": float("nan"),
                "outcome": f"crashed: {done.stderr.strip().splitlines()[-1:]}"}  # fmt: skip
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, metavar=("PATH", "FILENAME"), help=argparse.SUPPRESS)
    parser.add_argument("--only", nargs="*", default=None, help="case names to run")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1])
        return
    from tests.hostile.cases import CASES

    chosen = [c for c in CASES if args.only is None or c.name in args.only]
    print(f"{'case':34} {'bytes':>11} | {'hostile CPU s':>13} {'peak MB':>8} | "
          f"{'real CPU s':>10} {'peak MB':>8} | hostile outcome")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        for case in chosen:
            data = case.build()
            hostile = Path(folder) / f"hostile_{case.filename}"
            hostile.write_bytes(data)
            csv = case.filename.endswith(".csv")
            real = Path(folder) / ("real.csv" if csv else "real.zip")
            real.write_bytes(real_csv(len(data)) if csv else real_zip(len(data)))
            bad = run(hostile, case.filename, args.timeout)
            good = run(real, real.name, args.timeout)
            print(
                f"{case.name:34} {len(data):>11,} | {bad['cpu_s']:>13.2f} {bad['peak_mb']:>8.0f}"
                f" | {good['cpu_s']:>10.2f} {good['peak_mb']:>8.0f} | {bad['outcome']}"
            )
            print(f"{'':34} {'':>11} | {'':>13} {'':>8} | real: {real.stat().st_size:,} bytes, "
                  f"{good['outcome']}")  # fmt: skip
            hostile.unlink()
            real.unlink()


if __name__ == "__main__":
    main()
