"""Share-link load: N concurrent viewers on one `?share=<token>` link, each clicking through
every shared page, against one boneload server; page times, errors and the server's memory.

Run: uv run python bench/share_load_bench.py [--sessions 20] [--rounds 3] [--limit 600]

1. Imports a ten-year, ~5,000-activity Strava activities.csv ending now (bench/history.py,
   through bench/page_bench.build_store) into a fresh SQLite store in a temporary folder (deleted
   afterwards), and creates a share link for the local owner opening every view page
   (connectors.store.share_links.create).
2. Starts boneload on that store on 127.0.0.1 (tests/browser/helpers.start_server).
3. In ONE Debian chromium (Playwright's async API), `--sessions` browser contexts at once, each a
   viewer: open the link, then click every shared page in the sidebar, `--rounds` times round.
   A page is settled when its h1 shows its title, Streamlit's "Running..." widget is gone and
   nothing stale is left. An error is an stException on the page, an action that timed out, or
   the link refused (the "This link does not open anything" page, or a shared page missing from
   the sidebar).
4. Prints median and p95 page time overall and per page, the errors, and the server's peak RSS
   (VmHWM from /proc/<pid>/status).

Bounded: every action has its own timeout and the whole run a hard limit (--limit seconds);
nothing leaves 127.0.0.1. Nothing here is asserted anywhere.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.page_bench import build_store, memory_mb  # noqa: E402
from connectors.store import LOCAL_OWNER, Store, share_links  # noqa: E402
from dashboard.navigation import SHAREABLE, VIEW_PAGES  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.helpers import start_server, stop_server  # noqa: E402

TIMEZONE = "America/Chicago"
VIEWPORT = {"width": 1280, "height": 900}
ACTION_TIMEOUT_MS = 90_000
REFUSED = "This link does not open anything"
OPEN = "(open link)"
# The h1 shows one of the wanted headings, no "Running..." widget, nothing stale: returns the
# heading, or false while the page is still on its way.
SETTLED_JS = """(wanted) => {
  const h = document.querySelector('[data-testid="stMain"] h1');
  if (!h || document.querySelector('[data-testid="stStatusWidget"]')
      || document.querySelector('[data-testid="stMain"] [data-stale="true"]')) return false;
  const text = h.textContent.trim();
  return wanted.find((title) => text.startsWith(title)) || false;
}"""


@dataclass(frozen=True)
class Sample:
    """One page: seconds from the click (or the link opened) to settled; error when it failed."""

    session: int
    page: str
    seconds: float
    error: str = ""


async def _settle(page: Any, title: str) -> str:
    """Wait until `title` (or the refused page) is settled; the error found, or ""."""
    handle = await page.wait_for_function(
        SETTLED_JS, arg=[title, REFUSED], polling="raf", timeout=ACTION_TIMEOUT_MS
    )
    if await handle.json_value() == REFUSED:
        return "link refused"
    if await page.locator('[data-testid="stException"]').count():
        return "exception on the page"
    return ""


async def _refused(page: Any) -> bool:
    """The page shows the refused-link page (checked after an action failed)."""
    try:
        heading = await page.locator('[data-testid="stMain"] h1').first.inner_text(timeout=2_000)
    except Exception:  # no heading at all
        return False
    return heading.strip().startswith(REFUSED)


async def _timed(
    session: int, label: str, title: str, page: Any, action: Any, out: list[Sample]
) -> str:
    """Run `action`, wait for `title` settled, record a Sample under `label`; the error."""
    began = time.perf_counter()
    try:
        await action()
        error = await _settle(page, title)
    except Exception as exc:  # a Playwright timeout, a closed page: all count as errors
        if await _refused(page):
            error = "link refused"
        else:
            name = "timeout" if "Timeout" in type(exc).__name__ else type(exc).__name__
            error = f"{name}: {str(exc).splitlines()[0][:120]}"
    out.append(Sample(session, label, time.perf_counter() - began, error))
    return error


async def viewer(
    browser: Any, number: int, link: str, titles: tuple[str, ...], rounds: int, out: list[Sample]
) -> None:
    """One viewer in its own browser context: open the link, then click round the pages."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()

        async def opening() -> None:
            await page.goto(link, wait_until="commit", timeout=ACTION_TIMEOUT_MS)

        if await _timed(number, OPEN, titles[0], page, opening, out):
            return
        nav = page.get_by_test_id("stSidebarNav")
        for _ in range(rounds):
            for title in (*titles[1:], titles[0]):
                target = nav.get_by_text(title, exact=True)

                async def click(target: Any = target) -> None:
                    await target.click(timeout=ACTION_TIMEOUT_MS)

                error = await _timed(number, title, title, page, click, out)
                if error == "link refused":
                    return  # the link stopped working: nothing further to click
    finally:
        await context.close()


