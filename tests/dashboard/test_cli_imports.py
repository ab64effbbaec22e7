"""`boneload --help` and argument errors answer at once: they load neither Polars, SQLAlchemy,
Streamlit nor Plotly (issue 12). A behaviour test in a fresh interpreter, not a timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("polars", "sqlalchemy", "streamlit", "plotly", "requests")
# Standard-library modules a command needs but --help and argument errors do not: shutil (what
# argparse sizes help with, pulling in bz2 and lzma), datetime, zoneinfo and pathlib.
STARTUP = ("shutil", "datetime", "zoneinfo", "pathlib")

PROBE = """
import json, sys
import dashboard.cli as cli
try:
    cli.main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
else:
    code = None
print(json.dumps({"code": code, "loaded": [m for m in HEAVY_NAMES if m in sys.modules]}))
""".replace("HEAVY_NAMES", repr(HEAVY + STARTUP))


def _probe(*argv: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["import", "--help"],
        ["log", "--help"],
        ["sync", "--help"],
        [],  # no command: an argument error
        ["weekly", "--format", "xml"],  # a bad choice
        ["log", "--time", "07:30", "--type", "skydive", "--minutes", "3"],  # unknown type
        ["sync", "myspace"],  # unknown source
        ["edit", "x", "--sport", "curling"],  # unknown sport family
    ],
)
def test_help_and_argument_errors_load_nothing_heavy(argv: list[str]) -> None:
    result = _probe(*argv)
    assert result["code"] in (0, 2), result
    assert result["loaded"] == [], result


def test_a_command_that_runs_does_load_polars(tmp_path: Path) -> None:
    """The probe can see a heavy import: `weekly` on an empty store reads through Polars."""
    result = _probe("weekly", "--db", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    assert result["code"] is None
    assert "polars" in result["loaded"] and "sqlalchemy" in result["loaded"]
    assert "datetime" in result["loaded"] and "pathlib" in result["loaded"]


def test_the_parser_choices_are_the_real_lists() -> None:
    """The light lists the parser reads are the ones the importers and the sync use."""
    from connectors import manual, schema
    from connectors.apis import registry

    assert schema.SPORTS == ("run", "walk", "hike", "ride", "swim", "strength", "impact",
                             "balance", "other")  # fmt: skip
    assert list(manual.BY_KEY) == [t.key for t in manual.SESSION_TYPES]
    assert registry.BY_KEY["strava"] is registry.STRAVA


def test_a_bad_today_is_named_in_plain_words(capsys: pytest.CaptureFixture[str]) -> None:
    """--today is parsed by a light function: a bad date still says what is wrong."""
    from dashboard.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["guidance", "--today", "2026-13-01"])
    assert exc.value.code == 2
    assert "'2026-13-01' is not a date (YYYY-MM-DD)" in capsys.readouterr().err


def test_import_into_sqlite_does_not_load_sqlalchemy(tmp_path: Path) -> None:
    """`boneload import` of a Strava CSV into a SQLite file runs on stdlib sqlite3 (issue 12):
    SQLAlchemy, Streamlit, Plotly and requests stay unloaded; the full Store then reads it."""
    csv = ROOT / "tests" / "fixtures" / "strava" / "activities_2026_103.csv"
    db = f"sqlite:///{tmp_path / 'new.sqlite'}"
    result = _probe("import", str(csv), "--db", db, "--tz", "America/Chicago")
    assert result["code"] is None, result  # main returned (0) rather than exiting
    loaded = set(result["loaded"])  # type: ignore[arg-type]
    assert "polars" in loaded, result
    assert not loaded & {"sqlalchemy", "streamlit", "plotly", "requests"}, result
    from connectors.store import Store

    store = Store(db)
    try:
        assert store.count("local") == 3  # the rows of the file (103 columns)
        assert store.load_settings("local")["timezone"] == "America/Chicago"
    finally:
        store.close()
