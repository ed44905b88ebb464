package access

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"evidock/digest"
	"evidock/records"
	"evidock/store"
)

// Viewing is one row of the viewing register (查阅登记): who viewed which
// recording, why, when, under whose approval.
type Viewing struct {
	ID           int64     `json:"id"`
	Time         time.Time `json:"time"`
	RequestID    int64     `json:"request"`
	RecordingID  string    `json:"recording"`
	Viewer       string    `json:"viewer"`
	Reason       string    `json:"reason"`
	Purpose      Purpose   `json:"purpose"`
	ApprovedBy   string    `json:"approved_by"`
	RegisteredBy string    `json:"registered_by"` // the ledger name of who played or registered it
	Kind         string    `json:"kind"`          // "play" or "registered"
	LedgerSeq    int64     `json:"ledger_seq"`
}

// ViewingEntry is a viewing the custodian registers by hand, e.g. of a
// viewer without an account sitting with an approved requester.
type ViewingEntry struct {
	RequestID   int64
	RecordingID string
	Viewer      string
	Reason      string // "" is the request's reason
}

// grant finds the request that lets this viewing happen, or writes a
// Refusal. reqID 0 means the actor's newest request that is valid for recID.
// Only the requester, or a custodian, uses a request.
func grant(ctx context.Context, sess *store.Session, action store.Action, reqID int64, recID string) (Request, error) {
	if reqID == 0 {
		ids, err := store.QueryIDs(ctx, sess.Store().DB(), `SELECT q.id FROM requests q JOIN request_recordings rr ON rr.request_id = q.id
			WHERE q.requester = ? AND rr.recording_id = ? AND q.status = 'approved' ORDER BY q.id DESC`, sess.Actor().Name, recID)
		if err != nil {
			return Request{}, fmt.Errorf("store: find approval for %s: %w", recID, err)
		}
		for _, id := range ids {
			r, err := request(ctx, sess.Store(), sess.Store().DB(), id)
			if err != nil {
				return Request{}, err
			}
			if p, err := grantProblem(ctx, sess, r, []string{recID}); err != nil {
				return Request{}, err
			} else if p == "" {
				return r, nil
			}
		}
		return Request{}, sess.Refuse(ctx, action, recID, "no approved, unexpired request of the actor covers the recording")
	}
	r, err := request(ctx, sess.Store(), sess.Store().DB(), reqID)
	if errors.Is(err, store.ErrNotFound) {
		return Request{}, sess.Refuse(ctx, action, recID, fmt.Sprintf("no request %d", reqID))
	}
	if err != nil {
		return Request{}, err
	}
	if r.Requester != sess.Actor().Name && !sess.Actor().Has(store.RoleCustodian) {
		return Request{}, sess.Refuse(ctx, action, recID, fmt.Sprintf("request %d is %s's", reqID, r.Requester))
	}
	p, err := grantProblem(ctx, sess, r, []string{recID})
	if err != nil {
		return Request{}, fmt.Errorf("store: check request %d: %w", reqID, err)
	}
	if p != "" {
		return Request{}, sess.Refuse(ctx, action, recID, fmt.Sprintf("request %d: %s", reqID, p))
	}
	return r, nil
}

