-- The violation register (Art. 20–21). evidock raises the signs it can see
-- in its records for a person to review; it never judges them. A leader
-- records the measure of Art. 21 decided. Every step is also a ledger entry.
CREATE TABLE violations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    sign        TEXT    NOT NULL,            -- what was seen: clip_gap, other_officer, outside_custody, lost_device, late_import
    item        TEXT    NOT NULL,            -- the Art. 20 item it may concern (regulation.Violations)
    ref         TEXT    NOT NULL UNIQUE,     -- what it is about, so that a sign is raised once
    device_id   TEXT    NOT NULL DEFAULT '',
    officer_id  TEXT    NOT NULL DEFAULT '',
    detail      TEXT    NOT NULL,            -- clip numbers, times: what to look at
    facts       TEXT    NOT NULL DEFAULT '{}', -- the same as JSON (recording ids…)
    status      TEXT    NOT NULL CHECK (status IN ('raised','open','decided','closed')),
    raised_at   INTEGER NOT NULL,            -- unix ms UTC
    raised_by   TEXT    NOT NULL,
    opened_at   INTEGER NOT NULL DEFAULT 0,
    opened_by   TEXT    NOT NULL DEFAULT '',
    open_note   TEXT    NOT NULL DEFAULT '',
    decided_at  INTEGER NOT NULL DEFAULT 0,
    decided_by  TEXT    NOT NULL DEFAULT '',
    measures    TEXT    NOT NULL DEFAULT '[]', -- keys of regulation.Measures; [] no measure
    decision    TEXT    NOT NULL DEFAULT '',
    closed_at   INTEGER NOT NULL DEFAULT 0,
    closed_by   TEXT    NOT NULL DEFAULT '',
    close_note  TEXT    NOT NULL DEFAULT '',
    ledger_seq  INTEGER NOT NULL             -- the violation.raise entry
);
CREATE INDEX violations_status ON violations(status, id);
CREATE INDEX violations_officer ON violations(officer_id, id);
CREATE INDEX violations_raised ON violations(raised_at);
