"""Tables of schema version 3: read-only share links.

Kept apart from tables.py on purpose: version 1 creates every table of tables.metadata with
checkfirst, so a table added there would silently appear in version 1 too. Only the SHA-256 of
a link's token is stored; the token itself is shown to the owner once and never kept.
Times are naive UTC, like the rest of the store.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

share_links = sa.Table(
    "share_links",
    metadata,
    sa.Column("link_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner", sa.String(200), nullable=False, index=True),
    sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("pages", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("revoked_at", sa.DateTime, nullable=True),
)
