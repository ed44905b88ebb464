package access

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"evidock/internal/filelock"
	"evidock/ledger"
	"evidock/store"

	"golang.org/x/mod/sumdb/tlog"
)

// Evidence returns the ledger's current tree head and inclusion proofs, in
// that tree, of what the discs of this attempt carry: the recording.import
// entry of every recording, the request's approval, and this attempt's
// export.begin entry.
func (run *ExportRun) Evidence(ctx context.Context) (ledger.TreeHead, []ledger.Proof, error) {
	st := run.sess.Store()
	head, err := st.Head(ctx)
	if err != nil {
		return ledger.TreeHead{}, nil, err
	}
	var seqs []int64
	for _, r := range run.Recordings {
		if !slices.Contains(seqs, r.LedgerSeq) {
			seqs = append(seqs, r.LedgerSeq)
		}
	}
	approvals, err := st.QueryLedger(ctx, ledger.Filter{ActionPrefix: "request.approve", Subject: run.Request.Subject(), Newest: true, Limit: 1})
	if err != nil {
		return ledger.TreeHead{}, nil, err
	}
	for _, a := range approvals {
		seqs = append(seqs, a.Seq)
	}
	seqs = append(seqs, run.Export.BeginSeq)
	proofs, err := st.Prove(ctx, head.Size, seqs)
	if err != nil {
		return ledger.TreeHead{}, nil, fmt.Errorf("store: export %d evidence: %w", run.Export.ID, err)
	}
	return head, proofs, nil
}

// ExportDisc is one disc of a finished export.
type ExportDisc struct {
	Disc              int    `json:"disc"`
	Of                int    `json:"of"`
	VolumeID          string `json:"volume_id"`
	Image             string `json:"image"` // the ISO file
	SHA256            string `json:"sha256"`
	SM3               string `json:"sm3"`
	Size              int64  `json:"size"`
	TagManifestSHA256 string `json:"tagmanifest_sha256"`
	Burned            string `json:"burned,omitempty"` // the device it was burned and read back on
}

// ExportFile is one recording on a disc.
type ExportFile struct {
	Disc      int    `json:"disc"`
	Name      string `json:"name"`
	Recording string `json:"recording"`
	SHA256    string `json:"sha256"`
	SM3       string `json:"sm3"`
	Size      int64  `json:"size"`
}

// ExportOutcome is what a successful attempt made.
type ExportOutcome struct {
	Discs []ExportDisc `json:"discs"`
	Files []ExportFile `json:"files"`
}

var errEnded = errors.New("the export attempt has already ended")

// Complete ends the attempt as complete with its export.complete entry:
// every disc image's SHA-256 and SM3, every file's hashes, the disc count
// and the burner.
func (run *ExportRun) Complete(ctx context.Context, out ExportOutcome) error {
	if len(out.Discs) == 0 {
		return fmt.Errorf("store: complete export %d: no discs: %w", run.Export.ID, store.ErrInvalid)
	}
	details := map[string]any{"export": run.Export.ID, "attempt": run.Export.Attempts, "begin_seq": run.Export.BeginSeq,
		"discs": out.Discs, "disc_count": len(out.Discs), "files": out.Files, "device": run.Export.Device}
	return run.end(ctx, ExportComplete, "", len(out.Discs), "export.complete", details)
}

// Fail ends the attempt as failed, with reason in the row and in an
// export.failed entry. It records the failure even when ctx was cancelled.
func (run *ExportRun) Fail(ctx context.Context, reason string) error {
	details := map[string]any{"export": run.Export.ID, "attempt": run.Export.Attempts,
		"begin_seq": run.Export.BeginSeq, "reason": reason}
	return run.end(context.WithoutCancel(ctx), ExportFailed, reason, 0, "export.failed", details)
}

// Cancel ends the attempt as failed because it was cancelled (the user's
// 取消), with reason in the row and an export.failed entry whose details
// say "cancelled": true. Like Fail it records even when ctx was cancelled,
// and the export holds nothing; it can be retried.
func (run *ExportRun) Cancel(ctx context.Context, reason string) error {
	details := map[string]any{"export": run.Export.ID, "attempt": run.Export.Attempts,
		"begin_seq": run.Export.BeginSeq, "reason": reason, "cancelled": true}
	return run.end(context.WithoutCancel(ctx), ExportFailed, reason, 0, "export.failed", details)
}

