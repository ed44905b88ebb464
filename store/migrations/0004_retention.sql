-- Cases, retention and purge (Art. 14), scheduled integrity checks,
-- second copies (backups). Every change of these rows is also a ledger entry.

-- A case file (案卷). retention_years counts from the day the case is
-- closed; while open, or when permanent, its recordings are held for good.
CREATE TABLE cases (
    number          TEXT    PRIMARY KEY,                -- 案卷号
    name            TEXT    NOT NULL,
    type            TEXT    NOT NULL DEFAULT '',
    retention_years INTEGER NOT NULL DEFAULT 0 CHECK (retention_years >= 0),
    permanent       INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    created_by      TEXT    NOT NULL,
    closed_at       INTEGER NOT NULL DEFAULT 0,         -- unix ms; 0: open
    closed_by       TEXT    NOT NULL DEFAULT '',
    CHECK (permanent = 1 OR retention_years >= 1)
);

-- Recordings a case holds as evidence. Unlinking deletes the row (the
-- ledger keeps the history).
CREATE TABLE case_recordings (
    case_number  TEXT    NOT NULL REFERENCES cases(number),
    recording_id TEXT    NOT NULL REFERENCES recordings(id),
    linked_at    INTEGER NOT NULL,
    linked_by    TEXT    NOT NULL,
    PRIMARY KEY (case_number, recording_id)
);
CREATE INDEX case_recordings_recording ON case_recordings(recording_id);

-- The base retention: years after recording. One row.
CREATE TABLE retention_policy (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    years INTEGER NOT NULL CHECK (years >= 1)
);
INSERT INTO retention_policy(id, years) VALUES (1, 1);

-- Purge requests and their decision.
CREATE TABLE purge_requests (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    requester  TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('pending','approved','refused')),
    created_at INTEGER NOT NULL,
    decided_by TEXT    NOT NULL DEFAULT '',
    decided_at INTEGER NOT NULL DEFAULT 0,
    note       TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE purge_recordings (
    request_id   INTEGER NOT NULL REFERENCES purge_requests(id),
    recording_id TEXT    NOT NULL REFERENCES recordings(id),
    PRIMARY KEY (request_id, recording_id)
);

-- What is left of a purged recording. Its recordings row stays; its file
-- leaves the archive. ledger_seq is its recording.purge entry, which verify
-- checks the tombstone against.
CREATE TABLE tombstones (
    recording_id TEXT    PRIMARY KEY REFERENCES recordings(id),
    sha256       TEXT    NOT NULL,
    sm3          TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    request_id   INTEGER NOT NULL REFERENCES purge_requests(id),
    requested_by TEXT    NOT NULL,
    approved_by  TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    purged_at    INTEGER NOT NULL,
    ledger_seq   INTEGER NOT NULL,
    removed      INTEGER NOT NULL DEFAULT 0             -- the file is gone from the archive
);
CREATE TRIGGER tombstones_no_delete BEFORE DELETE ON tombstones
BEGIN SELECT RAISE(ABORT, 'tombstones are kept'); END;

-- Scheduled integrity checks: one row per run; cursor is the last SHA-256
-- checked, so a run resumes after a restart.
CREATE TABLE checks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER NOT NULL DEFAULT 0,
    status     TEXT    NOT NULL CHECK (status IN ('running','complete','abandoned')),
    cursor     TEXT    NOT NULL DEFAULT '',
    files      INTEGER NOT NULL DEFAULT 0,
    bytes      INTEGER NOT NULL DEFAULT 0,
    problems   INTEGER NOT NULL DEFAULT 0
);

-- What a check found, shown until a custodian acknowledges it.
CREATE TABLE integrity_problems (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    check_id        INTEGER NOT NULL REFERENCES checks(id),
    found_at        INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    ref             TEXT    NOT NULL,
    what            TEXT    NOT NULL,
    ledger_seq      INTEGER NOT NULL,
    acknowledged_at INTEGER NOT NULL DEFAULT 0,
    acknowledged_by TEXT    NOT NULL DEFAULT '',
    note            TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX integrity_problems_open ON integrity_problems(acknowledged_at) WHERE acknowledged_at = 0;

-- Where and how often the second copy is made, and each run.
CREATE TABLE backup_target (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    dir      TEXT    NOT NULL,
    every_ms INTEGER NOT NULL
);

CREATE TABLE backups (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    dir        TEXT    NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER NOT NULL DEFAULT 0,
    ok         INTEGER NOT NULL DEFAULT 0,
    copied     INTEGER NOT NULL DEFAULT 0,
    bytes      INTEGER NOT NULL DEFAULT 0,
    head_size  INTEGER NOT NULL DEFAULT 0,
    message    TEXT    NOT NULL DEFAULT ''
);