// Play lets the actor view a recording under an approved, unexpired request
// (reqID, or 0 for the actor's own newest valid one), once the custodian
// has registered the viewing (RegisterViewing). It returns a verified,
// read-only temporary copy named with the original's extension, for the
// system's player, and cleanup, which removes the copy. The play is a ledger
// entry and a row of the viewing register, whose viewer is the requester
// (a custodian may play a request for its requester). Copies left by a
// process that died are removed by a later Play once a day old.
func Play(ctx context.Context, sess *store.Session, recID string, reqID int64) (path string, cleanup func(), err error) {
	if err := sess.Check(ctx, store.ActRecordingPlay, recID); err != nil {
		return "", nil, err
	}
	r, err := grant(ctx, sess, store.ActRecordingPlay, reqID, recID)
	if err != nil {
		return "", nil, err
	}
	// Art. 16-17: the custodian registers viewer, reason and time before
	// anyone views.
	var registered int
	if err := sess.Store().DB().QueryRowContext(ctx, `SELECT count(*) FROM viewings WHERE request_id = ? AND recording_id = ? AND kind = 'registered'`,
		r.ID, recID).Scan(&registered); err != nil {
		return "", nil, fmt.Errorf("store: play %s: %w", recID, err)
	}
	if registered == 0 {
		return "", nil, sess.Refuse(ctx, store.ActRecordingPlay, recID, fmt.Sprintf("the custodian has not registered this viewing (查阅登记) under request %d yet", r.ID))
	}
	recs, err := records.QueryRecordings(ctx, sess.Store(), records.RecordingFilter{IDs: []string{recID}})
	if err != nil {
		return "", nil, err
	}
	if len(recs) != 1 {
		return "", nil, fmt.Errorf("store: play %s: %w", recID, store.ErrNotFound)
	}
	path, cleanup, err = playCopy(sess.Store(), recs[0])
	if err != nil {
		return "", nil, fmt.Errorf("store: play %s: %w", recID, err)
	}
	_, err = addViewing(ctx, sess.Store(), sess, "recording.play", r, recID, r.Requester, r.Reason, "play")
	if err != nil {
		cleanup()
		return "", nil, fmt.Errorf("store: play %s: %w", recID, err)
	}
	return path, cleanup, nil
}

// playCopy copies an archived recording into <data>/play/, checking both
// hashes on the way, and makes it read-only.
func playCopy(s *store.Store, rec records.Recording) (string, func(), error) {
	root := filepath.Join(s.Dir(), "play")
	if err := os.MkdirAll(root, 0o700); err != nil {
		return "", nil, err
	}
	sweepPlayCopies(root, s.Now().Add(-24*time.Hour))
	dir, err := os.MkdirTemp(root, "view-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { removeAll(dir) }
	path := filepath.Join(dir, rec.ID+safeExt(rec.OriginalName))
	src, err := os.Open(s.Archive().Path(rec.SHA256))
	if err != nil {
		cleanup()
		return "", nil, err
	}
	defer src.Close()
	dst, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		cleanup()
		return "", nil, err
	}
	sum, n, err := digest.Copy(dst, src)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil && (sum.SHA256Hex() != rec.SHA256 || sum.SM3Hex() != rec.SM3 || n != rec.Size) {
		err = errors.New("the archived file does not match its recorded hashes; run verify")
	}
	if err == nil {
		err = os.Chmod(path, 0o444)
	}
	if err != nil {
		cleanup()
		return "", nil, err
	}
	return path, cleanup, nil
}

// removeAll removes a play folder, making its read-only files writable
// first where the OS will not delete them otherwise.
func removeAll(dir string) {
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chmod(p, 0o600)
		}
		return nil
	})
	os.RemoveAll(dir)
}

func sweepPlayCopies(root string, before time.Time) {
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.ModTime().Before(before) {
			removeAll(filepath.Join(root, e.Name()))
		}
	}
}

// safeExt is name's extension if it is short and plain, else "".
func safeExt(name string) string {
	ext := filepath.Ext(strings.ReplaceAll(name, "\\", "/"))
	if len(ext) < 2 || len(ext) > 8 {
		return ""
	}
	for _, c := range ext[1:] {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return ""
		}
	}
	return ext
}