func (run *ExportRun) end(ctx context.Context, status ExportStatus, msg string, discs int, action string, details any) error {
	if run.ended {
		return fmt.Errorf("store: end export %d: %w", run.Export.ID, errEnded)
	}
	st := run.sess.Store()
	now := st.Now()
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		seq, err := st.AppendEntry(ctx, tx, run.sess.Actor().LedgerName(), action, ExportSubject(run.Export.ID), details)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE exports SET status = ?, message = ?, discs = ?, ended_at = ?, end_seq = ? WHERE id = ?`,
			string(status), msg, discs, store.UnixMS(now), seq, run.Export.ID)
		run.Export.EndSeq = seq
		return err
	})
	if err != nil {
		return fmt.Errorf("store: end export %d: %w", run.Export.ID, err)
	}
	run.ended = true
	run.Export.Status, run.Export.Message, run.Export.Discs, run.Export.EndedAt = status, msg, discs, now.UTC()
	if run.lock != nil {
		run.lock.Release()
		os.Remove(exportLockPath(st, run.Export.ID))
		run.lock = nil
	}
	return nil
}

// closeDeadExports fails running exports whose process died (nobody holds
// their lock), so that they can be retried.
func closeDeadExports(ctx context.Context, s *store.Store) error {
	ids, err := store.QueryIDs(ctx, s.DB(), `SELECT id FROM exports WHERE status = ?`, string(ExportRunning))
	if err != nil {
		return fmt.Errorf("store: find running exports: %w", err)
	}
	for _, id := range ids {
		lock, err := filelock.Take(exportLockPath(s, id), false)
		if errors.Is(err, filelock.ErrHeld) {
			continue // alive in this or another process
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		const msg = "the program stopped before the export finished; retry it"
		err = s.Tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE exports SET status = ?, message = ?, ended_at = ? WHERE id = ? AND status = ?`,
				string(ExportFailed), msg, store.UnixMS(s.Now()), id, string(ExportRunning))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil
			}
			seq, err := s.AppendEntry(ctx, tx, "workstation", "export.failed", ExportSubject(id), map[string]any{"export": id, "reason": msg})
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE exports SET end_seq = ? WHERE id = ?`, seq, id)
			return err
		})
		if lock != nil {
			lock.Release()
			os.Remove(exportLockPath(s, id))
		}
		if err != nil {
			return fmt.Errorf("store: close dead export %d: %w", id, err)
		}
	}
	return nil
}

// ExportFilter selects exports. Zero fields match everything.
type ExportFilter struct {
	ID        int64        `json:"id,omitempty"`
	RequestID int64        `json:"request,omitempty"`
	Status    ExportStatus `json:"status,omitempty"`
	Limit     int          `json:"limit,omitempty"`
}

// Exports lists exports, newest first; exports whose process died are
// failed first. The lookup is a ledger entry.
func Exports(ctx context.Context, sess *store.Session, f ExportFilter) ([]Export, error) {
	if err := sess.Check(ctx, store.ActExportRead, ""); err != nil {
		return nil, err
	}
	if err := closeDeadExports(ctx, sess.Store()); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	if f.ID != 0 {
		where, args = append(where, `id = ?`), append(args, f.ID)
	}
	if f.RequestID != 0 {
		where, args = append(where, `request_id = ?`), append(args, f.RequestID)
	}
	if f.Status != "" {
		where, args = append(where, `status = ?`), append(args, string(f.Status))
	}
	// The one visibility rule: an export carrying a recording the actor
	// may not see is not listed, only counted.
	hidden := 0
	if vis, visArgs := sess.Visibility(); vis != "" {
		notSeen := `EXISTS (SELECT 1 FROM export_recordings er JOIN recordings r ON r.id = er.recording_id
			WHERE er.export_id = exports.id AND NOT ` + vis + `)`
		q := `SELECT COUNT(*) FROM exports WHERE ` + strings.Join(append(slices.Clone(where), notSeen), ` AND `)
		if err := sess.Store().DB().QueryRowContext(ctx, q, append(slices.Clone(args), visArgs...)...).Scan(&hidden); err != nil {
			return nil, fmt.Errorf("store: list exports: %w", err)
		}
		where, args = append(where, `NOT `+notSeen), append(args, visArgs...)
	}
	q := `SELECT id FROM exports`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	out, err := store.LoadAll(ctx, sess.Store().DB(), loadExport, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list exports: %w", err)
	}
	if _, err := sess.Log(ctx, "export.list", "", map[string]any{"filter": f, "results": len(out), "hidden": hidden}); err != nil {
		return nil, fmt.Errorf("store: record export lookup: %w", err)
	}
	return out, nil
}

// export reads one export with its recordings.
func loadExport(ctx context.Context, q store.Queryer, id int64) (Export, error) {
	var e Export
	var created, ended, released int64
	var desc string
	err := q.QueryRowContext(ctx, `SELECT id, request_id, status, out_dir, medium, capacity, device, discs, created_at, created_by,
		ended_at, message, attempts, begin_seq, end_seq, description, released_at, released_by, release_reason
		FROM exports WHERE id = ?`, id).Scan(&e.ID, &e.RequestID, &e.Status, &e.OutDir, &e.Medium, &e.Capacity, &e.Device, &e.Discs,
		&created, &e.CreatedBy, &ended, &e.Message, &e.Attempts, &e.BeginSeq, &e.EndSeq, &desc, &released, &e.ReleasedBy, &e.ReleaseReason)
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("store: export %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return e, fmt.Errorf("store: export %d: %w", id, err)
	}
	e.CreatedAt, e.EndedAt, e.ReleasedAt = store.FromMS(created), store.FromMS(ended), store.FromMS(released)
	if err := json.Unmarshal([]byte(desc), &e.Description); err != nil {
		return e, fmt.Errorf("store: export %d: description: %w", id, err)
	}
	rows, err := q.QueryContext(ctx, `SELECT recording_id FROM export_recordings WHERE export_id = ? ORDER BY position`, id)
	if err != nil {
		return e, fmt.Errorf("store: export %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var rec string
		if err := rows.Scan(&rec); err != nil {
			return e, fmt.Errorf("store: export %d: %w", id, err)
		}
		e.Recordings = append(e.Recordings, rec)
	}
	return e, rows.Err()
}

// TreeHeadAt returns the tree head the ledger recorded when it had size
// entries, or ErrNotFound. A disc's tree head is genuine when its root is
// the one recorded here.
func TreeHeadAt(ctx context.Context, s *store.Store, size int64) (ledger.TreeHead, error) {
	h := ledger.TreeHead{Size: size}
	var root []byte
	var t string
	err := s.DB().QueryRowContext(ctx, `SELECT root, time FROM tree_heads WHERE size = ?`, size).Scan(&root, &t)
	if errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("store: tree head of size %d: %w", size, store.ErrNotFound)
	}
	if err != nil {
		return h, fmt.Errorf("store: tree head of size %d: %w", size, err)
	}
	if len(root) != tlog.HashSize {
		return h, fmt.Errorf("store: tree head of size %d: root is %d bytes", size, len(root))
	}
	copy(h.Root[:], root)
	h.Time, _ = time.Parse(ledger.TimeFormat, t)
	return h, nil
}

// Checkpoint signs the tree head the attempt's discs carry (see Evidence)
// and returns the signed note with the verifier keys that check it, the
// Ed25519 one first (a disc's own check script verifies that one; the SM2
// one is for 国密 verifiers).
func (run *ExportRun) Checkpoint(ctx context.Context, h ledger.TreeHead) (signed []byte, verifiers string, err error) {
	k := run.sess.Store().Keys()
	signed, err = run.sess.Store().SignHead(h)
	if err != nil {
		return nil, "", fmt.Errorf("store: sign the disc's checkpoint: %w", err)
	}
	return signed, k.Ed25519Verifier + "\n" + k.SM2Verifier, nil
}

// Abandon lets go of the attempt without ending it, as a process that dies
// does: the next look at the exports finds it failed. Tests stand in for a
// crash with it.
func (run *ExportRun) Abandon() {
	if run.lock != nil {
		run.lock.Release()
		run.lock = nil
	}
}
