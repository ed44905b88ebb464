package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/mod/sumdb/tlog"

	"evidock/checkpoint"
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
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := s.appendEntry(ctx, tx, "workstation", "checkpoint.keys", k.Origin, map[string]any{
			"origin": k.Origin, "ed25519": k.Ed25519Verifier, "sm2": k.SM2Verifier})
		return err
	})
}

// Keys are the workstation's checkpoint keys.
func (s *Store) Keys() *checkpoint.Keys { return s.keys }

// HashReader reads the ledger's stored Merkle tree hashes (tlog's layout).
func (s *Store) HashReader(ctx context.Context) tlog.HashReader {
	return txHashReader{ctx, s.read}
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
		e, err := scanEntry(rows)
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

// Checkpoint signs the tree head the attempt's discs carry (see Evidence)
// and returns the signed note with the verifier keys that check it, the
// Ed25519 one first (a disc's own check script verifies that one; the SM2
// one is for 国密 verifiers).
func (run *ExportRun) Checkpoint(ctx context.Context, h TreeHead) (signed []byte, verifiers string, err error) {
	k := run.sess.st.keys
	signed, err = run.sess.st.SignHead(h)
	if err != nil {
		return nil, "", fmt.Errorf("store: sign the disc's checkpoint: %w", err)
	}
	return signed, k.Ed25519Verifier + "\n" + k.SM2Verifier, nil
}

// SignHead signs a checkpoint of tree head h with the workstation's keys.
func (s *Store) SignHead(h TreeHead) ([]byte, error) {
	return s.keys.Sign(checkpoint.Checkpoint{Origin: s.keys.Origin, Size: h.Size, Root: h.Root})
}

// Checkpoint signs the ledger's current tree head. where says where the
// checkpoint goes (a file, a disc, "stdout"); the checkpoint is a ledger
// entry, written after the head it signs.
func (sess *Session) Checkpoint(ctx context.Context, where string) ([]byte, checkpoint.Checkpoint, error) {
	if err := sess.check(ctx, ActCheckpoint, where); err != nil {
		return nil, checkpoint.Checkpoint{}, err
	}
	h, err := sess.st.Head(ctx)
	if err != nil {
		return nil, checkpoint.Checkpoint{}, err
	}
	msg, err := sess.st.SignHead(h)
	if err != nil {
		return nil, checkpoint.Checkpoint{}, err
	}
	cp := checkpoint.Checkpoint{Origin: sess.st.keys.Origin, Size: h.Size, Root: h.Root}
	if _, err := sess.log(ctx, "checkpoint", where, map[string]any{"size": h.Size, "root": h.Root, "origin": cp.Origin}); err != nil {
		return nil, cp, fmt.Errorf("store: record checkpoint: %w", err)
	}
	return msg, cp, nil
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

// CheckpointResult is one checkpoint VerifyCheckpoints looked at.
type CheckpointResult struct {
	Name   string `json:"name"`
	Origin string `json:"origin,omitempty"`
	Size   int64  `json:"size"`
	Ledger int64  `json:"ledger"` // the ledger's size now
	// Problem is "" when the checkpoint verified; else "signature",
	// "rollback" or "fork" (or "unreadable"), with Message saying it.
	Problem string `json:"problem,omitempty"`
	Message string `json:"message,omitempty"`
}

// VerifyCheckpoints checks signed checkpoints (named by where they came
// from) against the ledger: each must carry both of this workstation's
// signatures and be contained in the ledger. The check is a ledger entry.
func (sess *Session) VerifyCheckpoints(ctx context.Context, names []string, msgs [][]byte) ([]CheckpointResult, error) {
	if err := sess.check(ctx, ActVerify, ""); err != nil {
		return nil, err
	}
	h, err := sess.st.Head(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]CheckpointResult, len(msgs))
	for i, msg := range msgs {
		r := CheckpointResult{Name: names[i], Ledger: h.Size}
		sc, err := sess.st.CheckCheckpoint(ctx, msg)
		r.Origin, r.Size = sc.Origin, sc.Size
		switch {
		case err == nil:
		case errors.Is(err, checkpoint.ErrRollback):
			r.Problem = "rollback"
		case errors.Is(err, checkpoint.ErrFork):
			r.Problem = "fork"
		case errors.Is(err, checkpoint.ErrSignature):
			r.Problem = "signature"
		default:
			r.Problem = "unreadable"
		}
		if err != nil {
			r.Message = err.Error()
		}
		out[i] = r
	}
	if _, err := sess.log(ctx, "checkpoint.verify", "", map[string]any{"checkpoints": out}); err != nil {
		return out, fmt.Errorf("store: record checkpoint check: %w", err)
	}
	return out, nil
}

// copyKeys copies the key folder of data folder src into dst (a backup,
// or a data folder being restored), keeping each file's mode.
func copyKeys(src, dst string) error {
	from, to := filepath.Join(src, KeysDir), filepath.Join(dst, KeysDir)
	es, err := os.ReadDir(from)
	if err != nil {
		return fmt.Errorf("store: copy keys: %w", err)
	}
	if err := os.MkdirAll(to, 0o700); err != nil {
		return fmt.Errorf("store: copy keys: %w", diskFull(err))
	}
	for _, e := range es {
		if !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			return fmt.Errorf("store: copy keys: %w", err)
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return fmt.Errorf("store: copy keys: %w", err)
		}
		tmp := filepath.Join(to, e.Name()+".new")
		os.Remove(tmp)
		if err := os.WriteFile(tmp, b, fi.Mode().Perm()); err != nil {
			return fmt.Errorf("store: copy keys: %w", diskFull(err))
		}
		if err := os.Chmod(tmp, fi.Mode().Perm()); err != nil {
			return fmt.Errorf("store: copy keys: %w", err)
		}
		if err := syncFile(tmp); err != nil {
			return fmt.Errorf("store: copy keys: %w", diskFull(err))
		}
		if err := os.Rename(tmp, filepath.Join(to, e.Name())); err != nil {
			return fmt.Errorf("store: copy keys: %w", err)
		}
	}
	return syncDir(to)
}

