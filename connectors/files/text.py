"""Turning file bytes into text, whatever encoding a spreadsheet or a locale chose."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Sequence
from typing import Final

from connectors.errors import BadFile

MAX_FIELD: Final = 65_536  # characters in one CSV value; a longer value refuses its row
# The csv module refuses a whole file at its first value over 131,072 characters (its default
# field_size_limit). Values are let through up to the upload's size (the budget bounds that),
# and each reader refuses only the row holding one over MAX_FIELD (check_fields).
csv.field_size_limit(max(csv.field_size_limit(), 1024**3))


def check_fields(cells: Sequence[str]) -> None:
    """ValueError naming the longest value when a row holds one over MAX_FIELD characters."""
    longest = max((len(c) for c in cells), default=0)
    if longest > MAX_FIELD:
        raise ValueError(
            f"a value of {longest:,} characters (more than {MAX_FIELD:,}); the row is skipped"
        )


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
    # Excel re-saves on Windows: cp1252 covers Latin-1 and the curly quotes Latin-1 lacks. Only
    # the bytes that are not UTF-8 are read as cp1252, so one stray cp1252 byte in a UTF-8
    # file leaves every other name as written (a whole-file cp1252 read turned "é" into "Ã©").
    return data.decode("utf-8", errors=_CP1252_FALLBACK)


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    """A codecs error handler: the bytes UTF-8 could not decode, read as Windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("cp1252", errors="replace"), error.end


_CP1252_FALLBACK: Final = "boneload-cp1252-fallback"
codecs.register_error(_CP1252_FALLBACK, _cp1252_bytes)


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
