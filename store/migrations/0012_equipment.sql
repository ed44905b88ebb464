-- Equipment lifecycle (Art. 5, 20(7)): a recorder's state, the pre-use check
-- at checkout, and corrections of recorder clocks found off at docking.
-- Every row is also a ledger entry (ledger_seq).

-- Each change of a recorder's state (在用, 维修, 报废, 遗失). Append-only: the
-- state now is the newest row, or the newest lost-device report after it.
CREATE TABLE device_states (
    id         INTEGER PRIMARY KEY,
    device_id  TEXT    NOT NULL,
    state      TEXT    NOT NULL CHECK (state IN ('in_use','repair','scrapped','lost')),
    at         INTEGER NOT NULL,            -- unix ms UTC
    by         TEXT    NOT NULL,
    note       TEXT    NOT NULL DEFAULT '',
    ledger_seq INTEGER NOT NULL
);
CREATE INDEX device_states_device ON device_states(device_id, at);
CREATE TRIGGER device_states_no_update BEFORE UPDATE ON device_states
BEGIN SELECT RAISE(ABORT, 'device states are append-only'); END;
CREATE TRIGGER device_states_no_delete BEFORE DELETE ON device_states
BEGIN SELECT RAISE(ABORT, 'device states are append-only'); END;

-- The check before use (Art. 5): what the officer ticked at checkout and
-- what the recorder's last docking measured. A failed check stays open for
-- the supervisor until someone acknowledges it.
CREATE TABLE preuse_checks (
    id             INTEGER PRIMARY KEY,
    custody_id     INTEGER NOT NULL,
    device_id      TEXT    NOT NULL,
    officer_id     TEXT    NOT NULL,
    at             INTEGER NOT NULL,
    by             TEXT    NOT NULL,
    battery        INTEGER NOT NULL,         -- ticked: the battery is charged
    memory         INTEGER NOT NULL,         -- ticked: there is free memory
    clock          INTEGER NOT NULL,         -- ticked: date and time are right
    dock_import    TEXT    NOT NULL DEFAULT '', -- the docking the readings come from
    dock_free      INTEGER NOT NULL DEFAULT -1,
    dock_total     INTEGER NOT NULL DEFAULT -1,
    dock_offset_ms INTEGER NOT NULL DEFAULT 0,
    problems       TEXT    NOT NULL DEFAULT '[]', -- JSON keys of what failed; [] passed
    note           TEXT    NOT NULL DEFAULT '',
    ack_by         TEXT    NOT NULL DEFAULT '',
    ack_at         INTEGER NOT NULL DEFAULT 0,
    ack_note       TEXT    NOT NULL DEFAULT '',
    ledger_seq     INTEGER NOT NULL
);
CREATE INDEX preuse_checks_device ON preuse_checks(device_id, at);
CREATE INDEX preuse_checks_open ON preuse_checks(ack_at) WHERE problems <> '[]' AND ack_at = 0;

-- A recorder whose clock a docking found off by more than the limit is
-- listed until someone records that it was corrected.
CREATE TABLE clock_fixes (
    id         INTEGER PRIMARY KEY,
    device_id  TEXT    NOT NULL,
    import_id  TEXT    NOT NULL,            -- the docking that found it off
    at         INTEGER NOT NULL,
    by         TEXT    NOT NULL,
    note       TEXT    NOT NULL,
    ledger_seq INTEGER NOT NULL
);
CREATE INDEX clock_fixes_device ON clock_fixes(device_id, at);
CREATE INDEX imports_clock ON imports(device_id, started_at) WHERE clock_measured = 1;
