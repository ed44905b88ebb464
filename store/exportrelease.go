package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// ReleaseExport ends a completed evidence export's hold on its recordings
// (Art. 14: evidence is kept as long as its case file), as the custodian,
// with the reason (the case file was closed, the disc returned…). From then
// on the recordings keep only their own retention and their cases' holds.
// Releasing what is not a completed export, or one already released, is
// refused with ErrInvalid or ErrUnchanged.
func (sess *Session) ReleaseExport(ctx context.Context, id int64, reason string) error {
	subject := ExportSubject(id)
	if err := sess.check(ctx, ActExportRelease, subject); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fmt.Errorf("store: release export %d: a reason is required: %w", id, ErrInvalid)
	}
	err := sess.st.tx(ctx, func(tx *sql.Tx) error {
		e, err := loadExport(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case e.Status != ExportComplete:
			return fmt.Errorf("export %d is %s, not complete: it holds nothing: %w", id, e.Status, ErrInvalid)
		case !e.ReleasedAt.IsZero():
			return fmt.Errorf("export %d was released on %s: %w", id, e.ReleasedAt.Local().Format("2006-01-02"), ErrUnchanged)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE exports SET released_at = ?, released_by = ?, release_reason = ? WHERE id = ?`,
			unixMS(sess.st.Now()), sess.actor.ledgerName(), reason, id); err != nil {
			return err
		}
		_, err = sess.st.appendEntry(ctx, tx, sess.actor.ledgerName(), "export.release", subject,
			map[string]any{"reason": reason, "recordings": e.Recordings})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: release export %d: %w", id, err)
	}
	return nil
}
