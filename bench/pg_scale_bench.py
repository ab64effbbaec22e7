"""Issue 12, "scale past one person": one owner in a PostgreSQL store of 200 owners x 5,000
activities (1M activity rows, 1M source links) against the same owner alone in a fresh store.

Run: uv run python bench/pg_scale_bench.py [--owners 200] [--rounds 3]   (about 3 minutes)
Starts its own PostgreSQL server (bench/pg_server.py) and loads three stores with COPY through
the store's own tables (created by Store's migrations): the owner alone; 200 owners each in one
piece (as importing an export writes a history); 200 owners interleaved in start-time order (as
if every row had arrived by sync: the worst case for one owner's reads); then VACUUM ANALYZE
(what autovacuum does on its own). Measured for one owner, the stores in turn each round: the
store calls a page visit makes (dashboard/data.py's and the pages': stamp, activities, sources,
imports, settings, shoe assignments, shoes, defaults, share links), ingest and undo of a small
file in process, and whole processes of `boneload weekly` and `boneload import` (a 20-activity
file, undone after each run). Then every statement of that owner's visit is explained on the
interleaved store (bench/pg_plans.py): a sequential scan of a per-owner table is printed.
Nothing here is asserted anywhere.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import psycopg
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.history import ten_year_csv  # noqa: E402
from bench.pg_plans import explain_visit  # noqa: E402
from bench.pg_server import create_database, postgres  # noqa: E402
from connectors.files.base import ImportOptions  # noqa: E402
from connectors.importing import read_file  # noqa: E402
from connectors.schema import ACTIVITY_SCHEMA  # noqa: E402
from connectors.store import Store, share_links, stamp, tables  # noqa: E402
from connectors.store import shoes as store_shoes  # noqa: E402
from dashboard import cli  # noqa: E402

COUNT, TZ, GEAR = 5000, "Europe/Berlin", "Brooks Ghost 15"
BIN = ROOT / ".venv" / "bin"
NOW = datetime.now(UTC)


def load_average() -> str:
    return "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def _read(data: bytes) -> pl.DataFrame:
    options = ImportOptions(timezone=TZ)
    return read_file("activities.csv", data, options, NOW.replace(tzinfo=None)).frame


def _owner_frame(template: pl.DataFrame, k: int) -> pl.DataFrame:
    """Owner k's history: the template with its own Strava ids, a few minutes later."""
    sid = (pl.col("source_id").cast(pl.Int64) + k * 10_000_000).cast(pl.String)
    shift = pl.duration(minutes=k % 97)
    return template.with_columns(
        source_id=sid,
        activity_id=pl.lit("strava:") + sid,
        start_utc=(pl.col("start_utc") + shift).dt.replace_time_zone(None),
        start_local=pl.col("start_local") + shift,
        owner=pl.lit(f"athlete-{k:03d}"),
    )


def _copy(store: Store, table: str, frame: pl.DataFrame, chunk: int = 100_000) -> None:
    raw = store.engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        for start in range(0, frame.height, chunk):
            buffer = io.BytesIO()
            frame.slice(start, chunk).write_csv(buffer, include_header=False)
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(buffer.getvalue())
        raw.commit()
    finally:
        raw.close()


def load(url: str, owners: list[int], templates: list[pl.DataFrame], interleave: bool) -> float:
    """Fill a store with `owners` (indexes): each owner's history in one piece (as one import
    of an export writes it), or every owner's rows interleaved in start-time order (as if all
    had arrived by sync, the worst case for one owner's reads). Returns the seconds it took."""
    began = time.perf_counter()
    store = Store(url)
    frames = []
    with store.engine.begin() as conn:
        for k in owners:
            owner = f"athlete-{k:03d}"
            import_id = conn.execute(
                tables.imports.insert().values(
                    owner=owner, file_name="activities.csv", format="strava_export",
                    started_at=NOW.replace(tzinfo=None), finished_at=NOW.replace(tzinfo=None),
                    new=COUNT, merged=0, skipped=0, errors=[], warnings=[], status="ok",
                )
            ).inserted_primary_key[0]  # fmt: skip
            conn.execute(tables.settings.insert().values(owner=owner, key="timezone", value=TZ))
            conn.execute(tables.shoes.insert().values(owner=owner, gear=GEAR, start_km=120.0))
            conn.execute(
                tables.shoe_assignments.insert().values(
                    owner=owner, gear=GEAR, start_date=date(2020, 1, 1), end_date=date(2030, 1, 1)
                )
            )
            frame = _owner_frame(templates[k % len(templates)], k)
            frames.append(frame.with_columns(import_id=pl.lit(import_id, pl.Int32)))
    everyone = pl.concat(frames)
    everyone = everyone.sort("start_utc") if interleave else everyone
    _copy(store, "activities", everyone.select("owner", *ACTIVITY_SCHEMA, "import_id"))
    links = everyone.select("owner", "source", "source_id", "activity_id", "import_id")
    _copy(store, "activity_sources", links)
    store.close()
    url_ = sa.make_url(url)
    with psycopg.connect(host=url_.host, port=url_.port, user=url_.username,
                         dbname=url_.database, autocommit=True) as conn:  # fmt: skip
        for _ in range(2):  # the first pass may not mark pages all-visible yet (index-only)
            conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")  # no checkpoint of the load during the runs
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        seen = conn.execute("SELECT relallvisible, relpages FROM pg_class "
                            "WHERE relname = 'activities'").fetchone()  # fmt: skip
    print(f"  {size / 2**20:,.0f} MB, {seen[0]:,} of {seen[1]:,} activity pages all-visible",
          end="; ")  # fmt: skip
    return time.perf_counter() - began


