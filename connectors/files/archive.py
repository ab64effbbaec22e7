"""Reading zip archives without trusting them.

Limits guard against zip bombs (declared sizes are not trusted: reading stops at the limit)
and against names that would escape the archive. Members are read in memory; nothing is
extracted to disk, so a hostile name can never write a file, but it is still refused because
an archive built that way is not an honest export.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from connectors.errors import BadFile, UnsafeFile
from connectors.files import budget

MAX_MEMBERS = 50_000  # a Strava export of 10 years of daily runs holds ~4,000
MAX_MEMBER_BYTES = 6 * 1024**3  # Apple Health export.xml reaches 5 GB
MAX_TOTAL_BYTES = 8 * 1024**3
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 10 * 1024**2
_CHUNK = 1024 * 1024


def is_zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06")


def head_names(head: bytes) -> list[str]:
    """Member names in the local (PK\\3\\4) and central (PK\\1\\2) headers found in the first
    bytes of a zip, "/"-separated: for sniffing, so it never raises and may miss names."""
    names = []
    for sig, len_at, name_at in ((b"PK\x03\x04", 26, 30), (b"PK\x01\x02", 28, 46)):
        for m in re.finditer(re.escape(sig), head):
            size = int.from_bytes(head[m.start() + len_at : m.start() + len_at + 2], "little")
            raw = head[m.start() + name_at : m.start() + name_at + size]
            names.append(raw.decode("utf-8", errors="replace").replace("\\", "/"))
    return names


@dataclass(frozen=True)
class Member:
    name: str
    size: int


class SafeZip:
    """A zip archive checked for hostile names and sizes before any member is read."""

    def __init__(self, filename: str, data: bytes | BinaryIO) -> None:
        """`data`: the archive's bytes, or an open seekable file (members are then read from it
        as needed, so a multi-GB archive on disk is never held in memory)."""
        self.filename = filename
        source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
        try:
            self._zip = zipfile.ZipFile(source)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise BadFile(filename, f"not a readable zip archive ({exc})") from exc
        if len(infos) > MAX_MEMBERS:
            raise UnsafeFile(filename, f"refused: {len(infos):,} files in one archive")
        budget.charge_members(filename, len(infos))
        total = 0
        self._members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            if _escapes(name):
                raise UnsafeFile(
                    filename, f"refused: the member {name!r} points outside the archive"
                )
            if info.is_dir():
                continue
            if info.file_size > MAX_MEMBER_BYTES:
                raise UnsafeFile(
                    filename, f"refused: {name!r} would unpack to {info.file_size:,} bytes"
                )
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                raise UnsafeFile(
                    filename, f"refused: {name!r} is compressed {ratio:,.0f}:1 (a zip bomb)"
                )
            total += info.file_size
            self._members[name] = info
        if total > MAX_TOTAL_BYTES:
            raise UnsafeFile(filename, f"refused: the archive would unpack to {total:,} bytes")

    def members(self) -> list[Member]:
        return [Member(name, info.file_size) for name, info in self._members.items()]

    def find(self, basename: str) -> str | None:
        """The shallowest member whose last path part is `basename` (case-insensitive)."""
        hits = [n for n in self._members if posixpath.basename(n).lower() == basename.lower()]
        return min(hits, key=lambda n: n.count("/")) if hits else None

    def stream(
        self, name: str, limit: int = MAX_MEMBER_BYTES, chunk_size: int = _CHUNK
    ) -> Iterator[bytes]:
        """The member's bytes in chunks of up to `chunk_size`, checked as `read` checks them,
        for members too big to hold in memory (Apple Health's export.xml)."""
        info = self._members[name]
        cap, seen = min(limit, info.file_size), 0
        where = f"{self.filename}/{name}"
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(chunk_size):
                    seen += len(chunk)
                    budget.charge_bytes(where, len(chunk))
                    if seen > cap:
                        raise UnsafeFile(where, "refused: it unpacks to more than it declares")
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise BadFile(where, f"damaged inside the archive ({exc})") from exc
        except NotImplementedError as exc:
            raise BadFile(where, f"compressed with an unsupported method ({exc})") from exc

    def read(self, name: str, limit: int = MAX_MEMBER_BYTES) -> bytes:
        """The member's bytes; stops and refuses when more come out than declared or allowed.

        A member read whole is held in memory, so it may not declare more than the upload's
        budget allows for one held member (budget.held_limit): bigger ones are streamed by
        the readers that expect them (Apple Health), or refused here before any unpacking."""
        info = self._members[name]
        held = budget.held_limit(limit)
        if info.file_size > held:
            raise UnsafeFile(
                f"{self.filename}/{name}",
                f"refused: it would unpack to {info.file_size:,} bytes, more than the "
                f"{held:,} an upload of this size may hold",
            )
        cap = min(limit, info.file_size)
        out = io.BytesIO()
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    out.write(chunk)
                    budget.charge_bytes(f"{self.filename}/{name}", len(chunk))
                    if out.tell() > cap:
                        raise UnsafeFile(
                            f"{self.filename}/{name}",
                            "refused: it unpacks to more than it declares",
                        )
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise BadFile(f"{self.filename}/{name}", f"damaged inside the archive ({exc})") from exc
        except NotImplementedError as exc:
            raise BadFile(
                f"{self.filename}/{name}", f"compressed with an unsupported method ({exc})"
            ) from exc
        return out.getvalue()


def _escapes(name: str) -> bool:
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    parts = name.replace("\\", "/").split("/")
    return ".." in parts
