"""Versioned schema migrations: each step runs once, in order, inside one transaction.

Rules for adding a step: never edit a released step; add a new one that alters what exists
(add a nullable column, backfill, create a table) so stored data survives every upgrade. The
store refuses to open a database whose version is newer than this code knows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from connectors.errors import StoreError
from connectors.store import frozen_v1, frozen_v2_v3, tables


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sa.Connection], None]


def _v1_initial(conn: sa.Connection) -> None:
    for table in (
        frozen_v1.activities,
        frozen_v1.activity_sources,
        frozen_v1.imports,
        frozen_v1.settings,
        frozen_v1.shoe_assignments,
    ):
        table.create(conn, checkfirst=True)


def _v2_connections(conn: sa.Connection) -> None:
    for table in (frozen_v2_v3.connections, frozen_v2_v3.sync_state):
        table.create(conn, checkfirst=True)


def _v3_share_links(conn: sa.Connection) -> None:
    frozen_v2_v3.share_links.create(conn, checkfirst=True)


def _v4_reps_pain_note(conn: sa.Connection) -> None:
    """Add the hand-logged columns. Frozen: the names and types are spelled out here."""
    existing = {c["name"] for c in sa.inspect(conn).get_columns("activities")}
    for name, kind in (("reps", sa.BigInteger()), ("pain", sa.Float()), ("note", sa.Text())):
        if name in existing:
            continue
        sql_type = kind.compile(dialect=conn.dialect)
        conn.execute(sa.text(f"ALTER TABLE activities ADD COLUMN {name} {sql_type}"))


def _v5_reimport_revisions(conn: sa.Connection) -> None:
    """imports.updated, and activity_revisions (the values a re-import replaced). Frozen: the
    table is spelled out here, not taken from tables.py."""
    existing = {c["name"] for c in sa.inspect(conn).get_columns("imports")}
    if "updated" not in existing:
        conn.execute(sa.text("ALTER TABLE imports ADD COLUMN updated INTEGER"))
    frozen = sa.Table(
        "activity_revisions",
        sa.MetaData(),
        sa.Column("revision_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("import_id", sa.Integer, nullable=False, index=True),
        sa.Column("activity_id", sa.String(200), nullable=False),
        sa.Column("previous", sa.JSON, nullable=False),
    )
    frozen.create(conn, checkfirst=True)


def _v6_shoes(conn: sa.Connection) -> None:
    """shoes (a person's own record of each shoe) and shoe_defaults (one shoe per sport).
    Frozen: the tables are spelled out here, not taken from tables.py."""
    meta = sa.MetaData()
    shoes = sa.Table(
        "shoes",
        meta,
        sa.Column("owner", sa.String(200), primary_key=True),
        sa.Column("gear", sa.String(200), primary_key=True),
        sa.Column("name", sa.Text, nullable=True),
        sa.Column("brand", sa.Text, nullable=True),
        sa.Column("start_date", sa.Date, nullable=True),
        sa.Column("start_km", sa.Float, nullable=True),
        sa.Column("retired_on", sa.Date, nullable=True),
    )
    defaults = sa.Table(
        "shoe_defaults",
        meta,
        sa.Column("owner", sa.String(200), primary_key=True),
        sa.Column("sport", sa.String(40), primary_key=True),
        sa.Column("gear", sa.String(200), nullable=False),
    )
    for table in (shoes, defaults):
        table.create(conn, checkfirst=True)


def _v7_oauth_states(conn: sa.Connection) -> None:
    """Used OAuth states (hashes only), so each sign-in link works once. Frozen: spelled out."""
    sa.Table(
        "oauth_states_used",
        sa.MetaData(),
        sa.Column("state_hash", sa.String(64), primary_key=True),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("used_at", sa.DateTime, nullable=False, index=True),
    ).create(conn, checkfirst=True)


def _v8_activity_edits(conn: sa.Connection) -> None:
    """Which values of an activity the person edited (so a re-import does not undo them).
    Frozen: spelled out here."""
    sa.Table(
        "activity_edits",
        sa.MetaData(),
        sa.Column("owner", sa.String(200), primary_key=True),
        sa.Column("activity_id", sa.String(200), primary_key=True),
        sa.Column("field", sa.String(100), primary_key=True),
        sa.Column("edited_at", sa.DateTime, nullable=False),
    ).create(conn, checkfirst=True)


def _v9_laps(conn: sa.Connection) -> None:
    """activities.laps (laps the device recorded). Frozen: the name and type are spelled out."""
    existing = {c["name"] for c in sa.inspect(conn).get_columns("activities")}
    if "laps" not in existing:
        conn.execute(sa.text("ALTER TABLE activities ADD COLUMN laps BIGINT"))


def _v10_activity_streams(conn: sa.Connection) -> None:
    """activity_streams: one row per source link holding what its file recorded over time
    (samples and laps, compressed; connectors/store/streams.py). The row belongs to the source
    link: deleting the link (undo of its import, delete of the activity, an API's removal)
    deletes it (ON DELETE CASCADE). Frozen: spelled out here; activity_sources is named only
    for the foreign key and not created."""
    meta = sa.MetaData()
    sa.Table(
        "activity_sources",
        meta,
        sa.Column("owner", sa.String(200), primary_key=True),
        sa.Column("source", sa.String(100), primary_key=True),
        sa.Column("source_id", sa.String(200), primary_key=True),
    )
    sa.Table(
        "activity_streams",
        meta,
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
            ["activity_sources.owner", "activity_sources.source", "activity_sources.source_id"],
            ondelete="CASCADE",
        ),
    ).create(conn, checkfirst=True)


# Step 11: owner-first composite indexes, so one owner's queries never read other owners' rows
# (tests/connectors/store/test_owner_indexes.py explains every query of an owner's visit).
OWNER_INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # provenance, delete, undo, merges and syncs: one owner's links of given activities
    ("ix_activity_sources_owner_activity", "activity_sources", ("owner", "activity_id")),
    # undo: one owner's links brought by one import; the data stamp's latest import
    ("ix_activity_sources_owner_import", "activity_sources", ("owner", "import_id")),
    # the data stamp (connectors/store/stamp.py): an owner's latest import among activities
    ("ix_activities_owner_import", "activities", ("owner", "import_id")),
    # the import log: one owner's imports, newest first
    ("ix_imports_owner_import", "imports", ("owner", "import_id")),
    # undo of a re-import: the values one owner's import replaced
    ("ix_activity_revisions_owner_import", "activity_revisions", ("owner", "import_id")),
)
# ... which make these one-column indexes redundant (no query asks without the owner)
REPLACED_INDEXES: tuple[str, ...] = (
    "ix_activity_sources_activity_id",
    "ix_activity_sources_import_id",
    "ix_imports_owner",
    "ix_activity_revisions_import_id",
)


def _v11_owner_indexes(conn: sa.Connection) -> None:
    """Composite indexes, owner first; the one-column indexes they replace are dropped.
    Frozen: names and columns spelled out above. A plain CREATE INDEX (CONCURRENTLY cannot run
    in the migration's transaction): on a large PostgreSQL store, writes wait while it is built
    (seconds for a million rows)."""
    for name, table, columns in OWNER_INDEXES:
        listed = ", ".join(columns)
        conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({listed})"))
    for name in REPLACED_INDEXES:
        conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "activities, sources, imports, settings, shoe assignments", _v1_initial),
    Migration(2, "API connections and sync state", _v2_connections),
    Migration(3, "read-only share links (token hashes only)", _v3_share_links),
    Migration(4, "activities: reps, pain and note (sessions logged by hand)", _v4_reps_pain_note),
    Migration(
        5, "imports: updated; activity_revisions (re-imports that correct)", _v5_reimport_revisions
    ),
    Migration(6, "shoes (name, brand, start, starting distance, retired) and defaults", _v6_shoes),
    Migration(7, "used OAuth states (hashes), so a sign-in link works once", _v7_oauth_states),
    Migration(8, "activity_edits: values the person edited", _v8_activity_edits),
    Migration(9, "activities: laps (laps the device recorded)", _v9_laps),
    Migration(10, "activity_streams: samples and laps a file recorded", _v10_activity_streams),
    Migration(11, "owner-first indexes: sources, activities, imports", _v11_owner_indexes),
)

LATEST = MIGRATIONS[-1].version


def current_version(conn: sa.Connection) -> int:
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    version = conn.execute(sa.select(sa.func.max(tables.schema_version.c.version))).scalar()
    return int(version or 0)


def migrate(engine: sa.Engine, migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """Bring the database up to the latest version. Returns the version it ends at."""
    with engine.begin() as conn:
        tables.schema_version.create(conn, checkfirst=True)
        version = current_version(conn)
    latest = migrations[-1].version
    if version > latest:
        raise StoreError(
            f"the database is at schema version {version}, newer than this boneload knows "
            f"({latest}); upgrade boneload"
        )
    for step in migrations:
        if step.version <= version:
            continue
        with engine.begin() as conn:
            step.apply(conn)
            conn.execute(
                tables.schema_version.insert().values(
                    version=step.version,
                    applied_at=datetime.now(UTC).replace(tzinfo=None),
                    description=step.description,
                )
            )
        version = step.version
    return version
