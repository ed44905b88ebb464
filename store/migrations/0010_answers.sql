-- Answers to follow-up questions (Art. 6, 11, 13), each by its owner: the
-- officer the item belongs to, or a supervisor or leader on their behalf
-- with a reason. A second answer is an amendment: every answer stays here
-- and in the ledger; the gaps and recordings rows keep the latest.
CREATE TABLE answers (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('gap','category','late_reason')),
    ref           TEXT    NOT NULL,               -- gap id or recording id
    officer       TEXT    NOT NULL DEFAULT '',    -- whose item it is
    value         TEXT    NOT NULL,               -- the reason or category key, or the late reason
    text          TEXT    NOT NULL DEFAULT '',    -- a gap's free text
    stated        INTEGER NOT NULL DEFAULT 0,     -- a gap's reason was stated on the recording
    by            TEXT    NOT NULL,               -- the operator, as the ledger names them
    on_behalf     INTEGER NOT NULL DEFAULT 0,
    behalf_reason TEXT    NOT NULL DEFAULT '',
    at            INTEGER NOT NULL,
    ledger_seq    INTEGER NOT NULL
);
CREATE INDEX answers_ref ON answers(kind, ref, id);
CREATE TRIGGER answers_no_update BEFORE UPDATE ON answers
BEGIN SELECT RAISE(ABORT, 'answers are kept'); END;
CREATE TRIGGER answers_no_delete BEFORE DELETE ON answers
BEGIN SELECT RAISE(ABORT, 'answers are kept'); END;
