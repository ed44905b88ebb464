-- The ledger: append-only, one row per action, each a leaf of an RFC 6962 tree.
-- seq is the leaf index in the tree (0-based).
CREATE TABLE ledger (
    seq     INTEGER PRIMARY KEY,
    time    TEXT    NOT NULL,
    actor   TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    subject TEXT    NOT NULL DEFAULT '',
    details TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX ledger_action ON ledger(action, seq);
CREATE INDEX ledger_subject ON ledger(subject, seq) WHERE subject <> '';

-- tlog's stored hashes (leaf hashes and completed interior nodes), by stored-hash index.
CREATE TABLE ledger_hashes (
    id   INTEGER PRIMARY KEY,
    hash BLOB    NOT NULL
);

-- The tree head after every append.
CREATE TABLE tree_heads (
    size INTEGER PRIMARY KEY,
    root BLOB    NOT NULL,
    time TEXT    NOT NULL
);

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER ledger_hashes_no_update BEFORE UPDATE ON ledger_hashes
BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER ledger_hashes_no_delete BEFORE DELETE ON ledger_hashes
BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER tree_heads_no_update BEFORE UPDATE ON tree_heads
BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER tree_heads_no_delete BEFORE DELETE ON tree_heads
BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;

-- Import runs. Mutable bookkeeping; every change of state is also a ledger entry.
CREATE TABLE imports (
    id          TEXT    PRIMARY KEY,
    started_at  INTEGER NOT NULL,           -- unix ms UTC
    ended_at    INTEGER,
    status      TEXT    NOT NULL CHECK (status IN ('running','complete','interrupted','failed')),
    source      TEXT    NOT NULL,
    device_id   TEXT    NOT NULL DEFAULT '',
    officer_id  TEXT    NOT NULL DEFAULT '',
    files       INTEGER NOT NULL DEFAULT 0,
    new_files   INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    bytes       INTEGER NOT NULL DEFAULT 0,
    message     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX imports_status ON imports(status);

-- One row per archived content. Never updated in its identity columns.
CREATE TABLE recordings (
    id            TEXT    PRIMARY KEY,
    sha256        TEXT    NOT NULL UNIQUE,
    sm3           TEXT    NOT NULL,
    size          INTEGER NOT NULL,
    original_name TEXT    NOT NULL,
    source_path   TEXT    NOT NULL,
    file_time     INTEGER NOT NULL,         -- unix ms, as the recorder's file system said
    device_id     TEXT    NOT NULL DEFAULT '',
    officer_id    TEXT    NOT NULL DEFAULT '',
    import_id     TEXT    NOT NULL REFERENCES imports(id),
    kind          TEXT    NOT NULL,
    archive_path  TEXT    NOT NULL,
    imported_at   INTEGER NOT NULL,
    ledger_seq    INTEGER NOT NULL
);
CREATE INDEX recordings_device ON recordings(device_id, file_time);
CREATE INDEX recordings_officer ON recordings(officer_id, file_time);
CREATE INDEX recordings_import ON recordings(import_id);

-- Every time a recording was found on a recorder. Lets a re-dock skip what is done.
CREATE TABLE sightings (
    id           INTEGER PRIMARY KEY,
    recording_id TEXT    NOT NULL REFERENCES recordings(id),
    import_id    TEXT    NOT NULL REFERENCES imports(id),
    device_id    TEXT    NOT NULL DEFAULT '',
    source_path  TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    file_time    INTEGER NOT NULL,
    seen_at      INTEGER NOT NULL
);
CREATE INDEX sightings_source ON sightings(device_id, source_path, size, file_time);
CREATE INDEX sightings_recording ON sightings(recording_id);

-- Archive files renamed into place whose recording is not yet committed.
-- Cleared in the same transaction as the recording; leftovers are undone at open.
CREATE TABLE archive_pending (
    sha256     TEXT    NOT NULL,
    import_id  TEXT    NOT NULL REFERENCES imports(id),
    path       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (sha256, import_id)
);
