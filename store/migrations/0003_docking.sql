-- Officers (执法人员) and their recorders (执法记录仪).
CREATE TABLE officers (
    number     TEXT    PRIMARY KEY,          -- 警号 / 执法证号
    name       TEXT    NOT NULL,
    unit       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

CREATE TABLE devices (
    serial     TEXT    PRIMARY KEY,
    model      TEXT    NOT NULL DEFAULT '',
    profile    TEXT    NOT NULL DEFAULT '',
    officer    TEXT    NOT NULL DEFAULT '',  -- assigned officer's number; '' = nobody
    created_at INTEGER NOT NULL
);

-- What was measured at docking.
ALTER TABLE imports ADD COLUMN volume TEXT NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN profile TEXT NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN clock_offset_ms INTEGER NOT NULL DEFAULT 0;  -- recorder clock minus workstation clock
ALTER TABLE imports ADD COLUMN clock_measured INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN recorder_free INTEGER NOT NULL DEFAULT -1;
ALTER TABLE imports ADD COLUMN recorder_total INTEGER NOT NULL DEFAULT -1;
ALTER TABLE imports ADD COLUMN remote INTEGER NOT NULL DEFAULT 0;            -- continuous / remote work (Art. 13)
ALTER TABLE imports ADD COLUMN returned_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN late_reason TEXT NOT NULL DEFAULT '';

-- When and how long, as read from the recording; annotations answered later.
ALTER TABLE recordings ADD COLUMN recorded_at INTEGER NOT NULL DEFAULT 0;   -- unix ms UTC, corrected by the clock offset
ALTER TABLE recordings ADD COLUMN recorded_raw TEXT NOT NULL DEFAULT '';
ALTER TABLE recordings ADD COLUMN time_source TEXT NOT NULL DEFAULT '';
ALTER TABLE recordings ADD COLUMN duration_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE recordings ADD COLUMN day TEXT NOT NULL DEFAULT '';             -- local date of recorded_at
ALTER TABLE recordings ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE recordings ADD COLUMN category TEXT NOT NULL DEFAULT '';        -- 执法类别 (Art. 6); '' = not yet given
ALTER TABLE recordings ADD COLUMN late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE recordings ADD COLUMN late_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX recordings_day ON recordings(device_id, day, recorded_at);
CREATE INDEX recordings_category ON recordings(category) WHERE category = '';
CREATE INDEX recordings_late ON recordings(late) WHERE late = 1;

-- Interruptions between consecutive clips of one recorder on one day (Art. 11).
CREATE TABLE gaps (
    id           INTEGER PRIMARY KEY,
    device_id    TEXT    NOT NULL,
    day          TEXT    NOT NULL,
    before_rec   TEXT    NOT NULL REFERENCES recordings(id),
    after_rec    TEXT    NOT NULL REFERENCES recordings(id),
    from_ms      INTEGER NOT NULL,
    to_ms        INTEGER NOT NULL,
    reason       TEXT    NOT NULL DEFAULT '',
    text         TEXT    NOT NULL DEFAULT '',
    stated       INTEGER NOT NULL DEFAULT 0,   -- the reason was stated on the recording
    explained_by TEXT    NOT NULL DEFAULT '',
    explained_at INTEGER NOT NULL DEFAULT 0,
    UNIQUE (before_rec, after_rec)
);
CREATE INDEX gaps_day ON gaps(device_id, day);
CREATE INDEX gaps_open ON gaps(explained_at) WHERE explained_at = 0;
