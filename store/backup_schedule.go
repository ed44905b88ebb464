package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"time"
)

// DefaultBackupInterval is how often the scheduled backup runs unless set.
const DefaultBackupInterval = 24 * time.Hour

// BackupTarget is where and how often the scheduled backup goes.
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
func (sess *Session) SetBackupTarget(ctx context.Context, dir string, every time.Duration) error {
	if err := sess.check(ctx, ActBackupConfigure, dir); err != nil {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil || dir == "" {
		return fmt.Errorf("store: backup target %q: not a folder", dir)
	}
	if every <= 0 {
		every = DefaultBackupInterval
	}
	err = sess.st.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO backup_target(id, dir, every_ms) VALUES (1, ?, ?)
			ON CONFLICT(id) DO UPDATE SET dir = excluded.dir, every_ms = excluded.every_ms`, abs, every.Milliseconds()); err != nil {
			return err
		}
		_, err := sess.st.appendEntry(ctx, tx, sess.actor.ledgerName(), "backup.configure", abs,
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

// BackupTarget returns the scheduled backup's folder, its interval and
// when it is next due.
func (s *Store) BackupTarget(ctx context.Context) (BackupTarget, error) {
	var t BackupTarget
	var every, last int64
	err := s.read.QueryRowContext(ctx, `SELECT dir, every_ms,
		coalesce((SELECT max(started_at) FROM backups WHERE ok = 1 AND backups.dir = backup_target.dir), 0)
		FROM backup_target WHERE id = 1`).Scan(&t.Dir, &every, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNoBackupTarget
	}
	if err != nil {
		return t, fmt.Errorf("store: backup target: %w", err)
	}
	t.Every, t.Last = time.Duration(every)*time.Millisecond, fromMS(last)
	t.Next = s.Now()
	if !t.Last.IsZero() {
		t.Next = t.Last.Add(t.Every)
	}
	return t, nil
}

// ScheduledBackup backs up to the configured folder when it is due; the
// GUI and the docking watch call it periodically. ran is false when no
// folder is set or the backup is not due.
func (sess *Session) ScheduledBackup(ctx context.Context, opts BackupOptions) (ran bool, rep BackupReport, err error) {
	t, err := sess.st.BackupTarget(ctx)
	if errors.Is(err, ErrNoBackupTarget) {
		return false, rep, nil
	}
	if err != nil || sess.st.Now().Before(t.Next) {
		return false, rep, err
	}
	rep, err = sess.Backup(ctx, t.Dir, opts)
	return true, rep, err
}
