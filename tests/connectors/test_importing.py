"""The one import path: bytes or paths in, the store updated, refusals logged.

Uses the generic CSV reader (a column map) and content no reader accepts, so it does not depend
on the format readers.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.files.base import ImportOptions
from connectors.store import Store

importing = pytest.importorskip("connectors.importing", reason="connectors.importing needs readers")

NOW = datetime(2025, 6, 1, 12, 0)  # naive UTC, as the callers pass it
MAP = ImportOptions(
    timezone="Europe/Oslo",
    column_map={"start_local": "When", "sport_type": "What", "elapsed_s": "Time", "name": "Title"},
)
CSV = (
    b"When,What,Time,Title\n"
    b"2025-03-01T08:00:00,Run,0:30:00,Easy\n"
    b"1969-07-20T20:17:00,Walk,0:20:00,Moon walk\n"
    b"2025-03-03T08:00:00,Walk,45:00,Long walk\n"
    b"2026-01-01T08:00:00,Run,0:30:00,Future run\n"
    b"01/03/2025,Run,0:30:00,Ambiguous\n"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    yield opened
    opened.close()


def test_read_file_drops_impossible_dates_as_problems() -> None:
    result = importing.read_file("mine.csv", CSV, MAP, NOW)
    assert result.frame["name"].to_list() == ["Easy", "Long walk"]
    assert result.frame["start_utc"].to_list() == [
        datetime(2025, 3, 1, 7, 0, tzinfo=UTC),
        datetime(2025, 3, 3, 7, 0, tzinfo=UTC),
    ]
    reasons = [str(p) for p in result.problems]
    assert any(r.startswith("mine.csv, row 6: ") for r in reasons)  # the day-first date
    assert any(  # the row number comes with it now that every reader shares results.finish
        r.startswith("mine.csv, row ")
        and r.endswith(": Moon walk dated 1969-07-20 is impossible (before 1970 or in the future); "
                       "skipped")
        for r in reasons
    )  # fmt: skip
    assert any("Future run dated 2026-01-01 is impossible" in r for r in reasons)
    assert len(reasons) == 3


def test_import_bytes_stores_and_reimport_skips(store: Store) -> None:
    first = importing.import_bytes(store, "mine.csv", CSV, MAP, NOW, owner="local")
    assert (first.new, first.merged, first.skipped, first.status) == (2, 0, 0, "partial")
    assert first.format == "generic_csv"
    assert len(first.errors) == 3
    again = importing.import_bytes(store, "mine.csv", CSV, MAP, NOW, owner="local")
    assert (again.new, again.skipped) == (0, 2)
    assert store.activities(owner="local")["sport"].to_list() == ["run", "walk"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "photo.jpg: the file is empty"),
        (b"   \n", "photo.jpg: the file is empty"),
        (b"\xff\xd8\xff\xe0 not an export", "photo.jpg: not a format boneload recognises"),
    ],
)
def test_unreadable_files_are_logged_and_touch_nothing(
    store: Store, data: bytes, reason: str
) -> None:
    importing.import_bytes(store, "ok.csv", CSV, MAP, NOW, owner="local")
    summary = importing.import_bytes(store, "photo.jpg", data, ImportOptions(), NOW, owner="local")
    assert summary.status == "failed"
    assert summary.errors[0].startswith(reason)
    assert store.count(owner="local") == 2
    assert [(i["file_name"], i["status"]) for i in store.imports(owner="local")] == [
        ("photo.jpg", "failed"),
        ("ok.csv", "partial"),
    ]


def test_a_bad_column_map_is_a_refusal(store: Store) -> None:
    options = ImportOptions(
        column_map={"start_local": "Nope", "sport": "=run", "elapsed_s": "Time"}
    )
    summary = importing.import_bytes(store, "mine.csv", CSV, options, NOW, owner="local")
    assert summary.status == "failed"
    assert "column 'Nope' (mapped to start_local) is not in the file" in summary.errors[0]
    assert store.count(owner="local") == 0


def test_files_over_the_limit_are_refused_unread(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 10)
    summary = importing.import_bytes(store, "huge.csv", CSV, MAP, NOW, owner="local")
    assert summary.errors == ["huge.csv: larger than 6 GB; refused"]
    assert store.count(owner="local") == 0


def test_import_paths_walks_folders_and_reports_progress(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    (folder / "sub").mkdir(parents=True)
    (folder / ".git").mkdir()
    (folder / "b.csv").write_bytes(CSV)
    (folder / "sub" / "a.csv").write_bytes(CSV.replace(b"Easy", b"Easy too"))
    (folder / ".hidden.csv").write_bytes(b"nothing")
    (folder / ".git" / "config").write_bytes(b"[core]")
    missing = tmp_path / "gone.csv"
    calls: list[tuple[float, str]] = []

    summaries = importing.import_paths(
        store,
        [folder, missing],
        MAP,
        NOW,
        progress=lambda f, what: calls.append((f, what)),
        owner="local",
    )
    assert [s.file_name for s in summaries] == ["b.csv", "a.csv", str(missing)]
    # a.csv renames one activity: a re-import corrects it (issue 10), the other is skipped
    assert [(s.new, s.updated, s.skipped) for s in summaries[:2]] == [(2, 0, 0), (0, 1, 1)]
    assert summaries[2].status == "failed"
    assert summaries[2].errors == [f"{missing}: No such file or directory"]
    assert calls == [
        (0.0, "Reading b.csv"),
        (1 / 3, "Reading a.csv"),
        (2 / 3, "Reading gone.csv"),
        (1.0, "Done"),
    ]


def test_expand_paths_skips_hidden_files_and_folders(tmp_path: Path) -> None:
    for name in ["z.fit", "a/b.gpx", ".DS_Store", ".trash/old.csv", "a/.x.tcx"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    found = list(importing.expand_paths([tmp_path, tmp_path / "named.csv"]))
    assert found == [tmp_path / "a" / "b.gpx", tmp_path / "z.fit", tmp_path / "named.csv"]


def test_big_files_stream_through_read_path(tmp_path, monkeypatch) -> None:
    """A file above the streaming threshold goes to its reader's read_path, never read whole."""
    from datetime import datetime

    from connectors import importing
    from connectors.files import apple_health
    from connectors.files.base import ImportOptions
    from connectors.store import Store

    export = tmp_path / "export.xml"
    export.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">\n'
        '<Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30" '
        'durationUnit="min" totalDistance="5" totalDistanceUnit="km" '
        'startDate="2025-09-16 16:14:50 +0100" endDate="2025-09-16 16:44:50 +0100"/>\n'
        "</HealthData>\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(importing, "STREAM_ABOVE_BYTES", 10)
    streamed: list[str] = []
    original = apple_health.READER.read_path

    def spy(path, options, progress):
        streamed.append(path.name)
        return original(path, options, progress)

    monkeypatch.setattr(
        importing.registry, "detect", lambda name, head: _with_read_path(apple_health.READER, spy)
    )
    monkeypatch.setattr(type(export), "read_bytes", _forbidden)
    store = Store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    [summary] = importing.import_paths(
        store,
        [export],
        ImportOptions(timezone="Europe/London"),
        datetime(2026, 1, 1),
        owner="local",
    )
    assert streamed == ["export.xml"]
    assert (summary.new, summary.errors) == (1, [])


def _with_read_path(reader, read_path):
    from dataclasses import replace

    return replace(reader, read_path=read_path)


def _forbidden(self) -> bytes:
    raise AssertionError(f"{self} was read whole")


def test_an_unzipped_apple_folder_skips_export_cda_without_an_error(
    store: Store, tmp_path: Path
) -> None:
    from tests.connectors.files.apple_health_builders import OLD_RUN, export

    folder = tmp_path / "apple_health_export"
    folder.mkdir()
    (folder / "export.xml").write_bytes(export(OLD_RUN))
    (folder / "export_cda.xml").write_bytes(b'<?xml version="1.0"?><ClinicalDocument/>')
    summaries = importing.import_paths(store, [folder], MAP.__class__(), NOW, owner="local")
    by_name = {s.file_name: s for s in summaries}
    assert by_name["export.xml"].new == 1
    cda = by_name["export_cda.xml"]
    assert (cda.status, cda.errors) == ("skipped", [])
    assert cda.warnings[0].startswith("skipped: Apple Health's clinical-records copy")
    assert [i["file_name"] for i in store.imports("local")] == ["export.xml"]
