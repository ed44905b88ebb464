package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"evidock/internal/filelock"
)

// recover closes import runs whose process died: their uncommitted archive
// files are removed, their temp files deleted, and each is marked interrupted
// with a ledger entry. Runs whose process still holds the lock are left alone.
func (s *Store) recover(ctx context.Context) error {
	rows, err := s.read.QueryContext(ctx, `SELECT id FROM imports WHERE status = ?`, StatusRunning)
	if err != nil {
		return fmt.Errorf("store: find unfinished imports: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		lock, err := filelock.Take(s.ImportLockPath(id), false)
		if errors.Is(err, filelock.ErrHeld) {
			continue // alive in another process
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err := s.closeDead(ctx, id); err != nil {
			if lock != nil {
				lock.Release()
			}
			return err
		}
		if lock != nil {
			lock.Release()
		}
		os.Remove(s.ImportLockPath(id))
	}
	return nil
}

func (s *Store) closeDead(ctx context.Context, id string) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT p.sha256,
			(SELECT count(*) FROM recordings r WHERE r.sha256 = p.sha256),
			(SELECT count(*) FROM archive_pending o WHERE o.sha256 = p.sha256 AND o.import_id <> p.import_id)
			FROM archive_pending p WHERE p.import_id = ?`, id)
		if err != nil {
			return err
		}
		var undo []string
		for rows.Next() {
			var sha string
			var recs, others int
			if err := rows.Scan(&sha, &recs, &others); err != nil {
				rows.Close()
				return err
			}
			if recs == 0 && others == 0 {
				undo = append(undo, sha)
			}
		}
		rows.Close()
		for _, sha := range undo {
			if err := s.archive.Remove(sha); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM archive_pending WHERE import_id = ?`, id); err != nil {
			return err
		}
		if err := s.archive.RemoveTemps(id); err != nil {
			return fmt.Errorf("store: remove temp files of %s: %w", id, err)
		}
		var newFiles, seen int
		tx.QueryRowContext(ctx, `SELECT count(*) FROM recordings WHERE import_id = ?`, id).Scan(&newFiles)
		tx.QueryRowContext(ctx, `SELECT count(*) FROM sightings WHERE import_id = ?`, id).Scan(&seen)
		msg := "the program stopped before the import finished; dock the recorder again to finish it"
		if _, err := tx.ExecContext(ctx, `UPDATE imports SET status=?, ended_at=?, new_files=?, duplicates=?, message=? WHERE id=?`,
			StatusInterrupted, UnixMS(s.Now()), newFiles, seen-newFiles, msg, id); err != nil {
			return err
		}
		_, err = s.AppendEntry(ctx, tx, "workstation", "import.interrupted", id, map[string]any{
			"new": newFiles, "undone_archive_files": undo, "message": msg})
		return err
	})
}

// Import run states.
const (
	StatusRunning     = "running"
	StatusComplete    = "complete"
	StatusInterrupted = "interrupted"
	StatusFailed      = "failed"
)

func (s *Store) ImportLockPath(importID string) string {
	return filepath.Join(s.dir, "locks", "import-"+importID+".lock")
}
