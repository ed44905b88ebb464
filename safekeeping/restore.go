package safekeeping

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"evidock/archive"
	"evidock/store"
)

// RestoreReport says what Restore did.
type RestoreReport struct {
	From     string   `json:"from"`
	Dir      string   `json:"dir"`
	Manifest Manifest `json:"manifest"`
	Files    int64    `json:"files"`
	Bytes    int64    `json:"bytes"`
}

// ErrNotEmpty means a restore was asked into a data folder that is not empty.
var ErrNotEmpty = errors.New("the data folder is not empty")

// Restore brings a workstation back from backup folder from into dataDir,
// which must be empty or not exist: the backup's ledger, then every
// recording it accounts for (not purged), each copied through a temp file
// and compared to both its hashes. The restored folder opens with the
// backup's ledger unchanged plus one "restore" entry by the workstation.
// When Restore fails, dataDir is left as it is for inspection: empty it
// before trying again.
func Restore(ctx context.Context, from, dataDir string) (RestoreReport, error) {
	rep := RestoreReport{From: from, Dir: dataDir}
	m, err := ReadManifest(from)
	if err != nil {
		return rep, err
	}
	rep.Manifest = m
	if entries, err := os.ReadDir(dataDir); err == nil && len(entries) > 0 {
		return rep, fmt.Errorf("store: restore into %s: %w", dataDir, ErrNotEmpty)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return rep, fmt.Errorf("store: restore: %w", err)
	}
	archiveDir := filepath.Join(dataDir, "archive")
	for _, d := range []string{filepath.Join(archiveDir, "sha256"), filepath.Join(archiveDir, "tmp")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return rep, fmt.Errorf("store: restore: %w", archive.MarkDiskFull(err))
		}
	}
	db := filepath.Join(dataDir, store.DBName)
	if err := copyFile(filepath.Join(from, store.DBName), db+".new"); err != nil {
		return rep, fmt.Errorf("store: restore the ledger: %w", err)
	}
	snap, err := openSnapshot(ctx, db+".new")
	if err != nil {
		return rep, err
	}
	head, err := snapshotHead(ctx, snap)
	if err == nil && (head.HeadSize != m.HeadSize || head.HeadRoot != m.HeadRoot) {
		err = fmt.Errorf("store: restore: the backup's ledger (%d entries) does not match its manifest (%d)", head.HeadSize, m.HeadSize)
	}
	legacy := isLegacyBackup(from)
	if err == nil && !legacy {
		err = checkBackupCheckpoint(ctx, from, snap, head.HeadSize)
	}
	var files []archivedFile
	if err == nil {
		files, err = snapshotFiles(ctx, snap)
	}
	snap.Close()
	if err != nil {
		return rep, err
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		src := filepath.Join(from, filepath.FromSlash(f.rel))
		if p := f.check(src); p != nil {
			return rep, fmt.Errorf("store: restore: the backup's %s", p)
		}
		if err := copyVerified(ctx, src, filepath.Join(dataDir, filepath.FromSlash(f.rel)), f); err != nil {
			return rep, fmt.Errorf("store: restore recording %s: %w", f.id, err)
		}
		rep.Files++
		rep.Bytes += f.size
	}
	if !legacy {
		if err := copyKeys(from, dataDir); err != nil {
			return rep, err
		}
	}
	err = finishRestore(ctx, dataDir, from, map[string]any{
		"backup_time": m.Time.Format(time.RFC3339), "head_size": m.HeadSize, "head_root": m.HeadRoot,
		"files": rep.Files, "bytes": rep.Bytes, "checkpoint_checked": !legacy})
	return rep, err
}

// finishRestore puts the restored ledger (ledger.db.new) in place, last, so
// that a folder with a ledger has all its files, and records the restore in
// it with details.
func finishRestore(ctx context.Context, dataDir, from string, details map[string]any) error {
	db := filepath.Join(dataDir, store.DBName)
	if err := os.Rename(db+".new", db); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := archive.SyncDir(dataDir); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	st, err := store.Open(dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	err = st.Tx(ctx, func(tx *sql.Tx) error {
		_, err := st.AppendEntry(ctx, tx, "workstation", "restore", from, details)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record restore: %w", err)
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return archive.MarkDiskFull(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return archive.MarkDiskFull(err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return archive.MarkDiskFull(err)
	}
	return out.Close()
}
