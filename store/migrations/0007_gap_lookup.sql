-- Every recording row fetched asks whether an unexplained gap precedes it
-- (recordings.go: the unexplained_gap flag and filter). UNIQUE(before_rec,
-- after_rec) cannot answer that; without this each row scanned all gaps.
CREATE INDEX gaps_after_open ON gaps(after_rec) WHERE explained_at = 0;
