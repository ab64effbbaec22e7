"""Where a page's time goes (issue 12, "measure before changing"): the server's script run per
page, profiled, and the browser's first render of Overview, by JavaScript chunk.

Run: uv run python bench/page_profile.py [--top 6]

1. Server: the same ten-year store as bench/page_bench.py; each page of app.py run through
   Streamlit's AppTest (a first run, then a rerun with the session's caches warm), timed and
   profiled with cProfile; the functions of this project taking the most cumulative time.
2. Browser: Overview in a fresh chromium context; the scripts it fetched (size, fetch time),
   and the long tasks (main thread busy > 50 ms) before every chart is drawn. Then V8's
   sampling profiler (Chrome DevTools Protocol) over that first render and over a switch to
   Weekly load (five charts): main-thread time by script, and Plotly's largest steps.
3. Server memory after the browser run: resident anonymous memory against mapped files, and
   the largest mappings (/proc/<pid>/smaps), to see what the peak is made of.
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
from collections import Counter
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
    Finished,
    build_store,
    memory_mb,
    timed,
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

    print(
        "server: each page through AppTest: first run (the owner's caches empty for it) / "
        "rerun / a new\nsession's first run (the owner's caches warm) (ms); top project "
        "functions of the first run"
    )
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
        other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        other.switch_page(f"dashboard/pages/{page}.py")
        began = time.perf_counter()
        other.run()
        fresh = time.perf_counter() - began
        own = [
            (value[3], f"{Path(file).relative_to(ROOT)}:{line}({name})")
            for (file, line, name), value in stats.stats.items()  # type: ignore[attr-defined]
            if file.startswith(str(ROOT)) and "/.venv/" not in file and "app.py" not in file
            and "/pages/" not in file
        ]  # fmt: skip
        print(f"  {page:<14}{first * 1000:7.0f} / {again * 1000:5.0f} / {fresh * 1000:5.0f}")
        for seconds, where in sorted(own, reverse=True)[:top]:
            print(f"      {seconds * 1000:7.0f} ms (profiled)  {where}")


def cpu_by_script(profile: dict[str, Any], top: int = 6) -> None:
    """Self time per script, and total time of Plotly's largest named steps, from a V8 CPU
    profile (Profiler.stop's `profile`)."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    parent = {child: node["id"] for node in profile["nodes"] for child in node.get("children", [])}
    spent: Counter[int] = Counter()
    for sample, delta in zip(profile["samples"], [*profile["timeDeltas"][1:], 0], strict=True):
        spent[sample] += delta
    by_script: Counter[str] = Counter()
    plotly: Counter[str] = Counter()
    for node_id, micros in spent.items():
        frame = nodes[node_id]["callFrame"]
        by_script[frame["url"].split("/")[-1] or frame["functionName"]] += micros
        seen: set[str] = set()
        current: int | None = node_id
        while current is not None:
            frame = nodes[current]["callFrame"]
            name = frame["functionName"]
            if "PlotlyChart" in frame["url"] and "." in name and name not in seen:
                seen.add(name)
                plotly[name] += micros
            current = parent.get(current)
    idle = by_script.pop("(idle)", 0)
    busy = sum(by_script.values())
    print(f"    main thread busy {busy / 1000:.0f} ms, idle {idle / 1000:.0f} ms; by script "
          "(self time; (program) is the browser's own work: style, layout, paint):")  # fmt: skip
    for name, micros in by_script.most_common(top):
        print(f"      {micros / 1000:6.0f} ms  {name}")
    print("    Plotly's largest steps (total time, nested steps counted in each; lib/index.js and")
    print("    src/core.js are its code's first run, once per page load):")
    for name, micros in plotly.most_common(top):
        print(f"      {micros / 1000:6.0f} ms  {name}")


def profiled(context: Any, page: Any, action: Any) -> dict[str, Any]:
    cdp = context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    cdp.send("Profiler.start")
    action()
    return cdp.send("Profiler.stop")["profile"]


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
        context.close()
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        finished = Finished(page)
        first = profiled(context, page, lambda: timed(
            page, finished, lambda: page.goto(url, wait_until="commit"), "Overview"))  # fmt: skip
        link = page.get_by_test_id("stSidebarNav").get_by_text("Weekly load", exact=True)
        timed(page, finished, link.click, "Weekly load")  # the session's first visit
        back = page.get_by_test_id("stSidebarNav").get_by_text("Overview", exact=True)
        timed(page, finished, back.click, "Overview")
        switch = profiled(context, page, lambda: timed(page, finished, link.click, "Weekly load"))
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
    print("  CPU profile, Overview's first render in a fresh context:")
    cpu_by_script(first)
    print("  CPU profile, a later switch to Weekly load (server caches warm):")
    cpu_by_script(switch)


def server_memory(pid: int, top: int = 6) -> None:
    """What the server's resident memory is made of: anonymous memory (Python objects, the
    allocators' heaps) against mapped files (the code of Polars, Arrow ...)."""
    rss, hwm, _ = memory_mb(pid)
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    kinds = {k: int(v.split()[0]) / 1024 for k, v in (line.split(":", 1) for line in status)
             if k in ("RssAnon", "RssFile")}  # fmt: skip
    mapped: Counter[str] = Counter()
    current = "[anon]"
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        parts = line.split()
        if parts and "-" in parts[0] and not parts[0].endswith(":"):
            current = parts[5].split("/")[-1] if len(parts) > 5 else "[anon]"
        elif parts and parts[0] == "Rss:":
            mapped[current] += int(parts[1])
    print(f"\nserver memory after the run: {rss:.0f} MB resident (peak {hwm:.0f} MB): "
          f"{kinds.get('RssAnon', 0):.0f} MB anonymous, {kinds.get('RssFile', 0):.0f} MB "
          "mapped files; the largest mappings:")  # fmt: skip
    for name, kb in mapped.most_common(top):
        print(f"    {kb / 1024:5.0f} MB  {name}")


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
            server_memory(app.pid)
        finally:
            stop_server(app)
    print("load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
