-- Replication of the archive and the ledger to an S3 bucket with Object
-- Lock (issue 17). The target is set like the backup folder; each run is a
-- row here and a "replicate" ledger entry.
CREATE TABLE replication_target (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    endpoint  TEXT    NOT NULL,
    bucket    TEXT    NOT NULL,
    region    TEXT    NOT NULL DEFAULT '',
    prefix    TEXT    NOT NULL DEFAULT '',
    every_ms  INTEGER NOT NULL,
    limit_bps INTEGER NOT NULL DEFAULT 0   -- bytes a second; 0: no limit
);

CREATE TABLE replications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint    TEXT    NOT NULL,
    bucket      TEXT    NOT NULL,
    prefix      TEXT    NOT NULL DEFAULT '',
    started_at  INTEGER NOT NULL,           -- unix ms
    ended_at    INTEGER NOT NULL,
    ok          INTEGER NOT NULL,
    head_size   INTEGER NOT NULL,           -- the checkpoint the bucket now holds
    uploaded    INTEGER NOT NULL DEFAULT 0,
    bytes       INTEGER NOT NULL DEFAULT 0,
    message     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX replications_ok ON replications(ok, ended_at);
