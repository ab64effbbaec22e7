"""safe_xml: entity tricks refused with UnsafeFile, ordinary XML parsed, text decoded."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from connectors.errors import BadFile, UnsafeFile
from connectors.files import safe_xml

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "watch"


@pytest.mark.parametrize(
    ("data", "entity"),
    [
        ((FIXTURES / "billion_laughs.gpx").read_bytes(), "'lol'"),
        ((FIXTURES / "quadratic_blowup.gpx").read_bytes(), "'a'"),
        ((FIXTURES / "xxe.gpx").read_bytes(), "'xxe'"),
        (b'<!DOCTYPE g [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]><g/>', "'p'"),
        (b'<!DOCTYPE g [<!ENTITY u SYSTEM "http://example.invalid/" NDATA x>]><g/>', "'u'"),
    ],
)
def test_entity_declarations_are_unsafe(data: bytes, entity: str) -> None:
    with pytest.raises(UnsafeFile) as caught:
        safe_xml.parse("hostile.gpx", data)
    assert caught.value.file == "hostile.gpx"
    assert caught.value.reason.startswith(f"refused: the XML declares an entity ({entity})")


def test_xxe_never_reads_the_file() -> None:
    with pytest.raises(UnsafeFile) as caught:
        safe_xml.check("x.tcx", (FIXTURES / "xxe.tcx").read_bytes())
    assert "root:" not in str(caught.value)


def test_plain_doctype_and_external_subset_are_allowed() -> None:
    root = safe_xml.parse(
        "d.gpx", b'<!DOCTYPE gpx SYSTEM "http://example.invalid/g.dtd"><gpx a="1"/>'
    )
    assert (root.tag, root.get("a")) == ("gpx", "1")
    root = safe_xml.parse(
        "d.xml", b"<!DOCTYPE HealthData [<!ELEMENT HealthData ANY>]><HealthData/>"
    )
    assert root.tag == "HealthData"


def test_malformed_xml_is_bad_not_unsafe() -> None:
    with pytest.raises(BadFile, match="not well-formed XML") as caught:
        safe_xml.parse("m.gpx", b"<gpx><trk></gpx>")
    assert not isinstance(caught.value, UnsafeFile)
    with pytest.raises(BadFile, match="not well-formed XML"):
        safe_xml.parse("m.gpx", b"")


def test_namespaces_and_local_names() -> None:
    root = safe_xml.parse("n.gpx", b'<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk/></gpx>')
    assert root.tag == "{http://www.topografix.com/GPX/1/1}gpx"
    assert safe_xml.local(root.tag) == "gpx"
    assert safe_xml.local("trk") == "trk"


def test_xml_text_follows_bom_and_declaration() -> None:
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?><gpx><name>Café</name></gpx>'
    assert safe_xml.xml_text("l.gpx", latin.encode("latin-1")).endswith("Café</name></gpx>")
    assert safe_xml.parse("l.gpx", latin.encode("latin-1")).find("name").text == "Café"
    utf8 = codecs.BOM_UTF8 + "<gpx><name>Žiri</name></gpx>".encode()
    assert safe_xml.xml_text("u.gpx", utf8) == "<gpx><name>Žiri</name></gpx>"
    utf16 = "<gpx><name>Løb</name></gpx>".encode("utf-16")
    assert safe_xml.xml_text("w.gpx", utf16) == "<gpx><name>Løb</name></gpx>"
    with pytest.raises(BadFile, match="not valid utf-8"):
        safe_xml.xml_text("bad.gpx", b"<gpx>\xff\xfe\xfa</gpx>")


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b'<?xml version="1.0"?>\n<!-- by hand -->\n<gpx version="1.1">', "gpx", True),
        (codecs.BOM_UTF8 + b"<gpx:gpx xmlns:gpx='x'>", "gpx", True),
        ((FIXTURES / "billion_laughs.gpx").read_bytes(), "gpx", True),
        (
            b'<?xml version="1.0"?><TrainingCenterDatabase xmlns="x">',
            "TrainingCenterDatabase",
            True,
        ),
        (b'Activity ID,Name\n1,"my <gpx> file"\n', "gpx", False),
        (b"<gpxdata/>", "gpx", False),
        (b"\x0e\x10\x00\x00.FIT\x00\x00<gpx>", "gpx", False),
        (b"", "gpx", False),
    ],
)
def test_root_is(head: bytes, name: str, expected: bool) -> None:
    assert safe_xml.root_is(head, name) is expected