def visit_calls(store: Store, owner: str) -> dict[str, Callable[[], object]]:
    """The store calls of a page visit (dashboard/data.py and the pages that read the store)."""
    return {
        "stamp (each new session)": lambda: stamp.stamp(store.engine, owner),
        "Store.activities (5,000 rows)": lambda: store.activities(owner),
        "Store.sources": lambda: store.sources(owner),
        "Store.imports (import log)": lambda: store.imports(owner),
        "Store.load_settings": lambda: store.load_settings(owner),
        "Store.shoe_assignments": lambda: store.shoe_assignments(owner),
        "shoes + shoe_defaults": lambda: (
            store_shoes.shoes(store, owner),
            store_shoes.shoe_defaults(store, owner),
        ),
        "share_links.list_links": lambda: share_links.list_links(store, owner),
    }


@contextmanager
def database_time() -> Iterator[list[float]]:
    """Seconds each statement spent in the driver (sent, run, rows fetched) while inside."""
    spent: list[float] = []
    started: list[float] = []

    def before(*_: object) -> None:
        started.append(time.perf_counter())

    def after(*_: object) -> None:
        spent.append(time.perf_counter() - started.pop())

    sa.event.listen(sa.Engine, "before_cursor_execute", before)
    sa.event.listen(sa.Engine, "after_cursor_execute", after)
    try:
        yield spent
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", before)
        sa.event.remove(sa.Engine, "after_cursor_execute", after)


def _timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def _process(argv: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)  # fmt: skip
    return time.perf_counter() - began


def _undo_last(store: Store, owner: str) -> None:
    store.undo_import(store.imports(owner)[0]["import_id"], owner)


def measure_round(url: str, owner: str, small: Path, times: dict[str, list[float]]) -> None:
    store = Store(url)  # the pages keep one store (engine, pool) per process
    try:
        for _ in range(3):
            total = 0.0
            with database_time() as spent:
                for name, call in visit_calls(store, owner).items():
                    times.setdefault(name, []).append(_timed(call))
                    total += times[name][-1]
            times.setdefault("page visit, all calls", []).append(total)
            times.setdefault("  of which statements (driver, database)", []).append(sum(spent))
        options = ImportOptions(timezone=TZ)
        result = read_file(small.name, small.read_bytes(), options, NOW.replace(tzinfo=None))
        with database_time() as spent:
            times.setdefault("Store.ingest of 20 activities", []).append(
                _timed(lambda: store.ingest(result, small.name, owner))
            )
        times.setdefault("  of which its statements", []).append(sum(spent))
        times.setdefault("Store.undo_import of it", []).append(
            _timed(lambda: _undo_last(store, owner))
        )
        db = ["--db", url, "--owner", owner]
        times.setdefault("`boneload weekly` in process (cli.main)", []).append(
            _timed(lambda: cli.main(["weekly", *db], out=io.StringIO()))
        )
        times.setdefault("`boneload weekly`, whole process", []).append(
            _process([str(BIN / "boneload"), "weekly", *db])
        )
        times.setdefault("`boneload import` 20 activities, process", []).append(
            _process([str(BIN / "boneload"), "import", str(small), *db])
        )
        _undo_last(store, owner)
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    me = args.owners * 2 // 3
    owner = f"athlete-{me:03d}"
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
          f"load average {load_average()}")  # fmt: skip
    templates = [_read(ten_year_csv(COUNT, seed=s, end=NOW)) for s in (1, 2, 3, 4)]
    stores = {"alone": [me], "by owner": list(range(args.owners))}
    stores["interleaved"] = stores["by owner"]
    with postgres(shared_buffers="2GB") as server, tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "activities.csv"
        small.write_bytes(ten_year_csv(20, seed=99, end=NOW))
        urls = {}
        for name, owners in stores.items():
            urls[name] = create_database(server, name.replace(" ", "_"))
            took = load(urls[name], owners, templates, interleave=name == "interleaved")
            print(f"{name}: {len(owners)} owner(s), {len(owners) * COUNT:,} activities and as "
                  f"many links loaded in {took:.1f} s; load average {load_average()}")  # fmt: skip
        times: dict[str, dict[str, list[float]]] = {name: {} for name in stores}
        for n in range(args.rounds + 1):  # round 0 warms caches and is discarded
            order = list(urls)[n % 3 :] + list(urls)[: n % 3]  # each store first in turn
            for name in order:
                url = urls[name]
                found: dict[str, list[float]] = {}
                measure_round(url, owner, small, found)
                for what, values in found.items():
                    times[name].setdefault(what, []).extend(values if n else [])
        print(f"\n{owner}, medians of {args.rounds} rounds (page calls 3 per round), "
              f"load average {load_average()}")  # fmt: skip
        head = f"among {args.owners}"
        print(f"{'what':44}{'alone':>9}{head + ', by owner':>22}{head + ', interleaved':>26}")
        for what, values in times["alone"].items():
            mine = statistics.median(values)
            cells = [f"{mine * 1000:7.1f}ms"]
            for name, width in (("by owner", 22), ("interleaved", 26)):
                theirs = statistics.median(times[name][what])
                cells.append(f"{theirs * 1000:.1f}ms {theirs / mine:5.2f}x".rjust(width))
            print(f"{what:44}{''.join(cells)}")
        print()
        explain_visit(urls["interleaved"], owner, small, visit_calls)
    print(f"\nload average at the end {load_average()}")


if __name__ == "__main__":
    main()
