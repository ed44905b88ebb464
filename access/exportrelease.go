package access

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"evidock/store"
)

// ReleaseExport ends a completed evidence export's hold on its recordings
// (Art. 14: evidence is kept as long as its case file), as the custodian,
// with the reason (the case file was closed, the disc returned…). From then
// on the recordings keep only their own retention and their cases' holds.
// Releasing what is not a completed export, or one already released, is
// refused with ErrInvalid or ErrUnchanged.
func ReleaseExport(ctx context.Context, sess *store.Session, id int64, reason string) error {
	subject := ExportSubject(id)
	if err := sess.Check(ctx, store.ActExportRelease, subject); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fmt.Errorf("store: release export %d: a reason is required: %w", id, store.ErrInvalid)
	}
	err := sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		e, err := loadExport(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case e.Status != ExportComplete:
			return fmt.Errorf("export %d is %s, not complete: it holds nothing: %w", id, e.Status, store.ErrInvalid)
		case !e.ReleasedAt.IsZero():
			return fmt.Errorf("export %d was released on %s: %w", id, e.ReleasedAt.Local().Format("2006-01-02"), store.ErrUnchanged)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE exports SET released_at = ?, released_by = ?, release_reason = ? WHERE id = ?`,
			store.UnixMS(sess.Store().Now()), sess.Actor().LedgerName(), reason, id); err != nil {
			return err
		}
		_, err = sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), "export.release", subject,
			map[string]any{"reason": reason, "recordings": e.Recordings})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: release export %d: %w", id, err)
	}
	return nil
}
