"""Where a page's time goes (issue 12, "measure before changing"): the server's script run per
page, profiled, and the browser's first render of Overview, by JavaScript chunk.

Run: uv run python bench/page_profile.py [--top 6]

1. Server: the same ten-year store as bench/page_bench.py; each page of app.py run through
   Streamlit's AppTest (a first run, then a rerun with the session's caches warm), timed and
   profiled with cProfile; the functions of this project taking the most cumulative time.
2. Browser: Overview in a fresh chromium context; the scripts it fetched (size, fetch time),
   and the long tasks (main thread busy > 50 ms) before every chart is drawn.
Nothing here is asserted anywhere.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.page_bench import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    DRAWN_JS,
    TIMEZONE,
    VIEWPORT,
    build_store,
)
from tests.browser.helpers import start_streamlit, stop_server  # noqa: E402

PAGES = ("overview", "activities", "weekly_load", "rest_days", "progression", "shoes",
         "bone_loading", "report")  # fmt: skip
LONG_TASKS_JS = """() => { window.__long = [];
  new PerformanceObserver((list) => window.__long.push(...list.getEntries().map(
    (e) => [e.startTime, e.duration]))).observe({type: 'longtask', buffered: true}); }"""
SCRIPTS_JS = """() => performance.getEntriesByType('resource')
  .filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'))
  .map((e) => [e.name.split('/').pop(), e.encodedBodySize, e.decodedBodySize, e.duration])"""


def server_profile(top: int) -> None:
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    profile = cProfile.Profile()
    original = LocalScriptRunner._run_script_thread

    def profiled(self: Any) -> None:  # the script runs in its own thread: profile that one
        profile.enable()
        try:
            original(self)
        finally:
            profile.disable()

    LocalScriptRunner._run_script_thread = profiled  # type: ignore[method-assign]

    print("server: each page through AppTest, first run / rerun (ms), top project functions")
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.switch_page(f"dashboard/pages/{page}.py")
        profile.clear()  # type: ignore[attr-defined]
        began = time.perf_counter()
        at.run()
        first = time.perf_counter() - began
        stats = pstats.Stats(profile)
        began = time.perf_counter()
        at.run()
        again = time.perf_counter() - began
        own = [
            (value[3], f"{Path(file).relative_to(ROOT)}:{line}({name})")
            for (file, line, name), value in stats.stats.items()  # type: ignore[attr-defined]
            if file.startswith(str(ROOT)) and "/.venv/" not in file and "app.py" not in file
            and "/pages/" not in file
        ]  # fmt: skip
        print(f"  {page:<14}{first * 1000:7.0f} / {again * 1000:5.0f}")
        for seconds, where in sorted(own, reverse=True)[:top]:
            print(f"      {seconds * 1000:7.0f} ms (profiled)  {where}")


def browser_profile(url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(f"({LONG_TASKS_JS})()")
        page = context.new_page()
        began = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function(DRAWN_JS, polling="raf", timeout=120_000)
        page.wait_for_selector('[data-testid="stMain"] h1', timeout=120_000)
        drawn = time.perf_counter() - began
        scripts: list[Any] = page.evaluate(SCRIPTS_JS)
        long_tasks: list[Any] = page.evaluate("() => window.__long")
        browser.close()
    total = sum(s[2] for s in scripts)
    print(f"\nbrowser: Overview, fresh context, drawn after {drawn * 1000:.0f} ms")
    print(f"  {len(scripts)} scripts, {total / 1e6:.1f} MB decoded; the largest:")
    for name, encoded, decoded, took in sorted(scripts, key=lambda s: -s[2])[:8]:
        print(f"    {decoded / 1e3:8.0f} kB ({encoded / 1e3:6.0f} kB sent) {took:6.0f} ms  {name}")
    busy = sum(d for _, d in long_tasks)
    print(f"  long tasks (main thread busy > 50 ms): {len(long_tasks)}, {busy:.0f} ms in all")
    for start, duration in sorted(long_tasks, key=lambda t: -t[1])[:6]:
        print(f"    at {start:6.0f} ms: {duration:5.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=6)
    args = parser.parse_args()
    print("load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db_path, count = build_store(folder)
        os.environ.update({"TZ": TIMEZONE, "BONELOAD_DB": f"sqlite:///{db_path}"})
        os.environ.pop("BONELOAD_DEMO", None)
        print(f"store: {count:,} activities over ten years ending now")
        server_profile(args.top)
        app, url = start_streamlit(ROOT / "app.py", ROOT, folder / "app.log", dict(os.environ))
        try:
            browser_profile(url)
        finally:
            stop_server(app)
    print("load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
