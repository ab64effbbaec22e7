"""Page speed: first render and page switches of boneload on a ten-year history, against an
empty Streamlit page, in Debian's chromium; and the boneload server's memory.

Run: uv run python bench/page_bench.py [--renders 5] [--rounds 3] [--root OTHER_CHECKOUT]

1. Writes a ten-year, ~5,000-activity Strava activities.csv ending now (bench/history.py) and
   imports it through connectors.importing.import_bytes into a fresh SQLite store in a temporary
   folder (deleted afterwards).
2. Starts boneload on that store; the empty app (`st.title("empty")`); and an st.navigation app
   of the same page titles with nothing else on them, the floor of a page switch in Streamlit
   itself. All on 127.0.0.1, each on its own port. The pages are tests/browser/helpers.NAV.
3. In one chromium, two times per navigation:
   - settled: the page's h1 shown, Streamlit's script_finished message received over the
     websocket, the "Running..." status widget gone and nothing stale left: the script finished;
   - drawn: also the lazily loaded component code in (no stSkeleton placeholder) and every
     Plotly chart drawn (its SVG present).
   First render (navigation start ->) of boneload and of the empty page, each a new session: in a
   fresh browser context (cold HTTP cache), and in a new tab of a context that loaded the app
   once (warm cache, a returning visitor); runs interleaved, medians reported, after one
   discarded warm-up per server. Then page switches (sidebar click ->) round all the pages
   --rounds times in one session, for boneload and for the floor app.
4. The boneload server's VmRSS and peak VmHWM (/proc/<pid>/status, children included).

Targets (issue 12): first render with every chart drawn within 1.5x the empty page (fresh
browser), median page switch (drawn) within 0.3 s and every page's within 0.5 s, server memory
peak within 250 MB. Timings move with the machine's load, so the load average is printed too.
Prints the figures and PASS/MISS per target; nothing here is asserted anywhere.
bench/speed_bench.py prints these rows beside the CLI's, in one run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.history import ten_year_csv  # noqa: E402
from connectors.files.base import ImportOptions  # noqa: E402
from connectors.importing import import_bytes  # noqa: E402
from connectors.store import Store  # noqa: E402
from tests.browser.helpers import NAV, start_streamlit, stop_server  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [  # as tests/browser/conftest.py
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
TIMEZONE = "America/Chicago"
VIEWPORT = {"width": 1280, "height": 900}
# The page shows its h1, nothing is stale, and the "Running..." widget is gone.
SETTLED_JS = """(title) => {
  const h = document.querySelector('[data-testid="stMain"] h1');
  return !!h && h.textContent.trim().startsWith(title)
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stMain"] [data-stale="true"]');
}"""
# Lazy component code (Plotly, the data grid) loaded and every Plotly chart drawn.
DRAWN_JS = """() => !document.querySelector('[data-testid="stSkeleton"]')
  && [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"]')]
    .every((chart) => chart.querySelector('.main-svg'))"""


def build_store(folder: Path) -> tuple[Path, int]:
    """A fresh SQLite store holding ten years of activities ending now; returns (path, count)."""
    now = datetime.now(UTC)
    data = ten_year_csv(end=now)
    path = folder / "boneload.sqlite"
    store = Store(f"sqlite:///{path}")
    summary = import_bytes(
        store,
        "activities.csv",
        data,
        ImportOptions(timezone=TIMEZONE),
        now.replace(tzinfo=None),
        owner="local",
    )
    count = store.activities(owner="local").height
    store.close()
    if summary.new != count:
        raise RuntimeError(f"import stored {count} of {summary.new} new activities: {summary}")
    return path, count


def _tree(pid: int) -> list[int]:
    """The process and its descendants, from /proc/<pid>/task/*/children."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo.extend(int(c) for c in (task / "children").read_text().split())
    return found


def memory_mb(pid: int) -> tuple[float, float, int]:
    """(VmRSS, VmHWM) in MB summed over the process tree, and the number of processes."""
    rss = hwm = 0
    pids = _tree(pid)
    for each in pids:
        try:
            lines = Path(f"/proc/{each}/status").read_text().splitlines()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in lines if ":" in line)
        rss += int(fields.get("VmRSS", "0 kB").split()[0])
        hwm += int(fields.get("VmHWM", "0 kB").split()[0])
    return rss / 1024, hwm / 1024, len(pids)


class Finished:
    """Times at which Streamlit's script_finished messages reach the page's websocket."""

    def __init__(self, page: Any) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._decode = ForwardMsg.FromString
        self.stamps: list[float] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        stamp = time.perf_counter()
        if isinstance(payload, str):
            return
        try:
            message = self._decode(payload)
        except Exception:  # not a ForwardMsg: nothing to time
            return
        if message.WhichOneof("type") == "script_finished":
            self.stamps.append(stamp)


@dataclass(frozen=True)
class Timing:
    """Seconds from the action to the script finished (h1 shown, status widget gone), and to
    every chart drawn (lazy component code loaded, no skeleton, each Plotly chart has its SVG)."""

    settled: float
    drawn: float


def timed(page: Any, finished: Finished, action: Callable[[], object], title: str) -> Timing:
    finished.stamps.clear()
    began = time.perf_counter()
    action()
    deadline = began + 120
    while not finished.stamps:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no script_finished for {title}")
        page.wait_for_timeout(2)
    page.wait_for_function(SETTLED_JS, arg=title, polling="raf", timeout=120_000)
    settled = time.perf_counter() - began
    page.wait_for_function(DRAWN_JS, polling="raf", timeout=120_000)
    return Timing(settled, time.perf_counter() - began)


def first_renders(browser: Any, url: str, title: str, warm: bool) -> Timing:
    """A new session: in a fresh browser context (cold HTTP cache), or a new tab of a context
    that has loaded the app once (warm cache: a returning visitor)."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        if warm:
            opened = context.new_page()
            timed(opened, Finished(opened), lambda: opened.goto(url, wait_until="commit"), title)
            opened.close()
        page = context.new_page()
        return timed(page, Finished(page), lambda: page.goto(url, wait_until="commit"), title)
    finally:
        context.close()


def page_switches(
    browser: Any, url: str, titles: tuple[str, ...], rounds: int
) -> list[tuple[str, int, Timing]]:
    """(page, round, timing) for each sidebar click, round the pages `rounds` times."""
    context = browser.new_context(viewport=VIEWPORT)
    results = []
    try:
        page = context.new_page()
        finished = Finished(page)
        timed(page, finished, lambda: page.goto(url, wait_until="commit"), titles[0])
        nav = page.get_by_test_id("stSidebarNav")
        for number in range(1, rounds + 1):
            for title in (*titles[1:], titles[0]):
                link = nav.get_by_text(title, exact=True)
                results.append((title, number, timed(page, finished, link.click, title)))
    finally:
        context.close()
    return results


def write_empty_apps(folder: Path) -> tuple[Path, Path]:
    """The one-line empty page, and an st.navigation app of the same titles and nothing else
    (the floor of a page switch in Streamlit itself)."""
    empty = folder / "empty_app.py"
    empty.write_text('import streamlit as st\n\nst.title("empty")\n')
    pages = folder / "empty_pages"
    pages.mkdir()
    for index, title in enumerate(NAV):
        (pages / f"page{index}.py").write_text(f"import streamlit as st\n\nst.title({title!r})\n")
    multi = pages / "app.py"
    multi.write_text(
        "import streamlit as st\n\n"
        f"TITLES = {list(NAV)!r}\n"
        "pages = [st.Page(f'page{i}.py', title=t, default=i == 0) for i, t in enumerate(TITLES)]\n"
        "st.navigation(pages).run()\n"
    )
    return empty, multi


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="serve app.py from this checkout (A/B runs)"
    )
    args = parser.parse_args()
    report(measure(args.renders, args.rounds, args.root))


def measure(renders_each: int = 5, rounds: int = 3, root: Path = ROOT) -> dict[str, Any]:
    """Every figure of the module docstring, in a dict `report` and `target_rows` read."""
    if not CHROMIUM.exists():
        sys.exit("Debian's chromium is needed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    figures: dict[str, Any] = {"load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        began = time.perf_counter()
        db_path, figures["count"] = build_store(folder)
        figures["built"] = time.perf_counter() - began
        empty_script, multi_script = write_empty_apps(folder)
        env = {**os.environ, "TZ": TIMEZONE, "BONELOAD_DB": f"sqlite:///{db_path}"}
        root = root.resolve()
        app, app_url = start_streamlit(root / "app.py", root, folder / "boneload.log", env)
        empty, empty_url = start_streamlit(empty_script, folder, folder / "empty.log", env)
        multi, multi_url = start_streamlit(multi_script, multi_script.parent, folder / "m.log", env)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                figures["server_first"] = (
                    first_renders(browser, app_url, NAV[0], warm=False),
                    first_renders(browser, empty_url, "empty", warm=False),
                )
                renders: dict[tuple[str, bool], list[Timing]] = {}
                for warm in (False, True):
                    for _ in range(renders_each):  # interleaved, so load changes hit both
                        for label, url, title in (
                            ("boneload", app_url, NAV[0]),
                            ("empty", empty_url, "empty"),
                        ):
                            timing = first_renders(browser, url, title, warm)
                            renders.setdefault((label, warm), []).append(timing)
                figures["renders"] = renders
                figures["switches"] = page_switches(browser, app_url, NAV, rounds)
                figures["floor"] = page_switches(browser, multi_url, NAV, rounds)
                browser.close()
            figures["memory"] = memory_mb(app.pid)
            figures["empty_memory"] = memory_mb(empty.pid)
        finally:
            for process in (app, empty, multi):
                stop_server(process)
    figures["load_after"] = os.getloadavg()
    return figures


def report(figures: dict[str, Any]) -> None:
    renders: dict[tuple[str, bool], list[Timing]] = figures["renders"]
    switches: list[tuple[str, int, Timing]] = figures["switches"]
    floor = [t.settled for _, _, t in figures["floor"]]
    load = ", ".join(f"{a:.1f}" for a in (*figures["load_before"], *figures["load_after"][:1]))
    print(f"machine: {os.cpu_count()} CPUs, load average {load} (1/5/15 min before, 1 min after)")
    print(
        f"store: {figures['count']:,} activities over ten years ending now, "
        f"built in {figures['built']:.1f} s"
    )
    runs = len(renders[("boneload", False)])
    print(f"\nfirst render: navigation start -> settled / charts drawn (median of {runs})")
    for warm, label in ((False, "fresh browser context"), (True, "warm browser cache, new tab")):
        for app in ("empty", "boneload"):
            timings = renders[(app, warm)]
            settled, drawn = [t.settled for t in timings], [t.drawn for t in timings]
            print(
                f"  {app:<9}{label:<28}{median_ms(settled):>9} / {median_ms(drawn):>8}   "
                f"runs: {', '.join(f'{s * 1000:.0f}' for s in settled)}"
            )
    cold_app, cold_empty = figures["server_first"]
    print(
        f"  (each server's very first render: boneload {cold_app.settled * 1000:.0f} ms, "
        f"empty {cold_empty.settled * 1000:.0f} ms)"
    )
    rounds = max(r for _, r, _ in switches)
    print(
        f"\npage switch: click -> settled / charts drawn ({len(switches)} clicks, {rounds} rounds)"
    )
    print(f"  {'page':<14}{'1st visit':>20}{'later visits (median)':>26}")
    for title in NAV:
        own = [(r, t) for name, r, t in switches if name == title]
        first = next(t for r, t in own if r == 1)
        later = [t for r, t in own if r > 1]
        shown = (
            f"{median_ms([t.settled for t in later])} / {median_ms([t.drawn for t in later])}"
            if later
            else "-"
        )
        print(
            f"  {title:<14}{first.settled * 1000:>9.0f} / {first.drawn * 1000:>4.0f} ms{shown:>26}"
        )
    settled, drawn = [t.settled for _, _, t in switches], [t.drawn for _, _, t in switches]
    print(
        f"  all: median {median_ms(settled)} / {median_ms(drawn)}, "
        f"p90 {p90(settled) * 1000:.0f} / {p90(drawn) * 1000:.0f} ms"
    )
    print(
        f"  floor, {len(NAV)} pages of titles only: median {median_ms(floor)}, "
        f"p90 {p90(floor) * 1000:.0f} ms"
    )
    empty_rss, empty_hwm, _ = figures["empty_memory"]
    print(f"  (the empty page's server: {empty_rss:.0f} MB RSS, {empty_hwm:.0f} MB peak)")
    print("\ntargets (issue 12)")
    from bench.targets import page_rows, print_rows

    print_rows(page_rows(figures))


if __name__ == "__main__":
    main()
