"""Read-only share links: create, verify, list and revoke; what a shared view may show.

A link's token is `secrets.token_urlsafe(32)` (256 random bits), handed to the owner once. The
store keeps only its SHA-256 hex digest, so a leaked database does not open any link; the digest
of a presented token is compared with hmac.compare_digest. A revoked or expired link is refused
on the next request: verification reads the store every time, nothing is cached.

Activities whose only source is the Strava API stay out of shared views: Strava's API agreement
lets an app show an athlete's Strava data only to that athlete. Data the owner imported from
their own exports and files is theirs to share.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl
import sqlalchemy as sa

from connectors.errors import BoneloadError
from connectors.store.share_tables import share_links
from connectors.store.store import Store

TOKEN_BYTES = 32
MAX_TOKEN_CHARS = 128  # far above the 43 characters of a real token
MAX_NAME_CHARS = 120
STRAVA_API_SOURCE = "strava_api"
STRAVA_NOTE = (
    "Activities that came only through the Strava API are not shown here: Strava's API "
    "agreement lets an app show an athlete's Strava data only to that athlete. Activities the "
    "owner imported from their own exports and files are shown."
)


class LinkRefused(BoneloadError):
    """A share token that is unknown, revoked or expired. The message is meant for the viewer."""


@dataclass(frozen=True)
class ShareLink:
    """One link as stored (never its token)."""

    link_id: int
    owner: str
    name: str
    pages: tuple[str, ...]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    def status(self, now: datetime) -> str:
        """ "revoked", "expired" or "active" at `now` (naive or aware UTC)."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if _naive(now) >= self.expires_at else "active"


def _naive(value: datetime) -> datetime:
    """Naive UTC, as the store keeps times."""
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


def token_hash(token: str) -> str:
    """SHA-256 hex digest of a token: the only form of it the store keeps."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _row_to_link(row: sa.RowMapping) -> ShareLink:
    return ShareLink(
        link_id=int(row["link_id"]),
        owner=row["owner"],
        name=row["name"],
        pages=tuple(row["pages"] or ()),
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        revoked_at=row["revoked_at"],
    )


def create(
    store: Store,
    owner: str,
    name: str,
    expires_at: datetime,
    pages: Iterable[str],
    now: datetime,
) -> tuple[str, ShareLink]:
    """Store a new link; returns (token, link). The token is not kept anywhere: show it once."""
    clean_name = name.strip()
    page_list = list(dict.fromkeys(p for p in pages if p))
    if not clean_name:
        raise BoneloadError("give the link a name, such as the person you send it to")
    if len(clean_name) > MAX_NAME_CHARS:
        raise BoneloadError(f"the name is longer than {MAX_NAME_CHARS} characters")
    if not page_list:
        raise BoneloadError("choose at least one page the link opens")
    if _naive(expires_at) <= _naive(now):
        raise BoneloadError("the expiry must be in the future")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    values = {
        "owner": owner,
        "token_sha256": token_hash(token),
        "name": clean_name,
        "pages": page_list,
        "created_at": _naive(now),
        "expires_at": _naive(expires_at),
        "revoked_at": None,
    }
    with store.engine.begin() as conn:
        link_id = conn.execute(share_links.insert().values(**values)).inserted_primary_key[0]
    link = ShareLink(
        link_id=int(link_id),
        owner=owner,
        name=clean_name,
        pages=tuple(page_list),
        created_at=values["created_at"],
        expires_at=values["expires_at"],
        revoked_at=None,
    )
    return token, link


def verify(store: Store, token: str, now: datetime) -> ShareLink:
    """The link a token opens, or LinkRefused saying why (unknown, revoked, expired)."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        raise LinkRefused("this share link is not valid: check that it was copied whole")
    digest = token_hash(token)
    with store.engine.connect() as conn:
        row = (
            conn.execute(sa.select(share_links).where(share_links.c.token_sha256 == digest))
            .mappings()
            .first()
        )
    if row is None or not hmac.compare_digest(row["token_sha256"], digest):
        raise LinkRefused("this share link is not valid: check that it was copied whole")
    link = _row_to_link(row)
    status = link.status(now)
    if status == "revoked":
        raise LinkRefused("this share link was revoked by its owner")
    if status == "expired":
        raise LinkRefused(f"this share link expired on {link.expires_at:%d %b %Y %H:%M} UTC")
    return link


def list_links(store: Store, owner: str) -> list[ShareLink]:
    """The owner's links, newest first (revoked and expired ones included)."""
    with store.engine.connect() as conn:
        rows = (
            conn.execute(
                sa.select(share_links)
                .where(share_links.c.owner == owner)
                .order_by(share_links.c.link_id.desc())
            )
            .mappings()
            .all()
        )
    return [_row_to_link(row) for row in rows]


def revoke(store: Store, owner: str, link_id: int, now: datetime) -> bool:
    """Stop a link at once. Only the owner's own links; True when a link was revoked."""
    t = share_links
    with store.engine.begin() as conn:
        result = conn.execute(
            t.update()
            .where(t.c.owner == owner, t.c.link_id == link_id, t.c.revoked_at.is_(None))
            .values(revoked_at=_naive(now))
        )
    return result.rowcount == 1


def strava_api_only(activities: pl.DataFrame, sources: pl.DataFrame) -> pl.Series:
    """Ids of activities that only the Strava API brought (no export or file fed them).

    `sources` has the columns of Store.sources(): activity_id, source, source_id, import_id.
    An activity with no source rows falls back to its own `source` column.
    """
    other = sources.filter(pl.col("source") != STRAVA_API_SOURCE)["activity_id"].unique()
    api = pl.concat(
        [
            sources.filter(pl.col("source") == STRAVA_API_SOURCE)["activity_id"],
            activities.filter(pl.col("source") == STRAVA_API_SOURCE)["activity_id"],
        ]
    ).unique()
    return api.filter(~api.is_in(other.implode())).sort()


def shareable(activities: pl.DataFrame, sources: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """The activities a shared view may show, and how many were held back (Strava API only)."""
    hidden = strava_api_only(activities, sources)
    kept = activities.filter(~pl.col("activity_id").is_in(hidden.implode()))
    return kept, activities.height - kept.height
