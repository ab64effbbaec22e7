"""The plans of one owner's visit on a big PostgreSQL store, for bench/pg_scale_bench.py.

Every SELECT/UPDATE/DELETE that a page visit, `boneload weekly`, an import and its undo send is
captured as sent, then explained with the server's own settings (nothing priced out): each
distinct statement prints the table it reads and how (index and its condition). A sequential
scan of a per-owner table of more than SMALL_PAGES pages is flagged "WHOLE TABLE" (on a
table of a few pages a scan is the planner's cheapest read). Nothing asserted.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from connectors.files.base import ImportOptions
from connectors.importing import read_file
from connectors.store import Store
from dashboard import cli

OWNER_TABLES = {
    "activities", "activity_sources", "imports", "activity_revisions", "activity_edits",
    "settings", "shoe_assignments", "shoes", "shoe_defaults", "share_links", "connections",
    "sync_state", "activity_streams",
}  # fmt: skip


SMALL_PAGES = 16  # a table of up to 128 kB: one read of it is the cheapest way, as planned


def _capture(run: Callable[[], None]) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def grab(conn, cursor, statement, parameters, context, executemany) -> None:
        if re.match(r"\s*(SELECT|UPDATE|DELETE)\b", statement, re.I):
            named = set(re.findall(r"\b(?:FROM|JOIN|UPDATE)\s+(\w+)", statement, re.I))
            if named & OWNER_TABLES and "pg_catalog" not in statement:
                seen.append((statement, parameters[0] if executemany else parameters))

    sa.event.listen(sa.Engine, "before_cursor_execute", grab)
    try:
        run()
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", grab)
    return seen


def _scans(plan: list[str]) -> list[str]:
    """The scan nodes of a plan with their conditions, one short line each."""
    out = []
    for n, line in enumerate(plan):
        if "Scan" in line and " on " in line:
            node = re.sub(r"\s+\(cost=.*", "", line.strip().removeprefix("->  "))
            conds = [p.strip() for p in plan[n + 1 : n + 4] if "Cond:" in p or "Filter:" in p]
            out.append(" | ".join([node, *conds])[:150])
    return out


def explain_visit(
    url: str,
    owner: str,
    small: Path,
    visit_calls: Callable[[Store, str], Mapping[str, Callable[[], object]]],
) -> int:
    """Print how each statement of one owner's visit reads; returns the whole-table reads."""
    store = Store(url)
    try:

        def visit() -> None:
            for call in visit_calls(store, owner).values():
                call()
            cli.main(["weekly", "--db", url, "--owner", owner], out=io.StringIO())
            result = read_file(small.name, small.read_bytes(), ImportOptions(), None)
            summary = store.ingest(result, small.name, owner)
            store.undo_import(summary.import_id, owner)

        statements = _capture(visit)
        shown: dict[str, list[str]] = {}
        raw = store.engine.raw_connection()
        try:
            cursor = raw.cursor()
            for statement, parameters in statements:
                key = re.sub(r"\s+", " ", statement)
                if key in shown:
                    continue
                cursor.execute("EXPLAIN " + statement, parameters)
                shown[key] = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT relname, relpages FROM pg_class WHERE relkind = 'r'")
            pages = dict(cursor.fetchall())
        finally:
            raw.rollback()
            raw.close()
    finally:
        store.close()
    whole = 0
    print(f"plans on the crowd's store: {len(statements)} statements, {len(shown)} distinct")
    for key, plan in shown.items():
        scans = _scans(plan)
        seq = [m.group(1) for m in (re.match(r"Seq Scan on (\w+)", s) for s in scans) if m]
        bad = [t for t in seq if t in OWNER_TABLES and pages.get(t, 0) > SMALL_PAGES]
        whole += len(bad)
        flag = "WHOLE TABLE " if bad else ""
        if seq and not bad:
            flag = f"(small table, {max(pages.get(t, 0) for t in seq)} pages) "
        print(f"- {flag}{key[:110]}")
        for scan in scans:
            print(f"    {scan}")
    print(f"whole-table reads of per-owner tables: {whole}")
    return whole
