"""The report for the doctor, downloaded from the Report page and printed by chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import App, exceptions, settle, shot

pytestmark = pytest.mark.browser


def test_report_downloads_and_prints_to_pdf(page: Any, app: App, tmp_path: Path) -> None:
    page.goto(f"{app.url}/report")
    settle(page)
    expect(page.get_by_role("heading", name="Report").first).to_be_visible()
    assert exceptions(page) == []
    preview = page.frame_locator('[data-testid="stMain"] iframe').first
    expect(preview.get_by_role("heading", name="Week by week")).to_be_visible()
    shot(page, "report-page")

    with page.expect_download() as html_download:
        page.get_by_role("button", name="Download the report (HTML, print-ready)").click()
    html = Path(html_download.value.path()).read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Guidance and its sources" in html
    assert "Demo data: a made-up athlete" in html
    with page.expect_download() as csv_download:
        page.get_by_role("button", name="Download the weekly table (CSV)").click()
    csv = Path(csv_download.value.path()).read_text(encoding="utf-8").splitlines()
    assert csv[0].startswith("Week,Week starting,Runs,Target,On target,Rest days,Running (km)")
    assert len(csv) >= 13  # the header and the weeks of the last 12 weeks

    printer = page.context.new_page()
    printer.set_content(html)
    pdf = printer.pdf(format="A4", print_background=True)
    printer.close()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    # a dozen weeks, the shoes and the guidance on a few pages: the demo athlete logs about nine
    # sessions a week (jumps and yoga since 81838f1), so the session log alone is ~115 rows
    assert 2 <= pages <= 8, pages
    pdf_path = tmp_path / "report.pdf"
    pdf_path.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf_path),
             str(tmp_path / "page")],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        [png] = list(tmp_path.glob("page*.png"))
        assert png.read_bytes().startswith(b"\x89PNG")
        shots = __import__("os").environ.get("BONELOAD_SCREENSHOTS")
        if shots:
            shutil.copy(png, Path(shots) / "report-print-page-1.png")
            shutil.copy(pdf_path, Path(shots) / "report.pdf")
