"""The tables exactly as schema versions 2 and 3 created them, frozen.

Migration steps 2 and 3 create these, never the live definitions (connection_tables.py,
share_tables.py): a later step that alters a live table must find the old shape, whether the
database was created by that release or today. Never edit this module.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

connections = sa.Table(
    "connections",
    metadata,
    sa.Column("owner", sa.String(200), primary_key=True),
    sa.Column("provider", sa.String(50), primary_key=True),
    sa.Column("athlete_id", sa.String(100), nullable=True),
    sa.Column("access_token_enc", sa.Text, nullable=False),
    sa.Column("refresh_token_enc", sa.Text, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=True),
    sa.Column("scope", sa.Text, nullable=True),
    sa.Column("connected_at", sa.DateTime, nullable=False),
)

sync_state = sa.Table(
    "sync_state",
    metadata,
    sa.Column("owner", sa.String(200), primary_key=True),
    sa.Column("provider", sa.String(50), primary_key=True),
    sa.Column("cursor_epoch", sa.BigInteger, nullable=True),
    sa.Column("last_sync_at", sa.DateTime, nullable=True),
    sa.Column("last_full_sync_at", sa.DateTime, nullable=True),
    sa.Column("last_status", sa.String(30), nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("next_allowed_at", sa.DateTime, nullable=True),
    sa.Column("activities_brought", sa.Integer, nullable=False, default=0),
    sa.Column("resume_page", sa.Integer, nullable=True),
    sa.Column("resume_after_epoch", sa.BigInteger, nullable=True),
)

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
