"""Import speed: a ten-year, ~5,000-activity Strava activities.csv through `boneload import`'s
code path into a fresh SQLite store, against a bare Polars read of the same file.

Run: uv run python bench/import_bench.py
Prints the figures; nothing here is asserted anywhere.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.history import ten_year_csv  # noqa: E402
from connectors.files.base import ImportOptions  # noqa: E402
from connectors.importing import import_bytes  # noqa: E402
from connectors.store import Store  # noqa: E402


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    data = ten_year_csv()
    options = ImportOptions(timezone="America/Chicago")
    now = datetime.now(UTC).replace(tzinfo=None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "activities.csv"
        path.write_bytes(data)

        def bare_read() -> None:
            pl.read_csv(path, has_header=True, infer_schema_length=0)

        counter = iter(range(100))

        def full_import() -> None:
            store = Store(f"sqlite:///{folder}/store{next(counter)}.sqlite")
            summary = import_bytes(store, "activities.csv", data, options, now, owner="local")
            assert summary.new == 5000, summary
            store.close()

        bare = best_of(5, bare_read)
        full = best_of(3, full_import)
        store = Store(f"sqlite:///{folder}/again.sqlite")
        import_bytes(store, "activities.csv", data, options, now, owner="local")
        again = best_of(
            3, lambda: import_bytes(store, "activities.csv", data, options, now, owner="local")
        )
        reads = [best_of(1, store.activities) for _ in range(5)]
    print(f"file: {len(data) / 1e6:.1f} MB, 5,000 activities over ten years")
    print(f"bare polars read_csv:        {bare * 1000:8.1f} ms")
    print(f"boneload import (new store): {full * 1000:8.1f} ms")
    print(f"ratio import / bare read:    {full / bare:8.1f}x")
    print(f"re-import (all skipped):     {again * 1000:8.1f} ms")
    print(f"store.activities() read:     {statistics.median(reads) * 1000:8.1f} ms (median of 5)")


if __name__ == "__main__":
    main()
