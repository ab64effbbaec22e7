"""One budget per upload: hostile uploads are refused or bounded by counting work, not by
timing it (bench/hostile_bench.py prints the seconds and megabytes).

Each case is built small from tests/hostile/cases.py; the assertions count bytes unpacked,
members opened, records scanned, rows and errors, which is what made the originals cost
minutes: the gzip bomb unpacked once per row, a record scan per FIT session, every member of a
100,000-member zip tried.
"""

from __future__ import annotations

import gzip
from datetime import datetime
from pathlib import Path

import pytest

from connectors.errors import BoneloadError, UnsafeFile
from connectors.files import budget, fit, gzip_safe
from connectors.files.base import ImportOptions
from connectors.importing import read_file
from tests.hostile import cases

NOW = datetime(2026, 11, 30)
OSLO = ImportOptions(timezone="Europe/Oslo")


@pytest.fixture
def unpacked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Bytes charged to the budget, call by call."""
    seen: list[int] = []
    charge = budget.Budget.bytes

    def counting(self: budget.Budget, where: str, count: int) -> None:
        seen.append(count)
        charge(self, where, count)

    monkeypatch.setattr(budget.Budget, "bytes", counting)
    return seen


def test_a_gzip_bomb_named_by_every_row_is_unpacked_once(
    unpacked: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = gzip_safe.gunzip

    def spy(filename: str, data: bytes, limit: int = gzip_safe.DEFAULT_LIMIT) -> bytes:
        calls.append(filename)
        return real(filename, data, limit)

    monkeypatch.setattr(gzip_safe, "gunzip", spy)
    data = cases.strava_export_one_bomb(rows=40, megabytes=60)
    result = read_file("export.zip", data, OSLO, NOW)
    assert result.frame.height == 40  # every row kept, without the bomb's extras
    assert calls == ["export.zip/activities/1.fit.gz"]
    assert sum(unpacked) < 60 * 1024**2  # the ratio limit stops it before its 60 MB
    assert sum("refused" in w and "zip bomb" in w for w in result.warnings) == 40


def test_gzip_is_refused_past_200_to_1() -> None:
    bomb = cases.gzip_bomb(30)  # 30 MB from ~30 KB: 1000:1
    with pytest.raises(UnsafeFile, match="refused: the compressed file unpacks to more than"):
        gzip_safe.gunzip("run.fit.gz", bomb)
    assert len(gzip_safe.gunzip("ok.gz", gzip.compress(b"x" * 5_000_000))) == 5_000_000


def test_a_zip_of_bombs_stops_at_the_upload_budget(unpacked: list[int]) -> None:
    data = cases.zip_of_gzip_bombs(members=30, megabytes=60)
    with pytest.raises(UnsafeFile, match="the upload unpacks to more than 67,108,864 bytes"):
        read_file("batch.zip", data, OSLO, NOW)
    assert sum(unpacked) <= budget.FLOOR_BYTES + 2 * 1024**2  # one chunk past the budget


def test_fit_session_windows_scan_each_record_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared = 0
    real = fit._Windows.of

    def counting(self: fit._Windows, session: dict) -> list:
        nonlocal compared
        found = real(self, session)
        compared += len(found)
        return found

    monkeypatch.setattr(fit._Windows, "of", counting)
    result = read_file("many.fit", cases.fit_many_sessions(2_000), OSLO, NOW)
    assert result.frame.height == 2_000
    assert compared == 2_000 * 5  # each record in its own session's window only


def test_fit_sessions_are_counted_against_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "MAX_SESSIONS", 500)
    with pytest.raises(UnsafeFile, match="more than 500 workout sessions"):
        read_file("many.fit", cases.fit_many_sessions(600), OSLO, NOW)


def test_a_zip_of_many_tiny_members_is_refused_before_any_is_read() -> None:
    with pytest.raises(UnsafeFile, match="refused: 50,001 files in one archive"):
        read_file("tiny.zip", cases.zip_many_tiny(50_001), OSLO, NOW)


def test_a_zip_of_junk_members_stops_after_a_bounded_number_of_errors() -> None:
    result = read_file("tiny.zip", cases.zip_many_tiny(2_000), OSLO, NOW)
    assert len(result.problems) == 101  # 100 members, then one line for the rest
    assert "so the other 1,900 were not tried" in result.problems[-1].reason


def test_members_count_across_nested_archives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "MAX_MEMBERS", 120)
    inner = cases.zip_many_tiny(100)
    outer = cases.zipped({"a.zip": inner, "b.zip": inner})
    with pytest.raises(UnsafeFile, match="more than 120 files in its archives"):
        read_file("nested.zip", outer, OSLO, NOW)


def test_a_dense_member_is_refused_before_it_is_held(unpacked: list[int]) -> None:
    data = cases.dense_member(megabytes=80)  # ~0.6 MB that unpacks to 80 MB at ~140:1
    with pytest.raises(UnsafeFile) as refused:
        read_file("dense.zip", data, OSLO, NOW)  # a Strava export: its activities.csv
    assert str(refused.value) == (
        "dense.zip/Activities.csv: refused: it would unpack to 83,886,126 bytes, more than the "
        "67,108,864 an upload of this size may hold"
    )
    result = read_file("batch.zip", cases.zipped({"a/x.zip": data}), OSLO, NOW)
    assert [p.file for p in result.problems] == ["batch.zip/a/x.zip/Activities.csv"]
    assert unpacked == [len(data)]  # the inner zip itself, none of its member


def test_rows_are_counted_against_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "MAX_ROWS", 1_000)
    with pytest.raises(UnsafeFile, match="more than 1,000 rows"):
        read_file("activities.csv", cases.junk_rows(1_001), OSLO, NOW)


def test_cpu_seconds_are_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "BASE_SECONDS", -1.0)  # any work is over
    with pytest.raises(UnsafeFile, match="reading it took more than"):
        read_file("many.fit", cases.fit_many_sessions(3), OSLO, NOW)


def test_real_files_stay_far_inside_the_budget() -> None:
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    for path in [*fixtures.glob("watch/*.fit"), *fixtures.glob("strava/*.csv")]:
        with budget.upload(path.name, path.stat().st_size) as spent:
            try:
                read_file(path.name, path.read_bytes(), OSLO, NOW)
            except budget.OverBudget:
                pytest.fail(f"{path.name} went over its budget")
            except BoneloadError:
                pass  # the damaged fixtures are refused on purpose
        assert spent.unpacked <= spent.max_bytes // 10
