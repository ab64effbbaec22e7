"""Turning file bytes into text, whatever encoding a spreadsheet or a locale chose."""

from __future__ import annotations

import codecs

from connectors.errors import BadFile

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(head: bytes) -> bool:
    """True for bytes that are no text in any encoding we read (NULs without a UTF-16 BOM)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = head[:4096]
    if b"\x00" in sample:
        # UTF-16 without a BOM: every other byte is NUL in ASCII text.
        even, odd = sample[0::2], sample[1::2]
        return not (sample and (even.count(0) > len(even) * 0.4 or odd.count(0) > len(odd) * 0.4))
    return False


def decode_text(filename: str, data: bytes) -> str:
    """Decode a text file: BOM first, then UTF-8, then UTF-16 without BOM, then Windows-1252.

    Raises BadFile for binary content posing as text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise BadFile(filename, f"the text is not valid {encoding}: {exc.reason}") from exc
    if looks_binary(data):
        raise BadFile(filename, "this is a binary file, not a text (CSV) file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        for encoding in _utf16_order(data[:4096]):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if text.isprintable() or "\n" in text:
                return text
    # Excel re-saves on Windows: cp1252 covers Latin-1 and the curly quotes Latin-1 lacks.
    return data.decode("cp1252", errors="replace")


def head_text(data: bytes, size: int = 4096) -> str:
    """Best-effort text of the first bytes, for sniffing. Never raises."""
    head = data[:size]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    if looks_binary(head):
        return ""
    if b"\x00" in head:
        return head.decode(_utf16_order(head)[0], errors="ignore")
    return head.decode("utf-8", errors="ignore")


def _utf16_order(sample: bytes) -> tuple[str, str]:
    """UTF-16 byte orders to try, likeliest first: ASCII-heavy text puts its NULs at odd
    positions in little-endian, at even positions in big-endian."""
    if sample[0::2].count(0) > sample[1::2].count(0):
        return ("utf-16-be", "utf-16-le")
    return ("utf-16-le", "utf-16-be")
