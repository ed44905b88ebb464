-- Evidence exports (Art. 15, 18). One row per export; each attempt writes an
-- export.begin ledger entry and then export.complete or export.failed.
-- Case number and name are free text in description: the store has no
-- cases table to link to when this migration was written.
CREATE TABLE exports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id  INTEGER NOT NULL REFERENCES requests(id),
    status      TEXT    NOT NULL CHECK (status IN ('running','complete','failed')),
    out_dir     TEXT    NOT NULL,
    medium      TEXT    NOT NULL,
    capacity    INTEGER NOT NULL DEFAULT 0,   -- bytes per disc when not the medium's
    device      TEXT    NOT NULL DEFAULT '',  -- burner; '' = images only
    discs       INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,             -- unix ms UTC
    created_by  TEXT    NOT NULL,
    ended_at    INTEGER NOT NULL DEFAULT 0,
    message     TEXT    NOT NULL DEFAULT '',
    attempts    INTEGER NOT NULL DEFAULT 1,
    begin_seq   INTEGER NOT NULL,             -- the latest attempt's export.begin entry
    end_seq     INTEGER NOT NULL DEFAULT 0,   -- its export.complete / export.failed entry
    description TEXT    NOT NULL DEFAULT '{}' -- JSON: case number and name, content, maker, extractor…
);
CREATE INDEX exports_request ON exports(request_id, id);
CREATE INDEX exports_running ON exports(status) WHERE status = 'running';

-- The recordings of an export, in disc order.
CREATE TABLE export_recordings (
    export_id    INTEGER NOT NULL REFERENCES exports(id),
    position     INTEGER NOT NULL,
    recording_id TEXT    NOT NULL REFERENCES recordings(id),
    PRIMARY KEY (export_id, position)
);
CREATE INDEX export_recordings_recording ON export_recordings(recording_id);
