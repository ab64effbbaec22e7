"""The store's tables, as SQLAlchemy Core metadata (the latest version of the schema).

Columns of `activities` mirror connectors.schema.ACTIVITY_SCHEMA. Times are stored as naive
DateTime: start_utc in UTC, start_local as the athlete's wall clock. Every row has an owner, so
one deployment can hold several people's data; a local install uses the owner "local".
"""

from __future__ import annotations

import sqlalchemy as sa

from connectors.schema import ACTIVITY_SCHEMA

metadata = sa.MetaData()

_POLARS_TO_SQL = {
    "String": sa.Text,
    "Float64": sa.Float,
    "Int64": sa.BigInteger,
    "Datetime": sa.DateTime,
}


def _activity_columns() -> list[sa.Column]:
    columns = [sa.Column("owner", sa.String(200), primary_key=True, default="local")]
    for name, dtype in ACTIVITY_SCHEMA.items():
        sql_type = _POLARS_TO_SQL[dtype.base_type().__name__]
        if name == "activity_id":
            columns.append(sa.Column(name, sa.String(200), primary_key=True))
        else:
            columns.append(sa.Column(name, sql_type(), nullable=True))
    columns.append(sa.Column("import_id", sa.Integer, nullable=True))
    return columns


activities = sa.Table(
    "activities",
    metadata,
    *_activity_columns(),
    sa.Index("ix_activities_owner_start", "owner", "start_utc"),
    sa.Index("ix_activities_owner_import", "owner", "import_id"),  # step 11
)

activity_sources = sa.Table(
    "activity_sources",
    metadata,
    sa.Column("owner", sa.String(200), primary_key=True),
    sa.Column("source", sa.String(100), primary_key=True),
    sa.Column("source_id", sa.String(200), primary_key=True),
    sa.Column("activity_id", sa.String(200), nullable=False),
    sa.Column("import_id", sa.Integer, nullable=True),
    sa.Index("ix_activity_sources_owner_activity", "owner", "activity_id"),  # step 11
    sa.Index("ix_activity_sources_owner_import", "owner", "import_id"),  # step 11
)

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("import_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner", sa.String(200), nullable=False),
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
    sa.Column("updated", sa.Integer, nullable=True, default=0),  # step 5
    sa.Index("ix_imports_owner_import", "owner", "import_id"),  # step 11
)

# Step 5: what a re-import changed in an activity it already held, so undo can restore it.
activity_revisions = sa.Table(
    "activity_revisions",
    metadata,
    sa.Column("revision_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("import_id", sa.Integer, nullable=False),
    sa.Column("activity_id", sa.String(200), nullable=False),
    sa.Column("previous", sa.JSON, nullable=False),
    sa.Index("ix_activity_revisions_owner_import", "owner", "import_id"),  # step 11
)

# Step 8: which values of an activity the person edited (a re-import leaves those alone).
activity_edits = sa.Table(
    "activity_edits",
    metadata,
    sa.Column("owner", sa.String(200), primary_key=True),
    sa.Column("activity_id", sa.String(200), primary_key=True),
    sa.Column("field", sa.String(100), primary_key=True),
    sa.Column("edited_at", sa.DateTime, nullable=False),
)

# Step 10: what one source's file recorded over time (connectors/store/streams.py), one row
# per source link, removed with the link (ON DELETE CASCADE).
activity_streams = sa.Table(
    "activity_streams",
    metadata,
    sa.Column("owner", sa.String(200), primary_key=True),
    sa.Column("source", sa.String(100), primary_key=True),
    sa.Column("source_id", sa.String(200), primary_key=True),
    sa.Column("encoding", sa.Integer, nullable=False),
    sa.Column("points", sa.Integer, nullable=False),
    sa.Column("laps", sa.Integer, nullable=False),
    sa.Column("samples", sa.LargeBinary, nullable=True),
    sa.Column("lap_data", sa.LargeBinary, nullable=True),
    sa.ForeignKeyConstraint(
        ["owner", "source", "source_id"],
        [activity_sources.c.owner, activity_sources.c.source, activity_sources.c.source_id],
        ondelete="CASCADE",
    ),
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

# Step 6: the shoes a person manages. `gear` is the key activities carry (a file's shoe name);
# `name` a display name (rename), `start_km` the distance it had before boneload saw it.
shoes = sa.Table(
    "shoes",
    metadata,
    sa.Column("owner", sa.String(200), primary_key=True),
    sa.Column("gear", sa.String(200), primary_key=True),
    sa.Column("name", sa.Text, nullable=True),
    sa.Column("brand", sa.Text, nullable=True),
    sa.Column("start_date", sa.Date, nullable=True),
    sa.Column("start_km", sa.Float, nullable=True),
    sa.Column("retired_on", sa.Date, nullable=True),
)

shoe_defaults = sa.Table(
    "shoe_defaults",
    metadata,
    sa.Column("owner", sa.String(200), primary_key=True),
    sa.Column("sport", sa.String(40), primary_key=True),
    sa.Column("gear", sa.String(200), nullable=False),
)

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.DateTime, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
)
