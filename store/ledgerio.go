package store

import (
	"context"
	"database/sql"
)

// appendEntry writes one ledger entry inside tx, at the store's time. It
// returns the entry's sequence number.
func (s *Store) appendEntry(ctx context.Context, tx *sql.Tx, actor, action, subject string, details any) (int64, error) {
	return appendTo(ctx, tx, s.Now(), actor, action, subject, details)
}

// queryLedger reads entries; it is not itself logged (callers decide).
func (s *Store) queryLedger(ctx context.Context, f LedgerFilter) ([]Entry, error) {
	return queryEntries(ctx, s.read, f)
}

// Head returns the latest tree head, or a zero head for an empty ledger.
func (s *Store) Head(ctx context.Context) (TreeHead, error) { return headOf(ctx, s.read) }

// Prove returns inclusion proofs of the entries seqs in the tree of size head.
func (s *Store) Prove(ctx context.Context, head int64, seqs []int64) ([]Proof, error) {
	return prove(ctx, s.read, head, seqs)
}