// RegisterViewing writes a viewing into the register, as the custodian, for
// an approved, unexpired request that covers the recording.
func RegisterViewing(ctx context.Context, sess *store.Session, v ViewingEntry) (Viewing, error) {
	if err := sess.Check(ctx, store.ActViewingRegister, v.RecordingID); err != nil {
		return Viewing{}, err
	}
	if strings.TrimSpace(v.Viewer) == "" {
		return Viewing{}, errors.New("store: register viewing: the viewer is required")
	}
	r, err := grant(ctx, sess, store.ActViewingRegister, v.RequestID, v.RecordingID)
	if err != nil {
		return Viewing{}, err
	}
	reason := v.Reason
	if reason == "" {
		reason = r.Reason
	}
	return addViewing(ctx, sess.Store(), sess, "viewing.register", r, v.RecordingID, v.Viewer, reason, "registered")
}

// addViewing writes a register row and its ledger entry in one transaction.
func addViewing(ctx context.Context, s *store.Store, sess *store.Session, action string, r Request, recID, viewer, reason, kind string) (Viewing, error) {
	v := Viewing{Time: s.Now().UTC(), RequestID: r.ID, RecordingID: recID, Viewer: viewer, Reason: reason,
		Purpose: r.Purpose, ApprovedBy: r.DecidedBy, RegisteredBy: sess.Actor().LedgerName(), Kind: kind}
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		v.LedgerSeq, err = s.AppendEntry(ctx, tx, sess.Actor().LedgerName(), action, recID, map[string]any{
			"request": r.ID, "viewer": viewer, "reason": reason, "purpose": r.Purpose, "approved_by": r.DecidedBy})
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO viewings(time, request_id, recording_id, viewer, reason, registered_by, kind, ledger_seq)
			VALUES (?,?,?,?,?,?,?,?) RETURNING id`, store.UnixMS(v.Time), r.ID, recID, viewer, reason, v.RegisteredBy, kind, v.LedgerSeq).Scan(&v.ID)
	})
	if err != nil {
		return Viewing{}, fmt.Errorf("store: register viewing of %s: %w", recID, err)
	}
	v.Time = store.FromMS(store.UnixMS(v.Time))
	return v, nil
}

// RegisterFilter selects rows of the viewing register. Zero fields match all.
type RegisterFilter struct {
	RecordingID string    `json:"recording,omitempty"`
	Since       time.Time `json:"since,omitzero"`
	Limit       int       `json:"limit,omitempty"`
}

// Register reads the viewing register, oldest first. Reading it is a ledger
// entry.
func Register(ctx context.Context, sess *store.Session, f RegisterFilter) ([]Viewing, error) {
	if err := sess.Check(ctx, store.ActRegisterRead, ""); err != nil {
		return nil, err
	}
	q := `SELECT v.id, v.time, v.request_id, v.recording_id, v.viewer, v.reason, q.purpose, q.decided_by, v.registered_by, v.kind, v.ledger_seq
		FROM viewings v JOIN requests q ON q.id = v.request_id WHERE 1`
	var args []any
	if f.RecordingID != "" {
		q += ` AND v.recording_id = ?`
		args = append(args, f.RecordingID)
	}
	if !f.Since.IsZero() {
		q += ` AND v.time >= ?`
		args = append(args, store.UnixMS(f.Since))
	}
	q += ` ORDER BY v.id`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rows, err := sess.Store().DB().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: read viewing register: %w", err)
	}
	defer rows.Close()
	var out []Viewing
	for rows.Next() {
		var v Viewing
		var t int64
		if err := rows.Scan(&v.ID, &t, &v.RequestID, &v.RecordingID, &v.Viewer, &v.Reason, &v.Purpose,
			&v.ApprovedBy, &v.RegisteredBy, &v.Kind, &v.LedgerSeq); err != nil {
			return nil, fmt.Errorf("store: read viewing register: %w", err)
		}
		v.Time = store.FromMS(t)
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read viewing register: %w", err)
	}
	if _, err := sess.Log(ctx, "register.read", "", map[string]any{"filter": f, "results": len(out)}); err != nil {
		return nil, fmt.Errorf("store: record register lookup: %w", err)
	}
	return out, nil
}
