-- Supervision (督查): device custody, "not recorded" work records, answers to
-- open items, and per-officer daily counters for the supervisor's screen.

-- Who had which recorder when (Art. 20(2), 20(7)). Mutable bookkeeping;
-- every change is also a ledger entry. A docking import of the device after
-- out_at returns it (Art. 13): in_at stays 0 until the device's next
-- check-out or check-in writes the dock down (in_by 'dock').
CREATE TABLE custody (
    id         INTEGER PRIMARY KEY,
    device_id  TEXT    NOT NULL,
    officer_id TEXT    NOT NULL,
    out_at     INTEGER NOT NULL,            -- unix ms UTC
    out_by     TEXT    NOT NULL,
    until_at   INTEGER NOT NULL DEFAULT 0,  -- declared return; 0: none
    remote     INTEGER NOT NULL DEFAULT 0,  -- continuous or remote work (Art. 13)
    due_at     INTEGER NOT NULL,            -- expected back by
    note       TEXT    NOT NULL DEFAULT '',
    in_at      INTEGER NOT NULL DEFAULT 0,  -- 0: not written down as returned
    in_by      TEXT    NOT NULL DEFAULT '', -- 'user:NAME', or 'dock'
    in_import  TEXT    NOT NULL DEFAULT '', -- the docking import that returned it
    lost_at    INTEGER NOT NULL DEFAULT 0,  -- reported lost while out
    ledger_seq INTEGER NOT NULL
);
CREATE INDEX custody_device ON custody(device_id, out_at);
CREATE INDEX custody_officer ON custody(officer_id, out_at);
CREATE INDEX custody_out ON custody(out_at, officer_id, due_at, in_at, lost_at, device_id); -- covering the officer table
CREATE INDEX custody_open ON custody(due_at) WHERE in_at = 0;

-- Lost or stolen recorders (Art. 20(7)). Append-only.
CREATE TABLE device_lost (
    id          INTEGER PRIMARY KEY,
    device_id   TEXT    NOT NULL,
    officer_id  TEXT    NOT NULL DEFAULT '', -- who had it, when it was out
    custody_id  INTEGER NOT NULL DEFAULT 0,
    reported_by TEXT    NOT NULL,
    reported_at INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    ledger_seq  INTEGER NOT NULL
);
CREATE INDEX device_lost_device ON device_lost(device_id, reported_at);
CREATE INDEX device_lost_at ON device_lost(reported_at);
CREATE TRIGGER device_lost_no_update BEFORE UPDATE ON device_lost
BEGIN SELECT RAISE(ABORT, 'lost-device reports are append-only'); END;
CREATE TRIGGER device_lost_no_delete BEFORE DELETE ON device_lost
BEGIN SELECT RAISE(ABORT, 'lost-device reports are append-only'); END;

-- "Not recorded" work records (工作记录, Art. 7), and the leader's acknowledgement.
CREATE TABLE not_recorded (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    officer_id TEXT    NOT NULL,
    filed_by   TEXT    NOT NULL,
    filed_at   INTEGER NOT NULL,
    day        TEXT    NOT NULL,            -- date of the activity, YYYY-MM-DD
    place      TEXT    NOT NULL,
    category   TEXT    NOT NULL,            -- a key of store.Categories (Art. 6)
    reason     TEXT    NOT NULL CHECK (reason IN ('secret_privacy','emergency','objective')),
    basis      TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    ack_by     TEXT    NOT NULL DEFAULT '',
    ack_at     INTEGER NOT NULL DEFAULT 0,
    ack_note   TEXT    NOT NULL DEFAULT '',
    ledger_seq INTEGER NOT NULL
);
CREATE INDEX not_recorded_officer ON not_recorded(officer_id, day);
CREATE INDEX not_recorded_day ON not_recorded(day);
CREATE INDEX not_recorded_open ON not_recorded(ack_at) WHERE ack_at = 0;

-- Answers to open items that have no answer of their own (a failed import,
-- an integrity problem): what was done, by whom.
CREATE TABLE item_answers (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,
    ref        TEXT    NOT NULL,
    note       TEXT    NOT NULL,
    by         TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    ledger_seq INTEGER NOT NULL
);
CREATE INDEX item_answers_ref ON item_answers(kind, ref, at);

-- Lookups the supervisor's screen and the open items make.
CREATE INDEX imports_device_started ON imports(device_id, started_at);
CREATE INDEX imports_started ON imports(started_at);
CREATE INDEX imports_unfinished ON imports(device_id, started_at) WHERE status IN ('failed','interrupted');
CREATE INDEX recordings_device_time ON recordings(device_id, recorded_at, officer_id);
CREATE INDEX recordings_uncategorised ON recordings(officer_id, day) WHERE category = '';
CREATE INDEX recordings_late_open ON recordings(officer_id, day) WHERE late = 1 AND late_reason = '';

-- Per officer and day (the recording's local day; the UTC day of import
-- when the recording time is unknown), kept by triggers so the supervisor's
-- table never scans recordings.
CREATE TABLE officer_day (
    officer_id       TEXT    NOT NULL,
    day              TEXT    NOT NULL,
    recordings       INTEGER NOT NULL DEFAULT 0,
    late             INTEGER NOT NULL DEFAULT 0,
    late_unexplained INTEGER NOT NULL DEFAULT 0,
    uncategorised    INTEGER NOT NULL DEFAULT 0,
    gaps             INTEGER NOT NULL DEFAULT 0,
    gaps_open        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (officer_id, day)
) WITHOUT ROWID;
-- Covering, so a period's sums read only this index.
CREATE INDEX officer_day_day ON officer_day(day, officer_id, recordings, late, late_unexplained, uncategorised, gaps, gaps_open);

