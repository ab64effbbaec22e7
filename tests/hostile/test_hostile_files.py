"""The hostile-file corpus: every file here is refused (wholly, or row by row) with a clear
message, and the store it is imported into keeps exactly what it held.

Each case runs through connectors.importing.import_bytes into a SQLite store that already
holds the activities of a good Strava activities.csv. After the import the stored activities
must be exactly the ones before (frame.equals), plus the good rows of a partly good file, and
the import log must hold the message. The files are built here (small), or taken from
tests/fixtures/watch, whose INDEX.md says what each is.
"""

from __future__ import annotations

import codecs
import gzip
import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from connectors import registry
from connectors.files import archive
from connectors.files.base import ImportOptions
from connectors.importing import import_bytes
from connectors.store import Store
from dashboard.export import safe_csv

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WATCH = FIXTURES / "watch"
NOW = datetime(2025, 6, 1, 12, 0)  # naive UTC, as the Import page passes it
CHICAGO = ImportOptions(timezone="America/Chicago")
HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,"
    "Moving Time,Distance,Average Heart Rate,Average Cadence,Perceived Exertion\n"
)


def strava_row(
    ident: int,
    date: str = "Mar 1, 2025, 7:00:00 AM",
    name: str = "Hostile run",
    elapsed: str = "1800",
    metres: str = "5000.0",
) -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    return f'{ident},"{date}",{quoted},Run,{elapsed},5.0,1790,{metres},150,85,5\n'


GOOD_ROW = strava_row(9100000002)


def strava_csv(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode("utf-8")


def make_zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zipped:
        for name, data in members.items():
            zipped.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), data, method)
    return out.getvalue()


def stored_zip(members: dict[str, bytes]) -> bytes:
    return make_zip(members, zipfile.ZIP_STORED)


def watch(name: str) -> bytes:
    return (WATCH / name).read_bytes()


# ---- builders -------------------------------------------------------------------------------
BILLION_LAUGHS_TCX = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
    b'<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>&lol3;</Id>'
    b"</Activity></Activities></TrainingCenterDatabase>\n"
)
APPLE_XXE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE HealthData [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<HealthData locale="en_GB"><ExportDate value="&xxe;"/></HealthData>\n'
)


def ratio_bomb() -> bytes:
    """11 MB of zeros in one member: compresses about 1000:1."""
    return make_zip({"activities.fit": bytes(11 * 1024 * 1024)})


def _patch_sizes(data: bytes, size: int) -> bytes:
    """Rewrite every declared uncompressed size (local and central headers) to `size`."""
    out = bytearray(data)
    for sig, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = out.find(sig)
        while start != -1:
            out[start + at : start + at + 4] = struct.pack("<I", size)
            start = out.find(sig, start + 4)
    return bytes(out)


def declared_size_lie() -> bytes:
    """A member that says 100 bytes and unpacks to 2 MB."""
    return _patch_sizes(make_zip({"run.csv": b"a" * 2_000_000}), 100)


def declared_huge() -> bytes:
    """A member that declares 4 GB for a few bytes: refused before any unpacking."""
    return _patch_sizes(make_zip({"run.fit": b"x" * 1000}), 0xFFFFFFF0)


def many_members() -> bytes:
    return stored_zip({f"f{i}.gpx": b"<gpx/>" for i in range(60)})


def zip_of_zips() -> bytes:
    deepest = make_zip({"run.tcx": watch("run_two_laps.tcx")})
    return make_zip({"outer/inner.zip": make_zip({"deeper.zip": deepest})})


