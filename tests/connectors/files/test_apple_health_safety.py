"""Apple Health reader against hostile XML, damaged files and generated junk, and streaming in
bounded memory."""

from __future__ import annotations

import tracemalloc
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import BadFile, BoneloadError, UnsafeFile
from connectors.files import apple_health
from connectors.files.base import ImportOptions, ReadResult
from connectors.schema import validate
from tests.connectors.files.apple_health_builders import (
    NEW_WALK,
    OLD_RUN,
    PROLOG,
    RECORD,
    UTC_OPTIONS,
    export,
    workout,
    zipped,
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE HealthData [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<HealthData locale="en">&lol3;</HealthData>
"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE HealthData [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<HealthData locale="en"><Workout workoutActivityType="&xxe;"/></HealthData>
"""
PARAMETER = b"""<?xml version="1.0"?>
<!DOCTYPE HealthData [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]>
<HealthData/>
"""


@pytest.mark.parametrize(
    ("data", "entity"), [(BILLION_LAUGHS, "'lol'"), (XXE, "'xxe'"), (PARAMETER, "'p'")]
)
def test_entities_are_refused(data: bytes, entity: str) -> None:
    for name, payload in (("export.xml", data), ("export.zip", zipped({"a/export.xml": data}))):
        with pytest.raises(UnsafeFile) as caught:
            apple_health.read(name, payload, UTC_OPTIONS)
        assert f"declares an entity ({entity})" in caught.value.reason
        assert "root:" not in str(caught.value)
    assert caught.value.file == "export.zip/a/export.xml"


def test_undefined_entity_is_bad_not_expanded() -> None:
    with pytest.raises(BadFile, match="undefined entity") as caught:
        apple_health.read("e.xml", export("<Record>&lol;</Record>"), UTC_OPTIONS)
    assert not isinstance(caught.value, UnsafeFile)


def test_truncated_export_names_the_file(tmp_path: Path) -> None:
    data = export(OLD_RUN, NEW_WALK)[:-200]
    with pytest.raises(BadFile, match=r"damaged or cut short at line \d+") as caught:
        apple_health.read("export.xml", data, UTC_OPTIONS)
    assert caught.value.file == "export.xml"
    path = tmp_path / "export.zip"
    path.write_bytes(zipped({"apple_health_export/export.xml": data}))
    with pytest.raises(BadFile, match="cut short") as caught:
        apple_health.read_path(path, UTC_OPTIONS, None)
    assert caught.value.file == "export.zip/apple_health_export/export.xml"


def test_other_xml_and_empty_files_are_bad() -> None:
    with pytest.raises(BadFile, match="not an Apple Health export"):
        apple_health.read("g.xml", b"<gpx><trk/></gpx>", UTC_OPTIONS)
    with pytest.raises(BadFile, match="empty"):
        apple_health.read("e.xml", b"  \n", UTC_OPTIONS)
    with pytest.raises(BadFile, match="time zone"):
        apple_health.read("e.xml", export(OLD_RUN), ImportOptions(timezone="Nowhere/Land"))


def write_big_export(path: Path, size: int) -> int:
    """Write an export of about `size` bytes: records with one workout every 2,000."""
    block = RECORD * 2000
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(PROLOG)
        while out.tell() < size:
            out.write(block)
            start = datetime(2024, 1, 1) + timedelta(hours=count)
            out.write(
                workout(
                    "Running",
                    f"{start:%Y-%m-%d %H:%M:%S} +0000",
                    f"{start + timedelta(minutes=30):%Y-%m-%d %H:%M:%S} +0000",
                    attrs=f'totalDistance="{count + 1}" totalDistanceUnit="km"',
                )
            )
            count += 1
        out.write("</HealthData>\n")
    return count


@pytest.mark.parametrize("zipped_export", [False, True])
def test_a_50_mb_export_streams_in_bounded_memory(tmp_path: Path, zipped_export: bool) -> None:
    xml = tmp_path / "export.xml"
    count = write_big_export(xml, 50 * 1024**2)
    path = xml
    if zipped_export:
        path = tmp_path / "export.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            archive.write(xml, "apple_health_export/export.xml")
    tracemalloc.start()
    try:
        result = apple_health.read_path(path, UTC_OPTIONS, None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # ~190,000 records; a tree kept in memory would take hundreds of MB, the file alone 50 MB.
    assert peak < 16 * 1024**2
    assert result.frame.height == count > 90
    assert result.frame["distance_m"].sum() == 1000 * count * (count + 1) / 2


JUNK = st.one_of(
    st.binary(max_size=600),
    st.builds(
        lambda cut, flip, data: data[:cut] + bytes([flip]) + data[cut + 1 :],
        st.integers(0, len(export(OLD_RUN)) - 1),
        st.integers(0, 255),
        st.just(export(OLD_RUN)),
    ),
    st.text(max_size=300).map(lambda t: export(t.replace("<", "&lt;"))),
    st.builds(lambda d: zipped({"x/export.xml": d}), st.binary(max_size=200)),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JUNK)
def test_junk_gives_only_boneload_errors(data: bytes) -> None:
    try:
        result = apple_health.read("junk.xml", data, UTC_OPTIONS)
    except BoneloadError:
        return
    assert isinstance(result, ReadResult)
    assert validate(result.frame) == []