// writeCheckpointFile writes a signed checkpoint of head into dir/name,
// through a temp file.
func (s *Store) writeCheckpointFile(dir string, h TreeHead) error {
	msg, err := s.SignHead(h)
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, CheckpointFile+".new")
	if err := os.WriteFile(tmp, msg, 0o644); err != nil {
		return fmt.Errorf("store: write checkpoint: %w", diskFull(err))
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("store: write checkpoint: %w", diskFull(err))
	}
	if err := os.Rename(tmp, filepath.Join(dir, CheckpointFile)); err != nil {
		return fmt.Errorf("store: write checkpoint: %w", err)
	}
	return nil
}

// isLegacyBackup reports whether backup folder from was made before
// backups carried keys and a checkpoint: it has neither. Such a backup
// restores without the check, and the restored folder gets new keys; one
// that has only one of the two is refused by checkBackupCheckpoint.
func isLegacyBackup(from string) bool {
	_, err1 := os.Stat(filepath.Join(from, CheckpointFile))
	_, err2 := os.Stat(filepath.Join(from, KeysDir))
	return errors.Is(err1, os.ErrNotExist) && errors.Is(err2, os.ErrNotExist)
}

// checkBackupCheckpoint checks the checkpoint a backup folder carries
// against the ledger copy db of that backup (size entries), with the keys
// the backup carries: a backup whose ledger was swapped for an older or
// another one does not restore.
func checkBackupCheckpoint(ctx context.Context, from string, db *sql.DB, size int64) error {
	msg, err := os.ReadFile(filepath.Join(from, CheckpointFile))
	if err != nil {
		return fmt.Errorf("store: the backup's checkpoint: %w", err)
	}
	keys, err := checkpoint.Load(filepath.Join(from, KeysDir))
	if err != nil {
		return fmt.Errorf("store: the backup's keys: %w", err)
	}
	sc, err := keys.Open(msg)
	if err != nil {
		return fmt.Errorf("store: the backup's checkpoint: %w", err)
	}
	if err := checkpoint.Check(sc.Checkpoint, size, txHashReader{ctx, db}); err != nil {
		return fmt.Errorf("store: the backup's ledger against its checkpoint: %w", err)
	}
	return nil
}

// backupCheckpoint puts the workstation's keys into backup folder dir and
// a signed checkpoint of the backup's ledger (m's head) beside it.
func (s *Store) backupCheckpoint(ctx context.Context, dir string, m Manifest) error {
	if err := copyKeys(s.dir, dir); err != nil {
		return err
	}
	h, err := s.TreeHeadAt(ctx, m.HeadSize)
	if err != nil {
		return fmt.Errorf("store: backup checkpoint: %w", err)
	}
	if hexRoot := fmt.Sprintf("%x", h.Root[:]); hexRoot != m.HeadRoot {
		return fmt.Errorf("store: backup checkpoint: the copy's root %s is not the one recorded (%s)", m.HeadRoot, hexRoot)
	}
	return s.writeCheckpointFile(dir, h)
}
