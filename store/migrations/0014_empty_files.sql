-- Zero-length files found on recorders. All empty files have one hash, so
-- an empty file is no recording (it would be one content shared by every
-- recorder's); it is recorded per recorder and name, flagged in its
-- import, and an open item until someone answers it.
CREATE TABLE empty_files (
    id          INTEGER PRIMARY KEY,
    import_id   TEXT    NOT NULL REFERENCES imports(id),
    device_id   TEXT    NOT NULL DEFAULT '',
    officer_id  TEXT    NOT NULL DEFAULT '',
    source_path TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    file_time   INTEGER NOT NULL,
    seen_at     INTEGER NOT NULL,
    ledger_seq  INTEGER NOT NULL
);
CREATE INDEX empty_files_source ON empty_files(device_id, source_path, file_time);