def gzip_bomb() -> bytes:
    """257 MB of zeros in ~260 KB of gzip, written in chunks (never held whole)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = bytes(1024 * 1024)
    return b"".join(packer.compress(chunk) for _ in range(257)) + packer.flush()


def truncated_fit() -> bytes:
    data = watch("zero_crc.fit")
    return data[: len(data) // 2]


def bit_flipped_fit() -> bytes:
    data = bytearray(watch("walk_and_ride.fit"))
    data[-5] ^= 0x10  # inside the last session's values: only the checksum can tell
    return bytes(data)


def fitbit_logs(body: str) -> bytes:
    return f'[{{"logId": 1, "activityName": "Run", {body}}}]'.encode()


def garmin_summary(body: str) -> bytes:
    return (
        '[{"summarizedActivitiesExport": [{"activityId": 7, "activityType": "running", '
        f'"beginTimestamp": 1740812400000, {body}}}]}}]'
    ).encode()


@dataclass(frozen=True)
class Case:
    id: str
    filename: str
    build: Callable[[], bytes]
    message: str
    good_rows: int = 0
    options: ImportOptions = field(default=CHICAGO)
    needs: str | None = None  # a reader that must be registered for the case to apply


CASES = [
    # XML entity expansion
    Case("gpx-billion-laughs", "run.gpx", lambda: watch("billion_laughs.gpx"),
         "refused: the XML declares an entity"),
    Case("gpx-quadratic-blowup", "run.gpx", lambda: watch("quadratic_blowup.gpx"),
         "refused: the XML declares an entity"),
    Case("gpx-external-entity", "run.gpx", lambda: watch("xxe.gpx"),
         "refused: the XML declares an entity"),
    Case("gpx-gz-billion-laughs", "run.gpx.gz", lambda: gzip.compress(watch("billion_laughs.gpx")),
         "refused: the XML declares an entity"),
    Case("tcx-billion-laughs", "run.tcx", lambda: BILLION_LAUGHS_TCX,
         "refused: the XML declares an entity ('lol')"),
    Case("tcx-external-entity", "run.tcx", lambda: watch("xxe.tcx"),
         "refused: the XML declares an entity"),
    Case("apple-health-external-entity", "export.xml", lambda: APPLE_XXE,
         "refused: the XML declares an entity ('xxe')", needs="apple_health"),
    # zip bombs and lies
    Case("zip-ratio-bomb", "bomb.zip", ratio_bomb, "(a zip bomb)"),
    Case("zip-declared-size-lie", "lie.zip", declared_size_lie, "lie.zip/run.csv: damaged inside"),
    Case("zip-declares-4-gb", "huge.zip", declared_huge, "refused: 'run.fit' is compressed"),
    Case("zip-too-many-members", "many.zip", many_members, "refused: 60 files in one archive"),
    Case("gzip-bomb", "run.fit.gz", gzip_bomb, "refused: the compressed file unpacks to more"),
    Case("zip-truncated", "cut.zip", lambda: stored_zip({"a.fit": b"x" * 5000})[:3000],
         "cut.zip: not a readable zip archive"),
    # paths escaping the archive
    Case("zip-dot-dot", "evil.zip", lambda: make_zip({"../../evil.fit": b"x"}),
         "refused: the member '../../evil.fit' points outside the archive"),
    Case("zip-absolute", "evil.zip", lambda: make_zip({"/etc/cron.d/evil": b"x"}),
         "points outside the archive"),
    Case("zip-backslash", "evil.zip", lambda: make_zip({"..\\..\\evil.csv": b"x"}),
         "points outside the archive"),
    Case("zip-drive-letter", "evil.zip", lambda: make_zip({"C:/Windows/evil.csv": b"x"}),
         "refused: the member 'C:/Windows/evil.csv' points outside the archive"),
    Case("strava-export-dot-dot", "export.zip",
         lambda: make_zip({"activities.csv": strava_csv(strava_row(1)), "../x.fit": b"x"}),
         "points outside the archive"),
    Case("zip-of-zips", "nest.zip", zip_of_zips, "nested deeper than one level, not opened"),
    # FIT damage
    Case("fit-truncated", "run.fit", truncated_fit, "the FIT file is cut short"),
    Case("fit-bit-flipped", "run.fit", bit_flipped_fit, "the FIT file's checksum does not match"),
    Case("fit-undefined-local-message", "run.fit", lambda: watch("undefined_local_message.fit"),
         "local message 11 not defined"),
    Case("fit-header-only", "run.fit", lambda: watch("zero_crc.fit")[:14],
         "run.fit: the FIT file"),
    # binary posing as text, empty and one-line files
    Case("binary-as-csv", "activities.csv", lambda: bytes(range(256)) * 8,
         "activities.csv: not a format boneload recognises"),
    Case("png-as-csv", "activities.csv", lambda: b"\x89PNG\r\n\x1a\n" + bytes(200),
         "not a format boneload recognises"),
    Case("empty", "activities.csv", lambda: b"", "activities.csv: the file is empty"),
    Case("whitespace-only", "activities.csv", lambda: b" \r\n\t\n", "the file is empty"),
    Case("header-only", "activities.csv", lambda: HEADER.encode(),
         "the file has a header but no activities"),
    Case("one-line-gpx", "run.gpx", lambda: b'<gpx version="1.1"><trk><trkseg>',
         "run.gpx: not well-formed XML"),
    Case("one-line-text", "notes.txt", lambda: b"ran 5k today", "not a format boneload recognises"),
    Case("json-nested-too-deep", "exercise-0.json",
         lambda: fitbit_logs('"x": ' + "[" * 100_000 + "]" * 100_000),
         "the JSON is nested too deeply"),
    # impossible dates (the future is judged against NOW: 2025-06-01)
    Case("strava-1901", "activities.csv",
         lambda: strava_csv(strava_row(9100000001, "Dec 13, 1901, 8:45:52 PM"), GOOD_ROW),
         "is before 1970", good_rows=1),
    Case("strava-future", "activities.csv",
         lambda: strava_csv(strava_row(9100000001, "Jan 1, 2031, 7:00:00 AM"), GOOD_ROW),
         "Hostile run dated 2031-01-01 is impossible (before 1970 or in the future); skipped",
         good_rows=1),
    Case("gpx-1901", "run.gpx", lambda: watch("bogus_1901.gpx"),
         "the GPX has no usable timestamps"),
    Case("fitbit-future", "exercise-0.json",
         lambda: fitbit_logs('"startTime": "01/01/30 10:00:00", "duration": 1800000'),
         "Run dated 2030-01-01 is impossible (before 1970 or in the future); skipped"),
    # negative and absurd durations and distances
    Case("strava-negative-duration", "activities.csv",
         lambda: strava_csv(strava_row(9100000001, elapsed="-100"), GOOD_ROW),
         "Elapsed Time -100 is impossible", good_rows=1),
    Case("strava-absurd-duration", "activities.csv",
         lambda: strava_csv(strava_row(9100000001, elapsed="99999999")),
         "Elapsed Time 1e+08 is impossible"),
    Case("strava-absurd-distance", "activities.csv",
         lambda: strava_csv(strava_row(9100000001, metres="4.2e9")),
         "Distance 4.2e+09 is impossible"),
    Case("fitbit-negative-duration", "exercise-0.json",
         lambda: fitbit_logs('"startTime": "03/24/20 01:34:35", "duration": -60000'),
         "log 1: a duration of -60 s is impossible"),
    Case("garmin-absurd-distance", "summaries.json",
         lambda: garmin_summary('"duration": 1800000, "distance": 1e15'),
         "activity 1: a distance of 1e+13 m is impossible"),
    Case("garmin-infinite-duration", "summaries.json",
         lambda: garmin_summary('"duration": 1e999'),
         "activity 1: duration is 'inf', not a finite number"),
]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store holding the four good activities of a Strava activities.csv."""
    opened = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    good = (FIXTURES / "strava" / "activities_2023_94.csv").read_bytes()
    first = import_bytes(opened, "activities.csv", good, CHICAGO, NOW, owner="local")
    assert first.new == 4
    yield opened
    opened.close()


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_file_is_refused_and_the_store_is_unchanged(
    store: Store, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    if case.needs and case.needs not in registry.ALL_READERS:
        pytest.skip(f"the {case.needs} reader is not registered yet")
    monkeypatch.setattr(archive, "MAX_MEMBERS", 50)  # the many-members case, kept small
    before = store.activities(owner="local")
    summary = import_bytes(store, case.filename, case.build(), case.options, NOW, owner="local")
    after = store.activities(owner="local")
    if case.good_rows:
        kept = after.filter(pl.col("activity_id").is_in(before["activity_id"].implode()))
        assert kept.equals(before)
        assert after.height == before.height + case.good_rows
    else:
        assert after.equals(before)
    log = store.imports(owner="local")[0]
    assert log["import_id"] == summary.import_id
    assert log["file_name"] == case.filename
    assert log["status"] == ("partial" if case.good_rows else "failed")
    assert any(case.message in error for error in log["errors"]), log["errors"]


TEXT = (
    HEADER
    + strava_row(9100000001, name="Café crème, Zürich ½")
    + strava_row(9100000002, "Mar 2, 2025, 7:00:00 AM")
)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), id="utf16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), id="utf16-be-bom"),
        pytest.param(TEXT.encode("utf-16-le"), id="utf16-le-no-bom"),
        pytest.param(TEXT.encode("utf-16-be"), id="utf16-be-no-bom"),
        pytest.param(TEXT.encode("latin-1"), id="latin-1"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), id="utf-8-bom"),
        pytest.param(TEXT.replace("\n", "\r\n").encode("cp1252"), id="cp1252-crlf"),
    ],
)
def test_other_encodings_read_correctly(store: Store, data: bytes) -> None:
    before = store.activities(owner="local")
    summary = import_bytes(store, "activities.csv", data, CHICAGO, NOW, owner="local")
    assert (summary.status, summary.new, summary.errors) == ("ok", 2, [])
    after = store.activities(owner="local")
    assert after.filter(pl.col("activity_id").is_in(before["activity_id"].implode())).equals(before)
    names = after.filter(pl.col("source_id").str.starts_with("91"))["name"].sort().to_list()
    assert names == ["Café crème, Zürich ½", "Hostile run"]


FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "-2+3",
]


def test_formula_names_are_stored_as_is_and_escaped_in_csv_downloads(store: Store) -> None:
    rows = [
        strava_row(9200000001 + i, f"Mar {i + 1}, 2025, 7:00:00 AM", name=text)
        for i, text in enumerate(FORMULAS)
    ]
    summary = import_bytes(store, "activities.csv", strava_csv(*rows), CHICAGO, NOW, owner="local")
    assert (summary.status, summary.new) == ("ok", 4)
    stored = store.activities(owner="local").filter(pl.col("source_id").str.starts_with("92"))
    names = stored.sort("start_utc")["name"].to_list()
    assert names == FORMULAS
    download = pl.read_csv(io.StringIO(safe_csv(stored.select("name", "sport"))))
    assert sorted(download["name"].to_list()) == sorted(
        ["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+cmd|' /C calc'!A0",
         "'@SUM(A1:A9)", "'-2+3"]
    )  # fmt: skip
