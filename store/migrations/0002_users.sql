-- Users, roles, viewing requests and their approval, the viewing register,
-- and each recording's classification (Art. 16–19).

-- A user is never deleted: disabling keeps the name, and so the history.
CREATE TABLE users (
    name         TEXT    PRIMARY KEY,
    display      TEXT    NOT NULL DEFAULT '',
    officer_id   TEXT    NOT NULL DEFAULT '',   -- 警号, matches recordings.officer_id
    password     TEXT    NOT NULL,              -- argon2id, PHC string format
    disabled     INTEGER NOT NULL DEFAULT 0,
    failures     INTEGER NOT NULL DEFAULT 0,    -- failed logins since the last success or lock
    locked_until INTEGER NOT NULL DEFAULT 0,    -- unix ms; 0: not locked
    created_at   INTEGER NOT NULL,
    created_by   TEXT    NOT NULL
);
CREATE INDEX users_officer ON users(officer_id) WHERE officer_id <> '';

CREATE TABLE user_roles (
    user TEXT NOT NULL REFERENCES users(name),
    role TEXT NOT NULL CHECK (role IN ('officer','custodian','legal','leader','supervisor','admin')),
    PRIMARY KEY (user, role)
);

-- A request to view (or extract) recordings, and its decision. An approved
-- request is a grant until expires_at.
CREATE TABLE requests (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    requester   TEXT    NOT NULL REFERENCES users(name),
    purpose     TEXT    NOT NULL CHECK (purpose IN ('case','supervision','review','extraction')),
    reason      TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('pending','approved','refused')),
    created_at  INTEGER NOT NULL,
    decided_by  TEXT    NOT NULL DEFAULT '',
    decided_as  TEXT    NOT NULL DEFAULT '',    -- 'leader' or 'legal': the approval's weight
    decided_at  INTEGER NOT NULL DEFAULT 0,
    note        TEXT    NOT NULL DEFAULT '',
    expires_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX requests_requester ON requests(requester, id);
CREATE INDEX requests_status ON requests(status, id);

CREATE TABLE request_recordings (
    request_id   INTEGER NOT NULL REFERENCES requests(id),
    recording_id TEXT    NOT NULL REFERENCES recordings(id),
    PRIMARY KEY (request_id, recording_id)
);
CREATE INDEX request_recordings_recording ON request_recordings(recording_id);

-- The viewing register (查阅登记): every play, and every viewing the
-- custodian registers by hand. Append-only, like the ledger.
CREATE TABLE viewings (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    time          INTEGER NOT NULL,
    request_id    INTEGER NOT NULL REFERENCES requests(id),
    recording_id  TEXT    NOT NULL REFERENCES recordings(id),
    viewer        TEXT    NOT NULL,
    reason        TEXT    NOT NULL,
    registered_by TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('play','registered')),
    ledger_seq    INTEGER NOT NULL
);
CREATE INDEX viewings_recording ON viewings(recording_id, time);
CREATE TRIGGER viewings_no_update BEFORE UPDATE ON viewings
BEGIN SELECT RAISE(ABORT, 'the viewing register is append-only'); END;
CREATE TRIGGER viewings_no_delete BEFORE DELETE ON viewings
BEGIN SELECT RAISE(ABORT, 'the viewing register is append-only'); END;

ALTER TABLE recordings ADD COLUMN classification TEXT NOT NULL DEFAULT 'normal'
    CHECK (classification IN ('normal','privacy','commercial','state'));
CREATE INDEX recordings_classification ON recordings(classification);
