package store

import (
	"context"
	"database/sql"

	"evidock/ledger"
)

// AppendEntry writes one ledger entry inside tx, at the store's time. It
// returns the entry's sequence number.
func (s *Store) AppendEntry(ctx context.Context, tx *sql.Tx, actor, action, subject string, details any) (int64, error) {
	return ledger.Append(ctx, tx, s.Now(), actor, action, subject, details)
}

// QueryLedger reads entries; it is not itself logged (callers decide).
func (s *Store) QueryLedger(ctx context.Context, f ledger.Filter) ([]ledger.Entry, error) {
	return ledger.Query(ctx, s.read, f)
}

// Head returns the latest tree head, or a zero head for an empty ledger.
func (s *Store) Head(ctx context.Context) (ledger.TreeHead, error) { return ledger.Head(ctx, s.read) }

// Prove returns inclusion proofs of the entries seqs in the tree of size head.
func (s *Store) Prove(ctx context.Context, head int64, seqs []int64) ([]ledger.Proof, error) {
	return ledger.Prove(ctx, s.read, head, seqs)
}
