package safekeeping

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"evidock/archive"
	"evidock/digest"
	"evidock/pagecache"
	"evidock/retention"
	"evidock/store"
)

// ManifestName is the file that marks a folder as an evidock backup.
const ManifestName = "evidock-backup.json"

// Manifest describes a backup folder: the ledger it holds and when.
type Manifest struct {
	Time     time.Time `json:"time"`
	HeadSize int64     `json:"head_size"`
	HeadRoot string    `json:"head_root"` // hex
	Files    int64     `json:"files"`
	Bytes    int64     `json:"bytes"`
}

// BackupOptions tune Backup.
type BackupOptions struct {
	// Verify re-hashes the backup's files that are already there, not only
	// the new ones.
	Verify bool
	// Progress, when not nil, is called after every file.
	Progress func(done, total int64)
}

// ErrBackupCancelled marks a backup whose context was cancelled. It stopped
// between files or within one (a file is only renamed into the copy once
// complete and verified), and the copy's ledger and manifest are still those
// of the last complete backup (or, the first time, there are none, so the
// folder is not taken for a backup); the next backup completes it. Its
// ledger entry says ok false and cancelled. An error wrapping it also wraps
// the context's error.
var ErrBackupCancelled = errors.New("the backup was cancelled")

// BackupReport says what a backup did.
type BackupReport struct {
	Dir      string          `json:"dir"`
	HeadSize int64           `json:"head_size"` // ledger entries in the copy
	Files    int64           `json:"files"`     // recordings in the copy
	Copied   int64           `json:"copied"`    // new files copied and verified
	Bytes    int64           `json:"bytes"`     // bytes copied
	Removed  int64           `json:"removed"`   // purged recordings' files removed from the copy
	Problems []store.Problem `json:"problems"`
	OK       bool            `json:"ok"`
}

