"""Tables of schema version 2: API connections (encrypted tokens) and per-source sync state.

Kept apart from tables.py on purpose: version 1 creates every table of tables.metadata with
checkfirst, so a table added there would silently appear in version 1 too.
Times are naive UTC, like the rest of the store.
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
