package safekeeping

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"evidock/store"
)

// DefaultBackupInterval is how often the scheduled backup runs unless set.
const DefaultBackupInterval = 24 * time.Hour

// CurrentBackupTarget is where and how often the scheduled backup goes.
type BackupTarget struct {
	Dir   string        `json:"dir"`
	Every time.Duration `json:"every"`
	// Last is the last backup to Dir that succeeded; zero when none.
	Last time.Time `json:"last,omitzero"`
	// Next is when the scheduled backup is due.
	Next time.Time `json:"next"`
}

// SetBackupTarget sets the folder (an external disk or a share) the
// scheduled backup copies to, and how often; every 0 is
// DefaultBackupInterval.
func SetBackupTarget(ctx context.Context, sess *store.Session, dir string, every time.Duration) error {
	if err := sess.Check(ctx, store.ActBackupConfigure, dir); err != nil {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil || dir == "" {
		return fmt.Errorf("store: backup target %q: not a folder", dir)
	}
	if every <= 0 {
		every = DefaultBackupInterval
	}
	err = sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO backup_target(id, dir, every_ms) VALUES (1, ?, ?)
			ON CONFLICT(id) DO UPDATE SET dir = excluded.dir, every_ms = excluded.every_ms`, abs, every.Milliseconds()); err != nil {
			return err
		}
		_, err := sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), "backup.configure", abs,
			map[string]any{"every_hours": every.Hours()})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set backup target: %w", err)
	}
	return nil
}

// ErrNoBackupTarget means no backup folder is set.
var ErrNoBackupTarget = errors.New("no backup folder is set")

// CurrentBackupTarget returns the scheduled backup's folder, its interval and
// when it is next due.
func CurrentBackupTarget(ctx context.Context, s *store.Store) (BackupTarget, error) {
	var t BackupTarget
	var every, last int64
	err := s.DB().QueryRowContext(ctx, `SELECT dir, every_ms,
		coalesce((SELECT max(started_at) FROM backups WHERE ok = 1 AND backups.dir = backup_target.dir), 0)
		FROM backup_target WHERE id = 1`).Scan(&t.Dir, &every, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNoBackupTarget
	}
	if err != nil {
		return t, fmt.Errorf("store: backup target: %w", err)
	}
	t.Every, t.Last = time.Duration(every)*time.Millisecond, store.FromMS(last)
	t.Next = s.Now()
	if !t.Last.IsZero() {
		t.Next = t.Last.Add(t.Every)
	}
	return t, nil
}

// ScheduledBackup backs up to the configured folder when it is due; the
// GUI and the docking watch call it periodically. ran is false when no
// folder is set or the backup is not due.
func ScheduledBackup(ctx context.Context, sess *store.Session, opts BackupOptions) (ran bool, rep BackupReport, err error) {
	t, err := CurrentBackupTarget(ctx, sess.Store())
	if errors.Is(err, ErrNoBackupTarget) {
		return false, rep, nil
	}
	if err != nil || sess.Store().Now().Before(t.Next) {
		return false, rep, err
	}
	rep, err = Backup(ctx, sess, t.Dir, opts)
	return true, rep, err
}