INSERT INTO officer_day(officer_id, day, recordings, late, late_unexplained, uncategorised)
SELECT officer_id, CASE WHEN day <> '' THEN day ELSE strftime('%Y-%m-%d', imported_at / 1000, 'unixepoch') END AS d,
       count(*), sum(late <> 0), sum(late <> 0 AND late_reason = ''), sum(category = '')
FROM recordings GROUP BY officer_id, d;

INSERT INTO officer_day(officer_id, day, gaps, gaps_open)
SELECT coalesce(r.officer_id, ''), g.day, count(*), sum(g.explained_at = 0)
FROM gaps g LEFT JOIN recordings r ON r.id = g.after_rec
GROUP BY 1, 2 HAVING 1
ON CONFLICT(officer_id, day) DO UPDATE SET gaps = gaps + excluded.gaps, gaps_open = gaps_open + excluded.gaps_open;

CREATE TRIGGER officer_day_rec_insert AFTER INSERT ON recordings
BEGIN
    INSERT INTO officer_day(officer_id, day, recordings, late, late_unexplained, uncategorised)
    VALUES (NEW.officer_id,
            CASE WHEN NEW.day <> '' THEN NEW.day ELSE strftime('%Y-%m-%d', NEW.imported_at / 1000, 'unixepoch') END,
            1, NEW.late <> 0, NEW.late <> 0 AND NEW.late_reason = '', NEW.category = '')
    ON CONFLICT(officer_id, day) DO UPDATE SET
        recordings = recordings + 1,
        late = late + excluded.late,
        late_unexplained = late_unexplained + excluded.late_unexplained,
        uncategorised = uncategorised + excluded.uncategorised;
END;

CREATE TRIGGER officer_day_rec_delete AFTER DELETE ON recordings
BEGIN
    UPDATE officer_day SET
        recordings = recordings - 1,
        late = late - (OLD.late <> 0),
        late_unexplained = late_unexplained - (OLD.late <> 0 AND OLD.late_reason = ''),
        uncategorised = uncategorised - (OLD.category = '')
    WHERE officer_id = OLD.officer_id
      AND day = CASE WHEN OLD.day <> '' THEN OLD.day ELSE strftime('%Y-%m-%d', OLD.imported_at / 1000, 'unixepoch') END;
END;

CREATE TRIGGER officer_day_rec_update AFTER UPDATE OF officer_id, day, imported_at, late, late_reason, category ON recordings
BEGIN
    UPDATE officer_day SET
        recordings = recordings - 1,
        late = late - (OLD.late <> 0),
        late_unexplained = late_unexplained - (OLD.late <> 0 AND OLD.late_reason = ''),
        uncategorised = uncategorised - (OLD.category = '')
    WHERE officer_id = OLD.officer_id
      AND day = CASE WHEN OLD.day <> '' THEN OLD.day ELSE strftime('%Y-%m-%d', OLD.imported_at / 1000, 'unixepoch') END;
    INSERT INTO officer_day(officer_id, day, recordings, late, late_unexplained, uncategorised)
    VALUES (NEW.officer_id,
            CASE WHEN NEW.day <> '' THEN NEW.day ELSE strftime('%Y-%m-%d', NEW.imported_at / 1000, 'unixepoch') END,
            1, NEW.late <> 0, NEW.late <> 0 AND NEW.late_reason = '', NEW.category = '')
    ON CONFLICT(officer_id, day) DO UPDATE SET
        recordings = recordings + 1,
        late = late + excluded.late,
        late_unexplained = late_unexplained + excluded.late_unexplained,
        uncategorised = uncategorised + excluded.uncategorised;
END;

CREATE TRIGGER officer_day_gap_insert AFTER INSERT ON gaps
BEGIN
    INSERT INTO officer_day(officer_id, day, gaps, gaps_open)
    VALUES (coalesce((SELECT officer_id FROM recordings WHERE id = NEW.after_rec), ''), NEW.day, 1, NEW.explained_at = 0)
    ON CONFLICT(officer_id, day) DO UPDATE SET gaps = gaps + 1, gaps_open = gaps_open + excluded.gaps_open;
END;

CREATE TRIGGER officer_day_gap_delete AFTER DELETE ON gaps
BEGIN
    UPDATE officer_day SET gaps = gaps - 1, gaps_open = gaps_open - (OLD.explained_at = 0)
    WHERE officer_id = coalesce((SELECT officer_id FROM recordings WHERE id = OLD.after_rec), '') AND day = OLD.day;
END;

CREATE TRIGGER officer_day_gap_update AFTER UPDATE OF explained_at, day, after_rec ON gaps
BEGIN
    UPDATE officer_day SET gaps = gaps - 1, gaps_open = gaps_open - (OLD.explained_at = 0)
    WHERE officer_id = coalesce((SELECT officer_id FROM recordings WHERE id = OLD.after_rec), '') AND day = OLD.day;
    INSERT INTO officer_day(officer_id, day, gaps, gaps_open)
    VALUES (coalesce((SELECT officer_id FROM recordings WHERE id = NEW.after_rec), ''), NEW.day, 1, NEW.explained_at = 0)
    ON CONFLICT(officer_id, day) DO UPDATE SET gaps = gaps + 1, gaps_open = gaps_open + excluded.gaps_open;
END;
