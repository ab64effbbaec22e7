"""Parsing XML from strangers: GPX and TCX files, with entity tricks refused.

defusedxml parses with entity declarations forbidden (billion laughs, quadratic blowup and
external entities such as file:///etc/passwd all need one) and external references forbidden.
A plain DOCTYPE is allowed: Apple Health and some GPX writers include one, and expat never loads
an external DTD subset, so it cannot reach the file system or the network.

gpxpy parses with the standard library's ElementTree, which would expand entities: callers
check the bytes here first (`check`) and hand gpxpy only text that passed (`xml_text`).
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from typing import Final

import defusedxml
import defusedxml.ElementTree as DET

from connectors.errors import BadFile, UnsafeFile
from connectors.files.text import head_text, looks_binary

_DECLARED: Final = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_PROLOG: Final = re.compile(
    r"(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)\s*", re.DOTALL | re.IGNORECASE
)
_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def parse(filename: str, data: bytes) -> ET.Element:
    """The root element of the XML document in `data`.

    Raises UnsafeFile for entity declarations or external references, BadFile for anything
    that is not well-formed XML.
    """
    try:
        return DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as exc:
        raise UnsafeFile(
            filename,
            f"refused: the XML declares an entity ({exc.name!r}); entities are how "
            "'billion laughs' and file-stealing (external entity) attacks work, and no real "
            "GPX or TCX file needs one",
        ) from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise UnsafeFile(
            filename, f"refused: the XML refers to an outside resource ({exc.sysid!r})"
        ) from exc
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeFile(filename, f"refused: unsafe XML ({exc})") from exc
    except ET.ParseError as exc:
        raise BadFile(filename, f"not well-formed XML ({exc})") from exc
    except (ValueError, LookupError) as exc:  # unknown encoding names and the like
        raise BadFile(filename, f"the XML cannot be read ({exc})") from exc


def check(filename: str, data: bytes) -> None:
    """Raise UnsafeFile or BadFile unless `data` is safe, well-formed XML."""
    parse(filename, data)


def xml_text(filename: str, data: bytes) -> str:
    """The document as text, decoded as its BOM or XML declaration says (UTF-8 by default).

    Call only after `check`: the text is meant for parsers that do not defend themselves.
    """
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            break
    else:
        declared = _DECLARED.match(data)
        if declared:
            encoding = declared.group(1).decode("ascii")
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise BadFile(filename, f"the XML is not valid {encoding} text") from exc


def root_is(head: bytes, name: str) -> bool:
    """True when the text's first element is `name` (any namespace prefix), after the optional
    XML declaration, comments, processing instructions and DOCTYPE. For sniffing; never raises.
    """
    if looks_binary(head):
        return False
    text = head_text(head, len(head)).lstrip("\ufeff \t\r\n")
    while True:
        prolog = _PROLOG.match(text)
        if not prolog:
            break
        text = text[prolog.end() :]
    return re.match(rf"<(?:[A-Za-z_][\w.-]*:)?{re.escape(name)}[\s>/]", text) is not None


def local(tag: str) -> str:
    """An element's tag without its namespace: '{http://...}Trackpoint' -> 'Trackpoint'."""
    return tag.rsplit("}", 1)[-1]
