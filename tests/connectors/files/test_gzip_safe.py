"""gzip_safe: bombs stopped at the limit, truncation and damage refused, members joined."""

from __future__ import annotations

import gzip

import pytest

from connectors.errors import BadFile, UnsafeFile
from connectors.files.gzip_safe import gunzip, gunzip_head, is_gzip, maybe_gunzip, sniff_head

TEXT = b"<gpx>" + b"a" * 5000 + b"</gpx>"


def test_round_trip_and_detection() -> None:
    packed = gzip.compress(TEXT)
    assert is_gzip(packed) and not is_gzip(TEXT)
    assert gunzip("a.gpx.gz", packed) == TEXT
    assert maybe_gunzip("a.gpx", TEXT) == TEXT
    assert maybe_gunzip("a.gpx.gz", packed) == TEXT


def test_bomb_is_refused_at_the_limit() -> None:
    bomb = gzip.compress(b"\x00" * 50 * 1024**2, compresslevel=9)
    assert len(bomb) < 100_000
    with pytest.raises(UnsafeFile, match="more than 10,000,000 bytes") as caught:
        gunzip("activities/123.fit.gz", bomb, limit=10_000_000)
    assert caught.value.file == "activities/123.fit.gz"


def test_exactly_the_limit_is_allowed() -> None:
    assert len(gunzip("x.gz", gzip.compress(b"z" * 4096), limit=4096)) == 4096
    with pytest.raises(UnsafeFile):
        gunzip("x.gz", gzip.compress(b"z" * 4097), limit=4096)


def test_truncated_and_damaged_streams() -> None:
    packed = gzip.compress(TEXT)
    with pytest.raises(BadFile, match="cut short"):
        gunzip("t.gz", packed[:-6])  # the trailer (CRC and size) is missing
    with pytest.raises(BadFile, match="cut short"):
        gunzip("t.gz", packed[:12])
    with pytest.raises(BadFile, match="cut short"):
        gunzip("t.gz", b"")
    damaged = bytearray(packed)
    damaged[-8] ^= 0xFF  # the CRC-32 in the trailer
    with pytest.raises(BadFile, match="damaged"):
        gunzip("d.gz", bytes(damaged))


def test_members_padding_and_trailing_junk() -> None:
    two = gzip.compress(b"first ") + gzip.compress(b"second")
    assert gunzip("m.gz", two) == b"first second"
    assert gunzip("p.gz", gzip.compress(TEXT) + b"\x00" * 512) == TEXT
    with pytest.raises(BadFile, match="unexpected bytes after its end"):
        gunzip("j.gz", gzip.compress(TEXT) + b"PK junk")


def test_head_of_a_partial_stream() -> None:
    packed = gzip.compress(TEXT * 50)
    assert gunzip_head(packed[:200], 16) == TEXT[:16]
    assert sniff_head(packed[:300]).startswith(b"<gpx>aaaa")
    assert sniff_head(TEXT) == TEXT
    assert gunzip_head(b"\x1f\x8bgarbage") == b""
