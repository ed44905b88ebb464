package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"

	"golang.org/x/mod/sumdb/tlog"

	"evidock/ledger"
	"evidock/ledger/checkpoint"
)

// KeysDir is the folder of the data folder (and of a backup) that holds the
// workstation's checkpoint keys; the private keys are readable only by
// their owner.
const KeysDir = "keys"

// CheckpointFile is the signed checkpoint a backup folder carries beside
// its ledger, and the suffix of the one written beside a report.
const CheckpointFile = "checkpoint"

// ensureKeys loads the data folder's checkpoint keys, creating them the
// first time a folder is opened (at init, or the first start of a folder
// made before there were keys); their creation is a ledger entry.
func (s *Store) ensureKeys(ctx context.Context) error {
	k, created, err := checkpoint.Ensure(filepath.Join(s.dir, KeysDir))
	if err != nil {
		return fmt.Errorf("store: checkpoint keys: %w", err)
	}
	s.keys = k
	if !created {
		return nil
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		_, err := s.AppendEntry(ctx, tx, "workstation", "checkpoint.keys", k.Origin, map[string]any{
			"origin": k.Origin, "ed25519": k.Ed25519Verifier, "sm2": k.SM2Verifier})
		return err
	})
}

// Keys are the workstation's checkpoint keys.
func (s *Store) Keys() *checkpoint.Keys { return s.keys }

// HashReader reads the ledger's stored Merkle tree hashes (tlog's layout).
func (s *Store) HashReader(ctx context.Context) tlog.HashReader {
	return ledger.HashReader(ctx, s.read)
}

// Leaves returns the canonical bytes of ledger entries from, from+1, …,
// to-1: the records hashed into the tree.
func (s *Store) Leaves(ctx context.Context, from, to int64) ([][]byte, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT seq, time, actor, action, subject, details FROM ledger
		WHERE seq >= ? AND seq < ? ORDER BY seq`, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: read ledger: %w", err)
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		e, err := ledger.Scan(rows)
		if err != nil {
			return nil, err
		}
		if e.Seq != from+int64(len(out)) {
			return nil, fmt.Errorf("store: ledger entry %d is missing", from+int64(len(out)))
		}
		out = append(out, e.Leaf())
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read ledger: %w", err)
	}
	if to > from && int64(len(out)) != to-from {
		return nil, fmt.Errorf("store: the ledger has %d of entries %d–%d", len(out), from, to-1)
	}
	return out, nil
}

// SignHead signs a checkpoint of tree head h with the workstation's keys.
func (s *Store) SignHead(h ledger.TreeHead) ([]byte, error) {
	return s.keys.Sign(checkpoint.Checkpoint{Origin: s.keys.Origin, Size: h.Size, Root: h.Root})
}

// CheckCheckpoint opens a signed checkpoint with the workstation's keys and
// proves that the ledger contains it (checkpoint.Check): the error wraps
// checkpoint.ErrSignature, checkpoint.ErrRollback or checkpoint.ErrFork.
func (s *Store) CheckCheckpoint(ctx context.Context, msg []byte) (checkpoint.Signed, error) {
	sc, err := s.keys.Open(msg)
	if err != nil {
		return sc, err
	}
	h, err := s.Head(ctx)
	if err != nil {
		return sc, err
	}
	return sc, checkpoint.Check(sc.Checkpoint, h.Size, s.HashReader(ctx))
}
