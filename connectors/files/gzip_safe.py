"""Gunzipping without trusting the stream: Strava's archive keeps uploads as activities/*.fit.gz.

A gzip member's declared size is not trusted (the ISIZE trailer is only 32 bits and can lie):
output is produced in chunks with zlib's `max_length` and counted, so a bomb (50 MB of zeros
packs into ~50 KB) is refused after `limit` bytes instead of filling memory. A stream that ends
before its trailer is refused too: a truncated activity is not worth a half-read summary.
"""

from __future__ import annotations

import zlib
from typing import Final

from connectors.errors import BadFile, UnsafeFile
from connectors.files import budget

GZIP_MAGIC: Final = b"\x1f\x8b"
DEFAULT_LIMIT: Final = 256 * 1024**2  # a week-long FIT file with 1 s records is ~40 MB
_CHUNK: Final = 1024 * 1024
_GZIP_WBITS: Final = 16 + zlib.MAX_WBITS  # gzip header and trailer only, no raw zlib
MAX_RATIO: Final = 200  # output / input, once the output passes RATIO_FLOOR
RATIO_FLOOR: Final = 10 * 1024**2


def is_gzip(head: bytes) -> bool:
    """True when the bytes start with the gzip magic number 1f 8b."""
    return head.startswith(GZIP_MAGIC)


def gunzip(filename: str, data: bytes, limit: int = DEFAULT_LIMIT) -> bytes:
    """The uncompressed content of gzip `data` (all members, concatenated).

    Raises UnsafeFile when the output would exceed `limit` bytes, or 200 times the input once
    past 10 MB (real FIT, GPX and TCX files pack 2-15:1; zeros pack 1000:1), or the upload's
    budget (connectors.files.budget); BadFile when the stream is corrupt or truncated.
    """
    limit = budget.held_limit(min(limit, max(RATIO_FLOOR, MAX_RATIO * len(data))))
    out = bytearray()
    pending = data
    while True:
        inflater = zlib.decompressobj(_GZIP_WBITS)
        try:
            while not inflater.eof:
                chunk = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                out += chunk
                budget.charge_bytes(filename, len(chunk))
                if len(out) > limit:
                    raise UnsafeFile(
                        filename,
                        f"refused: the compressed file unpacks to more than {limit:,} bytes "
                        "(a zip bomb, or an activity far larger than any real one)",
                    )
                if not chunk and not pending and not inflater.eof:
                    raise BadFile(filename, "the gzip file is cut short (truncated download?)")
        except zlib.error as exc:
            raise BadFile(filename, f"the gzip file is damaged ({exc})") from exc
        # Concatenated members are legal gzip; zero padding after the last one is common.
        pending = inflater.unused_data
        if not pending.strip(b"\x00"):
            return bytes(out)
        if not is_gzip(pending):
            raise BadFile(filename, "the gzip file has unexpected bytes after its end")


def gunzip_head(data: bytes, size: int = 65536) -> bytes:
    """Up to `size` uncompressed bytes from the start of gzip `data`, for sniffing.

    `data` may be only the first bytes of a file. Never raises: returns b"" on damage.
    """
    inflater = zlib.decompressobj(_GZIP_WBITS)
    try:
        return inflater.decompress(data, size)
    except zlib.error:
        return b""


def maybe_gunzip(filename: str, data: bytes, limit: int = DEFAULT_LIMIT) -> bytes:
    """`data` itself, or its uncompressed content when it is gzip."""
    return gunzip(filename, data, limit) if is_gzip(data) else data


def sniff_head(head: bytes) -> bytes:
    """The bytes a reader's sniff should look at: the head, uncompressed when it is gzip."""
    return gunzip_head(head) if is_gzip(head) else head