async def drive(link: str, sessions: int, rounds: int, limit_s: float) -> tuple[list[Sample], int]:
    """All viewers at once in one chromium; (samples, sessions cut off by the hard limit)."""
    from playwright.async_api import async_playwright

    titles = tuple(spec.title for spec in VIEW_PAGES if spec.key in SHAREABLE)
    out: list[Sample] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        tasks = [
            asyncio.create_task(viewer(browser, n, link, titles, rounds, out))
            for n in range(sessions)
        ]
        done, pending = await asyncio.wait(tasks, timeout=limit_s)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for task in done:
            if task.exception() is not None:
                out.append(Sample(-1, "(session)", 0.0, f"crashed: {task.exception()!r}"))
        await browser.close()
    return out, len(pending)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (/proc/<pid>/stat), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def _line(label: str, values: list[float], errors: int) -> str:
    if not values:
        return f"  {label:<16}{'-':>9}{'-':>9}{len(values):>7}{errors:>8}"
    median, p95 = statistics.median(values), percentile(values, 0.95)
    return f"  {label:<16}{median * 1000:>7.0f}ms{p95 * 1000:>7.0f}ms{len(values):>7}{errors:>8}"


def report(samples: list[Sample], figures: dict[str, Any]) -> None:
    load = ", ".join(f"{a:.1f}" for a in (*figures["load_before"], figures["load_after"][0]))
    print(f"machine: {os.cpu_count()} CPUs, load average {load} (1/5/15 min before, 1 min after)")
    built = figures["built"]
    print(f"store: {figures['count']:,} activities over ten years, built in {built:.1f} s")
    print(
        f"run: {figures['sessions']} concurrent viewers x {figures['rounds']} rounds of "
        f"{len(SHAREABLE)} shared pages, one chromium, {figures['elapsed']:.1f} s wall clock"
    )
    if figures["cut_off"]:
        print(f"HARD LIMIT reached: {figures['cut_off']} session(s) cut off")
    good = [s for s in samples if not s.error]
    clicks = [s.seconds for s in good if s.page != OPEN]
    print("\npage time: sidebar click (or link opened) -> settled")
    print(f"  {'page':<16}{'median':>9}{'p95':>9}{'pages':>7}{'errors':>8}")
    titles = [OPEN, *(spec.title for spec in VIEW_PAGES if spec.key in SHAREABLE)]
    for title in titles:
        own = [s for s in samples if s.page == title]
        print(_line(title, [s.seconds for s in own if not s.error], sum(1 for s in own if s.error)))
    click_errors = sum(1 for s in samples if s.error and s.page != OPEN)
    print(_line("all clicks", clicks, click_errors))
    errors = [s for s in samples if s.error]
    print(f"\nerrors: {len(errors)} of {len(samples)} page loads")
    for reason, count in Counter(s.error for s in errors).most_common(10):
        print(f"  {count:>4} x {reason}")
    loads = len(samples) or 1
    print(
        f"\nserver CPU: {figures['server_cpu']:.1f} s over the run "
        f"({figures['server_cpu'] / loads * 1000:.0f} ms per page load), "
        f"{figures['server_cpu'] / figures['elapsed']:.2f} CPUs busy on average"
    )
    rss, hwm, processes = figures["memory"]
    print(
        f"\nserver memory: peak {hwm:.0f} MB (VmHWM), {rss:.0f} MB now (VmRSS), "
        f"{processes} process(es)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=float, default=600.0, help="hard limit, seconds")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit("Debian's chromium is needed at /usr/bin/chromium (apt-get install chromium)")
    figures: dict[str, Any] = {
        "load_before": os.getloadavg(),
        "sessions": args.sessions,
        "rounds": args.rounds,
    }
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        began = time.perf_counter()
        db_path, figures["count"] = build_store(folder)
        figures["built"] = time.perf_counter() - began
        store = Store(f"sqlite:///{db_path}")
        now = datetime.now(UTC).replace(tzinfo=None)
        token, _ = share_links.create(
            store, LOCAL_OWNER, "Load bench", now + timedelta(days=1), SHAREABLE, now
        )
        store.close()
        env = {"TZ": TIMEZONE, "BONELOAD_PUBLIC": "0", "BONELOAD_DEMO": "0"}
        process, url = start_server(db_path, folder / "streamlit.log", env)
        try:
            began, cpu = time.perf_counter(), cpu_seconds(process.pid)
            samples, figures["cut_off"] = asyncio.run(
                drive(f"{url}/?share={token}", args.sessions, args.rounds, args.limit)
            )
            figures["elapsed"] = time.perf_counter() - began
            figures["server_cpu"] = cpu_seconds(process.pid) - cpu
            figures["load_after"] = os.getloadavg()
            figures["memory"] = memory_mb(process.pid)
        finally:
            stop_server(process)
    report(samples, figures)


if __name__ == "__main__":
    main()
