-- Recording times (Art. 11, 13): each recorder's zone and MP4 habit, both
-- times a recording carries, and timelines by shift rather than by
-- calendar day; settings every face reads from the database.

-- The recorder's clock zone (IANA name); '' is the workstation's zone.
ALTER TABLE devices ADD COLUMN timezone TEXT NOT NULL DEFAULT '';

-- Whether a recorder writes UTC ('utc') or its local wall-clock time
-- ('local') into the MP4 creation time, as learned from its clips. Kept for
-- every serial seen, registered or not; each change is a ledger entry.
CREATE TABLE device_time_habits (
    serial      TEXT    PRIMARY KEY,
    habit       TEXT    NOT NULL CHECK (habit IN ('utc','local')),
    votes_utc   INTEGER NOT NULL DEFAULT 0,
    votes_local INTEGER NOT NULL DEFAULT 0,
    learned_at  INTEGER NOT NULL
);

-- The time in the file name and the time in the metadata, both corrected
-- by the clock offset (unix ms; 0: the recording has none). recorded_at is
-- the one used; time_source says which ('name', 'metadata', 'file_time').
ALTER TABLE recordings ADD COLUMN name_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE recordings ADD COLUMN metadata_time INTEGER NOT NULL DEFAULT 0;
UPDATE recordings SET time_source = CASE time_source
    WHEN '' THEN ''
    WHEN 'filename' THEN 'name'
    WHEN 'file-time' THEN 'file_time'
    ELSE 'metadata' END;

-- The timeline a recording belongs to: the local day its recorder's shift
-- began (a shift that passes midnight is one timeline).
ALTER TABLE recordings ADD COLUMN shift_day TEXT NOT NULL DEFAULT '';
UPDATE recordings SET shift_day = day;
CREATE INDEX recordings_shift ON recordings(device_id, shift_day, recorded_at);

-- Settings every face reads: key, value as text. Changed only through the
-- core, each change a ledger entry.
CREATE TABLE settings (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    changed_at INTEGER NOT NULL,
    changed_by TEXT    NOT NULL
);

-- A completed evidence export holds its recordings as a case would (Art.
-- 14, 15) until a custodian releases it; released_at 0: still held.
ALTER TABLE exports ADD COLUMN released_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exports ADD COLUMN released_by TEXT NOT NULL DEFAULT '';
ALTER TABLE exports ADD COLUMN release_reason TEXT NOT NULL DEFAULT '';
