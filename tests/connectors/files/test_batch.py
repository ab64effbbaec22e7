"""Batch reader: zips (and .gz) of activity files that are no known export."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest

from connectors import registry
from connectors.errors import BadFile, UnsafeFile
from connectors.files import batch
from connectors.files.base import ImportOptions
from connectors.schema import validate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
WATCH = FIXTURES / "watch"
OPTIONS = ImportOptions(timezone="Europe/Paris")


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def watch(name: str) -> bytes:
    return (WATCH / name).read_bytes()


def test_zip_of_watch_files_reads_each_with_its_reader() -> None:
    data = make_zip(
        {
            "week/zero_crc.fit": watch("zero_crc.fit"),
            "week/strava_run.gpx.gz": gzip.compress(watch("strava_run.gpx")),
            "week/two_tracks_walk.gpx": watch("two_tracks_walk.gpx"),
            "week/run_two_laps.tcx": watch("run_two_laps.tcx"),
            "week/": b"",
            "__MACOSX/week/._zero_crc.fit": b"\x00\x05\x16\x07",
            "week/.DS_Store": b"\x00\x00\x00\x01Bud1",
        }
    )
    assert registry.detect("week.zip", data).name == "batch"
    result = batch.read("week.zip", data, OPTIONS)
    assert result.format == "batch"
    assert validate(result.frame) == []
    assert result.problems == []
    assert sorted(result.frame["source"].to_list()) == ["fit", "gpx", "gpx", "tcx"]
    assert sorted(result.frame["elapsed_s"].to_list()) == [240.0, 510.0, 690.0, 1800.0]
    assert not any(w.startswith("No time zone") for w in result.warnings)


def test_a_member_that_fails_is_a_problem_naming_it() -> None:
    data = make_zip(
        {
            "zero_crc.fit": watch("zero_crc.fit"),
            "bad.fit": watch("undefined_local_message.fit"),
            "notes.txt": b"ran well today",
            "empty.gpx": b"",
            "laughs.gpx": watch("billion_laughs.gpx"),
        }
    )
    result = batch.read("archive.zip", data, OPTIONS)
    assert result.frame.height == 1
    problems = {p.file: p.reason for p in result.problems}
    assert set(problems) == {
        "archive.zip/bad.fit",
        "archive.zip/notes.txt",
        "archive.zip/empty.gpx",
        "archive.zip/laughs.gpx",
    }
    assert "local message 11 not defined" in problems["archive.zip/bad.fit"]
    assert problems["archive.zip/notes.txt"].startswith("not a format boneload recognises")
    assert problems["archive.zip/empty.gpx"] == "the file is empty"
    assert problems["archive.zip/laughs.gpx"].startswith("refused: the XML declares an entity")


def test_one_nested_zip_is_opened_a_second_is_not() -> None:
    inner = make_zip(
        {
            "zero_crc.fit": watch("zero_crc.fit"),
            "deeper.zip": make_zip({"run_two_laps.tcx": watch("run_two_laps.tcx")}),
        }
    )
    result = batch.read("outer.zip", make_zip({"inner.zip": inner}), OPTIONS)
    assert result.frame["source"].to_list() == ["fit"]
    assert [str(p) for p in result.problems] == [
        "outer.zip/inner.zip/deeper.zip: an archive inside an archive inside the upload: "
        "nested deeper than one level, not opened (unpack it and import the files inside)"
    ]


def test_a_known_export_inside_a_batch_goes_to_its_reader() -> None:
    strava = make_zip(
        {"activities.csv": (FIXTURES / "strava" / "activities_2026_103.csv").read_bytes()}
    )
    result = batch.read("all.zip", make_zip({"strava.zip": strava}), OPTIONS)
    assert sorted(result.frame["source_id"].to_list()) == [
        "15000000001",
        "15000000002",
        "15000000003",
    ]


def test_gz_of_one_csv_is_read_by_the_csv_reader() -> None:
    data = gzip.compress((FIXTURES / "garmin" / "activities_2026_km.csv").read_bytes())
    assert registry.detect("Activities.csv.gz", data).name == "batch"
    result = batch.read("Activities.csv.gz", data, OPTIONS)
    assert result.format == "garmin_csv"
    assert result.frame.height > 0


def test_gz_nested_in_gz_in_gz_is_refused() -> None:
    data = gzip.compress(gzip.compress(gzip.compress(watch("run_two_laps.tcx") + b" ")))
    data = gzip.compress(data)
    with pytest.raises(BadFile, match="nested deeper than one level"):
        batch.read("x.gz", data, OPTIONS)


def test_the_same_file_twice_is_read_once() -> None:
    data = make_zip({"a.fit": watch("zero_crc.fit"), "copy/a.fit": watch("zero_crc.fit")})
    result = batch.read("twice.zip", data, OPTIONS)
    assert result.frame.height == 1
    assert result.warnings == ["1 activity appears in more than one file; read once"]


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (make_zip({}), BadFile, "the archive holds no files"),
        (make_zip({"__MACOSX/._a": b"x"}), BadFile, "the archive holds no files"),
        (make_zip({"../up.fit": b"x"}), UnsafeFile, "points outside the archive"),
        (b"PK\x03\x04" + b"\x00" * 40, BadFile, "not a readable zip archive"),
        (gzip.compress(b"  \n"), BadFile, "the compressed file is empty"),
    ],
)
def test_archives_refused_whole(data: bytes, error: type[BadFile], message: str) -> None:
    with pytest.raises(error, match=message):
        batch.read("x.zip", data, OPTIONS)


def test_sniff_takes_any_archive_and_it_comes_last() -> None:
    assert batch.sniff("a", b"PK\x03\x04rest") and batch.sniff("a", b"\x1f\x8brest")
    assert not batch.sniff("a", b"Activity ID,Activity Date\n")
    assert registry.FILE_READERS[-1].name == "batch"


def test_a_zip_keeps_each_files_streams_up_to_the_upload_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = make_zip(
        {
            "a/strava_run.gpx": watch("strava_run.gpx"),
            "a/two_tracks_walk.gpx": watch("two_tracks_walk.gpx"),
            "a/run_two_laps.tcx": watch("run_two_laps.tcx"),
        }
    )
    result = batch.read("week.zip", data, OPTIONS)
    keys = sorted((s.source, s.source_id) for s in result.streams)
    assert keys == sorted(result.frame.select("source", "source_id").rows())
    monkeypatch.setattr(batch, "MAX_STREAMS", 2)
    capped = batch.read("week.zip", data, OPTIONS)
    assert len(capped.streams) == 2 and capped.frame.height == 3
    assert "kept for the first 2 activities only (1 more have their totals alone)" in " ".join(
        capped.warnings
    )
