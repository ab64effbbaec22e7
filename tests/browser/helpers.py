"""What a person does in the browser: open a page, wait for Streamlit to settle, read it."""

from __future__ import annotations

import csv
import io
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]
HEADER_2026 = (
    (ROOT / "tests" / "fixtures" / "strava" / "activities_2026_103.csv")
    .read_text(encoding="utf-8")
    .splitlines()[0]
)
NAV = (
    "Overview",
    "Activities",
    "Weekly load",
    "Rest days",
    "Progression",
    "Shoes",
    "Bone loading",
    "Report",
    "Log a session",
    "Import",
    "Settings",
    "Connections",
    "Share",
)


@dataclass(frozen=True)
class App:
    """A running boneload server and the SQLite file it stores into."""

    url: str
    db_path: Path


def settle(page: Any, timeout_ms: int = 30_000) -> None:
    """Wait until the app has rendered and no script run is in progress."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout_ms)
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(300)


def exceptions(page: Any) -> list[str]:
    """Texts of any exception Streamlit shows in the page."""
    boxes = page.locator('[data-testid="stException"]')
    return [boxes.nth(i).inner_text() for i in range(boxes.count())]


def shot(page: Any, name: str) -> None:
    """A screenshot for a person to look at, when BONELOAD_SCREENSHOTS names a folder."""
    folder = os.environ.get("BONELOAD_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"\W+", "-", name)
        page.screenshot(path=str(Path(folder) / f"{safe}.png"), full_page=True)


def recent_strava_csv(runs: int = 6, now: datetime | None = None) -> bytes:
    """A Strava activities.csv (2026 header) with runs every other day up to yesterday."""
    now = now or datetime.now(UTC)
    header = next(csv.reader([HEADER_2026]))
    position: dict[str, int] = {}
    for index, name in enumerate(header):
        position.setdefault(name, index)
    second = {name: i for i, name in enumerate(header)}  # last occurrence wins
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for n in range(runs):
        when = (now - timedelta(days=1 + 2 * n)).replace(hour=14, minute=5, second=0)
        row = [""] * len(header)
        row[position["Activity ID"]] = str(9_100_000_000 + n)
        row[position["Activity Date"]] = when.strftime("%b %d, %Y, %I:%M:%S %p")
        row[position["Activity Name"]] = f"Browser test run {n}"
        row[position["Activity Type"]] = "Run"
        row[position["Elapsed Time"]] = "1900"
        row[position["Distance"]] = "5.10"
        row[position["Activity Gear"]] = "Test Shoe With A Rather Long Name For Layout"
        row[second["Elapsed Time"]] = "1900.0"
        row[second["Distance"]] = "5100.0"
        row[position["Moving Time"]] = "1800.0"
        row[position["Average Heart Rate"]] = "142.0"
        row[position["Average Cadence"]] = "82.0"
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_streamlit(
    script: Path,
    cwd: Path,
    log_path: Path,
    env: dict[str, str],
    port: int | None = None,
    extra_args: tuple[str, ...] = (),
) -> tuple[subprocess.Popen[bytes], str]:
    """`python -m streamlit run script` on 127.0.0.1 (on `port`, else a free one), `extra_args`
    added to its command line; returns the process and its URL once it answers /_stcore/health.
    """
    port = port or _free_port()
    log = log_path.open("wb")
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false", *extra_args,
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log_path.read_text(errors='replace')}")
        try:
            if requests.get(f"{url}/_stcore/health", timeout=2).ok:
                return process, url
        except requests.RequestException:  # not up yet, or too busy to answer in 2 s
            pass
        time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"streamlit did not start: {log_path.read_text(errors='replace')}")


def start_server(
    db_path: Path,
    log_path: Path,
    extra_env: dict[str, str] | None = None,
    port: int | None = None,
    extra_args: tuple[str, ...] = (),
) -> tuple[subprocess.Popen[bytes], str]:
    """boneload's app.py on its own SQLite store; see start_streamlit."""
    env = {**os.environ, "BONELOAD_DB": f"sqlite:///{db_path}", **(extra_env or {})}
    return start_streamlit(ROOT / "app.py", ROOT, log_path, env, port, extra_args)


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
