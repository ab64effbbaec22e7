# ruff: noqa: E501
"""The SQLite schema the migrations produce, as SQLite records it (sqlite_master), for
connectors/store/lite.py. Generated; after adding a migration run
`uv run python -m connectors.store.lite > connectors/store/lite_ddl.py`."""

# fmt: off
VERSION = 11
STEPS = (
    (1, 'activities, sources, imports, settings, shoe assignments'),
    (2, 'API connections and sync state'),
    (3, 'read-only share links (token hashes only)'),
    (4, 'activities: reps, pain and note (sessions logged by hand)'),
    (5, 'imports: updated; activity_revisions (re-imports that correct)'),
    (6, 'shoes (name, brand, start, starting distance, retired) and defaults'),
    (7, 'used OAuth states (hashes), so a sign-in link works once'),
    (8, 'activity_edits: values the person edited'),
    (9, 'activities: laps (laps the device recorded)'),
    (10, 'activity_streams: samples and laps a file recorded'),
    (11, 'owner-first indexes: sources, activities, imports'),
)
STATEMENTS = (
    'CREATE TABLE schema_version (\n\tversion INTEGER NOT NULL, \n\tapplied_at DATETIME NOT NULL, \n\tdescription TEXT NOT NULL, \n\tPRIMARY KEY (version)\n)',
    'CREATE TABLE activities (\n\towner VARCHAR(200) NOT NULL, \n\tactivity_id VARCHAR(200) NOT NULL, \n\tsource TEXT, \n\tsource_id TEXT, \n\tsport TEXT, \n\tsport_type TEXT, \n\tname TEXT, \n\tstart_utc DATETIME, \n\tstart_local DATETIME, \n\ttimezone TEXT, \n\telapsed_s FLOAT, \n\tmoving_s FLOAT, \n\tdistance_m FLOAT, \n\televation_gain_m FLOAT, \n\tavg_hr FLOAT, \n\tmax_hr FLOAT, \n\tavg_cadence_spm FLOAT, \n\tsteps BIGINT, \n\tavg_contact_ms FLOAT, \n\tgear TEXT, \n\trpe FLOAT, \n\tcalories FLOAT, \n\timport_id INTEGER, reps BIGINT, pain FLOAT, note TEXT, laps BIGINT, \n\tPRIMARY KEY (owner, activity_id)\n)',
    'CREATE INDEX ix_activities_owner_start ON activities (owner, start_utc)',
    'CREATE TABLE activity_sources (\n\towner VARCHAR(200) NOT NULL, \n\tsource VARCHAR(100) NOT NULL, \n\tsource_id VARCHAR(200) NOT NULL, \n\tactivity_id VARCHAR(200) NOT NULL, \n\timport_id INTEGER, \n\tPRIMARY KEY (owner, source, source_id)\n)',
    'CREATE TABLE imports (\n\timport_id INTEGER NOT NULL, \n\towner VARCHAR(200) NOT NULL, \n\tfile_name TEXT NOT NULL, \n\tformat VARCHAR(100), \n\tstarted_at DATETIME NOT NULL, \n\tfinished_at DATETIME, \n\tnew INTEGER NOT NULL, \n\tmerged INTEGER NOT NULL, \n\tskipped INTEGER NOT NULL, \n\terrors JSON NOT NULL, \n\twarnings JSON NOT NULL, \n\tstatus VARCHAR(20) NOT NULL, updated INTEGER, \n\tPRIMARY KEY (import_id)\n)',
    'CREATE TABLE settings (\n\towner VARCHAR(200) NOT NULL, \n\t"key" VARCHAR(100) NOT NULL, \n\tvalue JSON, \n\tPRIMARY KEY (owner, "key")\n)',
    'CREATE TABLE shoe_assignments (\n\tassignment_id INTEGER NOT NULL, \n\towner VARCHAR(200) NOT NULL, \n\tgear TEXT NOT NULL, \n\tstart_date DATE NOT NULL, \n\tend_date DATE NOT NULL, \n\tPRIMARY KEY (assignment_id)\n)',
    'CREATE INDEX ix_shoe_assignments_owner ON shoe_assignments (owner)',
    'CREATE TABLE connections (\n\towner VARCHAR(200) NOT NULL, \n\tprovider VARCHAR(50) NOT NULL, \n\tathlete_id VARCHAR(100), \n\taccess_token_enc TEXT NOT NULL, \n\trefresh_token_enc TEXT NOT NULL, \n\texpires_at DATETIME, \n\tscope TEXT, \n\tconnected_at DATETIME NOT NULL, \n\tPRIMARY KEY (owner, provider)\n)',
    'CREATE TABLE sync_state (\n\towner VARCHAR(200) NOT NULL, \n\tprovider VARCHAR(50) NOT NULL, \n\tcursor_epoch BIGINT, \n\tlast_sync_at DATETIME, \n\tlast_full_sync_at DATETIME, \n\tlast_status VARCHAR(30), \n\tlast_error TEXT, \n\tnext_allowed_at DATETIME, \n\tactivities_brought INTEGER NOT NULL, \n\tresume_page INTEGER, \n\tresume_after_epoch BIGINT, \n\tPRIMARY KEY (owner, provider)\n)',
    'CREATE TABLE share_links (\n\tlink_id INTEGER NOT NULL, \n\towner VARCHAR(200) NOT NULL, \n\ttoken_sha256 VARCHAR(64) NOT NULL, \n\tname TEXT NOT NULL, \n\tpages JSON NOT NULL, \n\tcreated_at DATETIME NOT NULL, \n\texpires_at DATETIME NOT NULL, \n\trevoked_at DATETIME, \n\tPRIMARY KEY (link_id), \n\tUNIQUE (token_sha256)\n)',
    'CREATE INDEX ix_share_links_owner ON share_links (owner)',
    'CREATE TABLE activity_revisions (\n\trevision_id INTEGER NOT NULL, \n\towner VARCHAR(200) NOT NULL, \n\timport_id INTEGER NOT NULL, \n\tactivity_id VARCHAR(200) NOT NULL, \n\tprevious JSON NOT NULL, \n\tPRIMARY KEY (revision_id)\n)',
    'CREATE TABLE shoes (\n\towner VARCHAR(200) NOT NULL, \n\tgear VARCHAR(200) NOT NULL, \n\tname TEXT, \n\tbrand TEXT, \n\tstart_date DATE, \n\tstart_km FLOAT, \n\tretired_on DATE, \n\tPRIMARY KEY (owner, gear)\n)',
    'CREATE TABLE shoe_defaults (\n\towner VARCHAR(200) NOT NULL, \n\tsport VARCHAR(40) NOT NULL, \n\tgear VARCHAR(200) NOT NULL, \n\tPRIMARY KEY (owner, sport)\n)',
    'CREATE TABLE oauth_states_used (\n\tstate_hash VARCHAR(64) NOT NULL, \n\towner VARCHAR(200) NOT NULL, \n\tused_at DATETIME NOT NULL, \n\tPRIMARY KEY (state_hash)\n)',
    'CREATE INDEX ix_oauth_states_used_used_at ON oauth_states_used (used_at)',
    'CREATE TABLE activity_edits (\n\towner VARCHAR(200) NOT NULL, \n\tactivity_id VARCHAR(200) NOT NULL, \n\tfield VARCHAR(100) NOT NULL, \n\tedited_at DATETIME NOT NULL, \n\tPRIMARY KEY (owner, activity_id, field)\n)',
    'CREATE TABLE activity_streams (\n\towner VARCHAR(200) NOT NULL, \n\tsource VARCHAR(100) NOT NULL, \n\tsource_id VARCHAR(200) NOT NULL, \n\tencoding INTEGER NOT NULL, \n\tpoints INTEGER NOT NULL, \n\tlaps INTEGER NOT NULL, \n\tsamples BLOB, \n\tlap_data BLOB, \n\tPRIMARY KEY (owner, source, source_id), \n\tFOREIGN KEY(owner, source, source_id) REFERENCES activity_sources (owner, source, source_id) ON DELETE CASCADE\n)',
    'CREATE INDEX ix_activity_sources_owner_activity ON activity_sources (owner, activity_id)',
    'CREATE INDEX ix_activity_sources_owner_import ON activity_sources (owner, import_id)',
    'CREATE INDEX ix_activities_owner_import ON activities (owner, import_id)',
    'CREATE INDEX ix_imports_owner_import ON imports (owner, import_id)',
    'CREATE INDEX ix_activity_revisions_owner_import ON activity_revisions (owner, import_id)',
)
