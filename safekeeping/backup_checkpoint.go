package safekeeping

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"evidock/access"
	"evidock/archive"
	"evidock/ledger"
	"evidock/ledger/checkpoint"
	"evidock/store"
)

// copyKeys copies the key folder of data folder src into dst (a backup,
// or a data folder being restored), keeping each file's mode.
func copyKeys(src, dst string) error {
	from, to := filepath.Join(src, store.KeysDir), filepath.Join(dst, store.KeysDir)
	es, err := os.ReadDir(from)
	if err != nil {
		return fmt.Errorf("store: copy keys: %w", err)
	}
	if err := os.MkdirAll(to, 0o700); err != nil {
		return fmt.Errorf("store: copy keys: %w", archive.MarkDiskFull(err))
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
			return fmt.Errorf("store: copy keys: %w", archive.MarkDiskFull(err))
		}
		if err := os.Chmod(tmp, fi.Mode().Perm()); err != nil {
			return fmt.Errorf("store: copy keys: %w", err)
		}
		if err := syncFile(tmp); err != nil {
			return fmt.Errorf("store: copy keys: %w", archive.MarkDiskFull(err))
		}
		if err := os.Rename(tmp, filepath.Join(to, e.Name())); err != nil {
			return fmt.Errorf("store: copy keys: %w", err)
		}
	}
	return archive.SyncDir(to)
}

// writeCheckpointFile writes a signed checkpoint of head into dir/name,
// through a temp file.
func writeCheckpointFile(s *store.Store, dir string, h ledger.TreeHead) error {
	msg, err := s.SignHead(h)
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, store.CheckpointFile+".new")
	if err := os.WriteFile(tmp, msg, 0o644); err != nil {
		return fmt.Errorf("store: write checkpoint: %w", archive.MarkDiskFull(err))
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("store: write checkpoint: %w", archive.MarkDiskFull(err))
	}
	if err := os.Rename(tmp, filepath.Join(dir, store.CheckpointFile)); err != nil {
		return fmt.Errorf("store: write checkpoint: %w", err)
	}
	return nil
}

// isLegacyBackup reports whether backup folder from was made before
// backups carried keys and a checkpoint: it has neither. Such a backup
// restores without the check, and the restored folder gets new keys; one
// that has only one of the two is refused by checkBackupCheckpoint.
func isLegacyBackup(from string) bool {
	_, err1 := os.Stat(filepath.Join(from, store.CheckpointFile))
	_, err2 := os.Stat(filepath.Join(from, store.KeysDir))
	return errors.Is(err1, os.ErrNotExist) && errors.Is(err2, os.ErrNotExist)
}

// checkBackupCheckpoint checks the checkpoint a backup folder carries
// against the ledger copy db of that backup (size entries), with the keys
// the backup carries: a backup whose ledger was swapped for an older or
// another one does not restore.
func checkBackupCheckpoint(ctx context.Context, from string, db *sql.DB, size int64) error {
	msg, err := os.ReadFile(filepath.Join(from, store.CheckpointFile))
	if err != nil {
		return fmt.Errorf("store: the backup's checkpoint: %w", err)
	}
	keys, err := checkpoint.Load(filepath.Join(from, store.KeysDir))
	if err != nil {
		return fmt.Errorf("store: the backup's keys: %w", err)
	}
	sc, err := keys.Open(msg)
	if err != nil {
		return fmt.Errorf("store: the backup's checkpoint: %w", err)
	}
	if err := checkpoint.Check(sc.Checkpoint, size, ledger.HashReader(ctx, db)); err != nil {
		return fmt.Errorf("store: the backup's ledger against its checkpoint: %w", err)
	}
	return nil
}

// backupCheckpoint puts the workstation's keys into backup folder dir and
// a signed checkpoint of the backup's ledger (m's head) beside it.
func backupCheckpoint(ctx context.Context, s *store.Store, dir string, m Manifest) error {
	if err := copyKeys(s.Dir(), dir); err != nil {
		return err
	}
	h, err := access.TreeHeadAt(ctx, s, m.HeadSize)
	if err != nil {
		return fmt.Errorf("store: backup checkpoint: %w", err)
	}
	if hexRoot := fmt.Sprintf("%x", h.Root[:]); hexRoot != m.HeadRoot {
		return fmt.Errorf("store: backup checkpoint: the copy's root %s is not the one recorded (%s)", m.HeadRoot, hexRoot)
	}
	return writeCheckpointFile(s, dir, h)
}
