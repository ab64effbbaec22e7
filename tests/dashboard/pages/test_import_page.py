"""The Import page names every format it reads, and a CSV that only needs its columns mapped
opens the mapping form with guidance, not a red error (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from connectors import registry
from connectors.store import ImportSummary

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'boneload.sqlite'}"
    monkeypatch.setenv("BONELOAD_DB", url)
    return url


def _open(results: list[ImportSummary] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if results is not None:
        at.session_state["import_results"] = results
    at.switch_page("dashboard/pages/import_data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_page_names_every_format_it_reads(db_url: str) -> None:
    at = _open()
    line = next(m.value for m in at.markdown if m.value.startswith("Formats read: "))
    shown = line.replace("\\", "")
    for label in registry.formats_read():
        assert label in shown
    assert "Fitbit" in shown and "Apple Health" in shown and "FIT" in shown


def test_a_csv_that_only_needs_mapping_is_guidance_not_an_error(db_url: str) -> None:
    refused = ImportSummary(
        1, "my_log.csv", None, errors=[f"my_log.csv: {registry.UNRECOGNISED} (...)"],
        status="failed",
    )  # fmt: skip
    at = _open([refused])
    assert [e.value for e in at.error] == []
    assert any("columns boneload does not know yet" in i.value for i in at.info)


def test_a_broken_file_is_still_an_error(db_url: str) -> None:
    broken = ImportSummary(
        2, "run.fit", None, errors=["run.fit: the file is empty"], status="failed"
    )
    at = _open([broken])
    assert [e.value for e in at.error] == ["run.fit: the file is empty"]
