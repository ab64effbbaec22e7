"""The tables exactly as schema version 1 created them, frozen.

Migration step 1 creates these, never the live definitions in tables.py: a later step that adds
a column (step 4: reps, pain, note) must find the version-1 table without it, whether the
database was created by the first release or today. Never edit this module.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

_V1_ACTIVITY_COLUMNS: tuple[tuple[str, type[sa.types.TypeEngine]], ...] = (
    ("source", sa.Text),
    ("source_id", sa.Text),
    ("sport", sa.Text),
    ("sport_type", sa.Text),
    ("name", sa.Text),
    ("start_utc", sa.DateTime),
    ("start_local", sa.DateTime),
    ("timezone", sa.Text),
    ("elapsed_s", sa.Float),
    ("moving_s", sa.Float),
    ("distance_m", sa.Float),
    ("elevation_gain_m", sa.Float),
    ("avg_hr", sa.Float),
    ("max_hr", sa.Float),
    ("avg_cadence_spm", sa.Float),
    ("steps", sa.BigInteger),
    ("avg_contact_ms", sa.Float),
    ("gear", sa.Text),
    ("rpe", sa.Float),
    ("calories", sa.Float),
)

activities = sa.Table(
    "activities",
    metadata,
    sa.Column("owner", sa.String(200), primary_key=True, default="local"),
    sa.Column("activity_id", sa.String(200), primary_key=True),
    *(sa.Column(name, kind(), nullable=True) for name, kind in _V1_ACTIVITY_COLUMNS),
    sa.Column("import_id", sa.Integer, nullable=True),
    sa.Index("ix_activities_owner_start", "owner", "start_utc"),
)

activity_sources = sa.Table(
    "activity_sources",
    metadata,
    sa.Column("owner", sa.String(200), primary_key=True),
    sa.Column("source", sa.String(100), primary_key=True),
    sa.Column("source_id", sa.String(200), primary_key=True),
    sa.Column("activity_id", sa.String(200), nullable=False, index=True),
    sa.Column("import_id", sa.Integer, nullable=True, index=True),
)

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("import_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner", sa.String(200), nullable=False, index=True),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("format", sa.String(100), nullable=True),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime, nullable=True),
    sa.Column("new", sa.Integer, nullable=False, default=0),
    sa.Column("merged", sa.Integer, nullable=False, default=0),
    sa.Column("skipped", sa.Integer, nullable=False, default=0),
    sa.Column("errors", sa.JSON, nullable=False, default=list),
    sa.Column("warnings", sa.JSON, nullable=False, default=list),
    sa.Column("status", sa.String(20), nullable=False),
)

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("owner", sa.String(200), primary_key=True),
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.JSON, nullable=True),
)

shoe_assignments = sa.Table(
    "shoe_assignments",
    metadata,
    sa.Column("assignment_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner", sa.String(200), nullable=False, index=True),
    sa.Column("gear", sa.Text, nullable=False),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date, nullable=False),
)