// Backup makes or brings up to date a second copy of the data folder in dir
// (a folder on another disk or a share). The ledger is copied with SQLite's
// VACUUM INTO, a consistent snapshot taken while the program runs; the
// QueryRecordings of that snapshot are copied into dir's archive when not there
// yet, each re-read and compared to both its hashes; files of purged
// QueryRecordings leave the copy too. The snapshot replaces the copy's ledger
// only after all its files are in place, so the copy is consistent at every
// moment. The backup is a ledger entry (after the snapshot: the next copy
// holds it). Recordings whose file is missing or damaged are problems:
// the copy keeps its older ledger then.
func Backup(ctx context.Context, sess *store.Session, dir string, opts BackupOptions) (BackupReport, error) {
	if err := sess.Check(ctx, store.ActBackup, dir); err != nil {
		return BackupReport{}, err
	}
	st := sess.Store()
	rep, err := backup(ctx, st, dir, opts)
	cancelled := err != nil && ctx.Err() != nil
	if cancelled {
		err = fmt.Errorf("store: backup to %s: %w: %w", rep.Dir, ErrBackupCancelled, err)
	}
	rep.OK = err == nil && len(rep.Problems) == 0
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	logged := rep.Problems
	if len(logged) > 100 {
		logged = logged[:100]
	}
	ctx = context.WithoutCancel(ctx) // the outcome is recorded, also when cancelled
	lerr := st.Tx(ctx, func(tx *sql.Tx) error {
		now := store.UnixMS(st.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO backups(dir, started_at, ended_at, ok, copied, bytes, head_size, message) VALUES (?,?,?,?,?,?,?,?)`,
			rep.Dir, now, now, rep.OK, rep.Copied, rep.Bytes, rep.HeadSize, msg); err != nil {
			return err
		}
		_, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "backup", rep.Dir, map[string]any{
			"ok": rep.OK, "head_size": rep.HeadSize, "files": rep.Files, "copied": rep.Copied, "bytes": rep.Bytes,
			"removed": rep.Removed, "problems": logged, "error": msg, "cancelled": cancelled})
		return err
	})
	if err != nil {
		return rep, errors.Join(err, lerr)
	}
	if lerr != nil {
		return rep, fmt.Errorf("store: record backup: %w", lerr)
	}
	return rep, nil
}

func backup(ctx context.Context, s *store.Store, dir string, opts BackupOptions) (BackupReport, error) {
	rep := BackupReport{Problems: []store.Problem{}}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return rep, fmt.Errorf("store: backup: %w", err)
	}
	rep.Dir = dir
	data, err := filepath.Abs(s.Dir())
	if err != nil {
		return rep, fmt.Errorf("store: backup: %w", err)
	}
	if within(dir, data) || within(data, dir) {
		return rep, fmt.Errorf("store: backup: %s and the data folder %s overlap", dir, data)
	}
	if err := retention.FinishPurges(ctx, s); err != nil {
		return rep, err
	}
	tmpDir := filepath.Join(dir, "archive", "tmp")
	os.RemoveAll(tmpDir) // a crashed backup's leftovers
	for _, d := range []string{filepath.Join(dir, "archive", "sha256"), tmpDir} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return rep, fmt.Errorf("store: backup: %w", archive.MarkDiskFull(err))
		}
	}
	snap := filepath.Join(dir, store.DBName+".new")
	os.Remove(snap)
	if _, err := s.DB().ExecContext(ctx, `VACUUM INTO ?`, snap); err != nil {
		return rep, fmt.Errorf("store: backup: copy the ledger: %w", archive.MarkDiskFull(err))
	}
	defer os.Remove(snap) // gone after the rename; removes it otherwise
	if err := syncFile(snap); err != nil {
		return rep, fmt.Errorf("store: backup: %w", archive.MarkDiskFull(err))
	}
	db, err := openSnapshot(ctx, snap)
	if err != nil {
		return rep, err
	}
	defer db.Close()
	m, err := snapshotHead(ctx, db)
	if err != nil {
		return rep, err
	}
	rep.HeadSize = m.HeadSize
	files, err := snapshotFiles(ctx, db)
	if err != nil {
		return rep, err
	}
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		p, n, copied := backupFile(ctx, s, f, dir, opts.Verify)
		if err := ctx.Err(); err != nil {
			return rep, err // the file's temp copy is gone; no problem to report
		}
		if p != nil {
			rep.Problems = append(rep.Problems, *p)
		}
		if copied {
			rep.Copied++
			rep.Bytes += n
		}
		m.Files++
		m.Bytes += f.size
		if opts.Progress != nil {
			opts.Progress(int64(i+1), int64(len(files)))
		}
	}
	rep.Files = m.Files
	if err := ctx.Err(); err != nil {
		return rep, err // the last safe point before the copy's ledger is replaced
	}
	purged, err := snapshotPurged(ctx, db)
	if err != nil {
		return rep, err
	}
	db.Close()
	if len(rep.Problems) > 0 {
		return rep, nil // the copy keeps its previous, complete ledger
	}
	// From here on the backup completes: the copy's ledger is replaced,
	// and the manifest must follow it whether or not ctx is cancelled.
	ctx = context.WithoutCancel(ctx)
	if err := os.Rename(snap, filepath.Join(dir, store.DBName)); err != nil {
		return rep, fmt.Errorf("store: backup: %w", err)
	}
	for _, sha := range purged { // only now that the copy's ledger says so
		removed, err := removeCopy(filepath.Join(dir, filepath.FromSlash(archive.RelPath(sha))))
		if err != nil {
			return rep, fmt.Errorf("store: backup: remove purged %s: %w", sha, err)
		}
		if removed {
			rep.Removed++
		}
	}
	m.Time = s.Now().UTC()
	if err := backupCheckpoint(ctx, s, dir, m); err != nil {
		return rep, err
	}
	if err := WriteManifest(dir, m); err != nil {
		return rep, err
	}
	return rep, archive.SyncDir(dir)
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

type archivedFile struct {
	id, sha, sm, rel string
	size             int64
}

// Check re-reads the copy of f at path; it returns the problem, if any.
func (f archivedFile) check(path string) *store.Problem {
	if what, _ := archive.CheckFile(path, f.sha, f.sm, f.size, nil); what != "" {
		return &store.Problem{Kind: "file", Ref: filepath.ToSlash(path), What: what + " (recording " + f.id + ")"}
	}
	return nil
}

// backupFile brings recording f's copy in dir up to date. It returns the
// problem, if any, the bytes copied and whether it copied.
func backupFile(ctx context.Context, s *store.Store, f archivedFile, dir string, verify bool) (*store.Problem, int64, bool) {
	dst := filepath.Join(dir, filepath.FromSlash(f.rel))
	if fi, err := os.Stat(dst); err == nil && fi.Size() == f.size {
		if what, _ := archive.CheckFile(dst, f.sha, f.sm, f.size, nil); !verify || what == "" {
			return nil, 0, false
		}
	}
	src := filepath.Join(s.Dir(), filepath.FromSlash(f.rel))
	if p := f.check(src); p != nil {
		return p, 0, false // never copy a damaged or missing original
	}
	if err := copyVerified(ctx, src, dst, f); err != nil {
		return &store.Problem{Kind: "backup", Ref: filepath.ToSlash(dst), What: fmt.Sprintf("copy failed: %v (recording %s)", err, f.id)}, 0, false
	}
	return nil, f.size, true
}

// copyVerified copies src to dst through a temp file in dst's archive,
// re-reads the copy from disk and compares both hashes to f's before it
// renames it into place, read-only. A cancel of ctx stops the copy and
// removes the temp file.
func copyVerified(ctx context.Context, src, dst string, f archivedFile) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	root := filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(dst)))) // <archive>/sha256/ab/cd/<hex>
	tmp, err := os.CreateTemp(filepath.Join(root, "tmp"), "copy.*")
	if err != nil {
		return archive.MarkDiskFull(err)
	}
	defer os.Remove(tmp.Name())
	if _, _, err := digest.Copy(tmp, ctxReader{ctx, in}); err != nil {
		tmp.Close()
		return archive.MarkDiskFull(err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return archive.MarkDiskFull(err)
	}
	pagecache.Forget(tmp, 0, 0)
	tmp.Close()
	if p := f.check(tmp.Name()); p != nil {
		return fmt.Errorf("%s: %w", p.What, archive.ErrCopyMismatch)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return archive.MarkDiskFull(err)
	}
	if _, err := os.Stat(dst); err == nil { // a damaged or short earlier copy
		os.Chmod(dst, 0o644)
	}
	if err := os.Chmod(tmp.Name(), 0o444); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return archive.MarkDiskFull(err)
	}
	return archive.SyncDir(filepath.Dir(dst))
}

// ctxReader reads r until ctx is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func removeCopy(path string) (bool, error) {
	os.Chmod(path, 0o644)
	err := os.Remove(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// openSnapshot opens a copied ledger read-only and checks it is sound.
func openSnapshot(ctx context.Context, path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro&_pragma=busy_timeout(30000)")
	if err != nil {
		return nil, fmt.Errorf("store: open ledger copy: %w", err)
	}
	var ok string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&ok); err != nil || ok != "ok" {
		db.Close()
		return nil, fmt.Errorf("store: ledger copy %s is damaged: %s %v", path, ok, err)
	}
	return db, nil
}

func snapshotHead(ctx context.Context, db *sql.DB) (Manifest, error) {
	var m Manifest
	var root []byte
	err := db.QueryRowContext(ctx, `SELECT size, root FROM tree_heads ORDER BY size DESC LIMIT 1`).Scan(&m.HeadSize, &root)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("store: ledger copy: %w", err)
	}
	m.HeadRoot = hex.EncodeToString(root)
	return m, nil
}

// snapshotFiles lists the archive files a ledger copy accounts for: its
// QueryRecordings that are not purged.
func snapshotFiles(ctx context.Context, db *sql.DB) ([]archivedFile, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, sha256, sm3, archive_path, size FROM recordings
		WHERE id NOT IN (SELECT recording_id FROM tombstones) ORDER BY sha256`)
	if err != nil {
		return nil, fmt.Errorf("store: ledger copy: %w", err)
	}
	defer rows.Close()
	var out []archivedFile
	for rows.Next() {
		var f archivedFile
		if err := rows.Scan(&f.id, &f.sha, &f.sm, &f.rel, &f.size); err != nil {
			return nil, fmt.Errorf("store: ledger copy: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

func snapshotPurged(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT sha256 FROM tombstones`)
	if err != nil {
		return nil, fmt.Errorf("store: ledger copy: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			return nil, err
		}
		out = append(out, sha)
	}
	return out, rows.Err()
}

func WriteManifest(dir string, m Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, ManifestName+".new")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o640); err != nil {
		return fmt.Errorf("store: backup manifest: %w", archive.MarkDiskFull(err))
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("store: backup manifest: %w", archive.MarkDiskFull(err))
	}
	if err := os.Rename(tmp, filepath.Join(dir, ManifestName)); err != nil {
		return fmt.Errorf("store: backup manifest: %w", err)
	}
	return nil
}

// ReadManifest reads the manifest of backup folder dir.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return m, fmt.Errorf("store: %s is not an evidock backup: %w", dir, err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("store: backup manifest in %s: %w", dir, err)
	}
	return m, nil
}
