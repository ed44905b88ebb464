package retention

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"evidock/access"
	"evidock/store"
)

// ErrPurged means a recording was purged: only its tombstone is left.
var ErrPurged = errors.New("recording was purged")

// PurgeRequest is a request to purge expired recordings, and its decision.
type PurgeRequest struct {
	ID         int64                `json:"id"`
	Requester  string               `json:"requester"`
	Reason     string               `json:"reason"`
	Recordings []string             `json:"recordings"`
	Status     access.RequestStatus `json:"status"` // pending, approved or refused
	CreatedAt  time.Time            `json:"created_at"`
	DecidedBy  string               `json:"decided_by,omitempty"`
	DecidedAt  time.Time            `json:"decided_at,omitzero"`
	Note       string               `json:"note,omitempty"`
}

// PurgeSubject is purge request id's name in the ledger.
func PurgeSubject(id int64) string { return "purge:" + strconv.FormatInt(id, 10) }

// Tombstone is what is left of a purged recording.
type Tombstone struct {
	RecordingID string    `json:"recording"`
	SHA256      string    `json:"sha256"`
	SM3         string    `json:"sm3"`
	Size        int64     `json:"size"`
	RequestID   int64     `json:"purge_request"`
	RequestedBy string    `json:"requested_by"`
	ApprovedBy  string    `json:"approved_by"`
	Reason      string    `json:"reason"`
	PurgedAt    time.Time `json:"purged_at"`
	LedgerSeq   int64     `json:"ledger_seq"`
	Removed     bool      `json:"removed"` // the file has left the archive
}

// RequestPurge asks to purge recordings that are expired and held by no
// case. A recording that may not be purged makes the request a refusal
// in the ledger; a leader decides the others (DecidePurge).
func RequestPurge(ctx context.Context, sess *store.Session, recordings []string, reason string) (PurgeRequest, error) {
	if err := sess.Check(ctx, store.ActPurgeRequest, ""); err != nil {
		return PurgeRequest{}, err
	}
	if strings.TrimSpace(reason) == "" {
		return PurgeRequest{}, errors.New("store: request purge: a reason is required")
	}
	var recs []string
	for _, id := range recordings {
		if !slices.Contains(recs, id) {
			recs = append(recs, id)
		}
	}
	if len(recs) == 0 {
		return PurgeRequest{}, errors.New("store: request purge: no recordings")
	}
	var refusal string
	var id int64
	err := sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		problem, err := purgeProblem(ctx, sess.Store(), tx, recs, 0)
		if err != nil {
			return err
		}
		if problem != "" {
			refusal = problem
			return store.ErrRefused
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO purge_requests(requester, reason, status, created_at) VALUES (?,?,?,?) RETURNING id`,
			sess.Actor().Name, reason, string(access.Pending), store.UnixMS(sess.Store().Now())).Scan(&id)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO purge_recordings(request_id, recording_id) VALUES (?,?)`, id, rec); err != nil {
				return err
			}
		}
		_, err = sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), "purge.request", PurgeSubject(id),
			map[string]any{"recordings": recs, "reason": reason})
		return err
	})
	if refusal != "" {
		return PurgeRequest{}, sess.Refuse(ctx, store.ActPurgeRequest, "", refusal)
	}
	if err != nil {
		return PurgeRequest{}, fmt.Errorf("store: request purge: %w", err)
	}
	return loadPurgeRequest(ctx, sess.Store().DB(), id)
}

// purgeProblem says why recs may not be purged now, or "". A recording in
// the pending request except may be in it.
func purgeProblem(ctx context.Context, s *store.Store, q store.Queryer, recs []string, except int64) (string, error) {
	items, err := Query(ctx, s, q, RetentionFilter{IDs: recs, Purged: true}, "", nil)
	if err != nil {
		return "", err
	}
	found := map[string]RetentionItem{}
	for _, it := range items {
		found[it.RecordingID] = it
	}
	for _, id := range recs {
		it, ok := found[id]
		switch {
		case !ok:
			return fmt.Sprintf("recording %s does not exist", id), nil
		case it.Purged:
			return fmt.Sprintf("recording %s is already purged", id), nil
		case it.Forever:
			return fmt.Sprintf("recording %s is held for good by %s", id, forever(it.Holds)), nil
		case !it.Expired:
			return fmt.Sprintf("recording %s is kept until %s", id, it.Until.Format(time.RFC3339)), nil
		case it.PurgeRequest != 0 && it.PurgeRequest != except:
			return fmt.Sprintf("recording %s is in pending purge request %d", id, it.PurgeRequest), nil
		}
	}
	return "", nil
}

// DecidePurge approves or refuses pending purge request id, as a leader
// who did not make it. Approval purges at once: each recording gets a
// tombstone and a recording.purge entry in one transaction with the
// approval, then its file leaves the archive. When any recording is no
// longer purgeable (linked to a case since, say), the approval is refused
// in the ledger and the request stays pending.
func DecidePurge(ctx context.Context, sess *store.Session, id int64, approve bool, note string) (PurgeRequest, error) {
	subject := PurgeSubject(id)
	if err := sess.Check(ctx, store.ActPurgeDecide, subject); err != nil {
		return PurgeRequest{}, err
	}
	st := sess.Store()
	var refusal string
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		r, err := loadPurgeRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.Status != access.Pending {
			return fmt.Errorf("%w (%s)", access.ErrDecided, r.Status)
		}
		if r.Requester == sess.Actor().Name {
			refusal = "own request"
			return store.ErrRefused
		}
		status, action := access.Refused, "purge.refuse"
		if approve {
			status, action = access.Approved, "purge.approve"
			if refusal, err = purgeProblem(ctx, st, tx, r.Recordings, id); err != nil || refusal != "" {
				return cmpErr(err, store.ErrRefused)
			}
		}
		now := st.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE purge_requests SET status = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ?`,
			string(status), sess.Actor().Name, store.UnixMS(now), note, id); err != nil {
			return err
		}
		if _, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), action, subject,
			map[string]any{"note": note, "requester": r.Requester, "recordings": r.Recordings}); err != nil {
			return err
		}
		if !approve {
			return nil
		}
		for _, rec := range r.Recordings {
			if err := tombstone(ctx, st, tx, sess, r, rec, now); err != nil {
				return err
			}
		}
		return nil
	})
	if refusal != "" {
		return PurgeRequest{}, sess.Refuse(ctx, store.ActPurgeDecide, subject, refusal)
	}
	if err != nil {
		return PurgeRequest{}, fmt.Errorf("store: decide purge %d: %w", id, err)
	}
	if err := FinishPurges(ctx, st); err != nil {
		return PurgeRequest{}, err
	}
	return loadPurgeRequest(ctx, st.DB(), id)
}

// cmpErr returns err when it is not nil, else otherwise.
func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// tombstone writes recording rec's purge entry and tombstone.
func tombstone(ctx context.Context, s *store.Store, tx *sql.Tx, sess *store.Session, r PurgeRequest, rec string, now time.Time) error {
	var sha, sm string
	var size int64
	if err := tx.QueryRowContext(ctx, `SELECT sha256, sm3, size FROM recordings WHERE id = ?`, rec).Scan(&sha, &sm, &size); err != nil {
		return fmt.Errorf("recording %s: %w", rec, err)
	}
	seq, err := s.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "recording.purge", rec, map[string]any{
		"sha256": sha, "sm3": sm, "size": size, "purge_request": r.ID,
		"requested_by": r.Requester, "approved_by": sess.Actor().Name, "reason": r.Reason})
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO tombstones(recording_id, sha256, sm3, size, request_id, requested_by, approved_by, reason, purged_at, ledger_seq)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, rec, sha, sm, size, r.ID, r.Requester, sess.Actor().Name, r.Reason, store.UnixMS(now), seq)
	return err
}

// FinishPurges removes the archive files of tombstones whose removal has
// not happened yet (the process may have died between the approval's
// commit and the removal).
func FinishPurges(ctx context.Context, s *store.Store) error {
	rows, err := s.DB().QueryContext(ctx, `SELECT sha256 FROM tombstones WHERE removed = 0`)
	if err != nil {
		return fmt.Errorf("store: purge files: %w", err)
	}
	var shas []string
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			rows.Close()
			return fmt.Errorf("store: purge files: %w", err)
		}
		shas = append(shas, sha)
	}
	rows.Close()
	for _, sha := range shas {
		if err := s.Archive().Remove(sha); err != nil {
			return fmt.Errorf("store: purge files: %w", err)
		}
		if err := s.Exec(ctx, `UPDATE tombstones SET removed = 1 WHERE sha256 = ?`, sha); err != nil {
			return fmt.Errorf("store: purge files: %w", err)
		}
	}
	return nil
}

// PurgeRequests lists purge requests, newest first.
func PurgeRequests(ctx context.Context, sess *store.Session, pendingOnly bool) ([]PurgeRequest, error) {
	if err := sess.Check(ctx, store.ActPurgeRead, ""); err != nil {
		return nil, err
	}
	q := `SELECT id FROM purge_requests`
	if pendingOnly {
		q += ` WHERE status = 'pending'`
	}
	out, err := store.LoadAll(ctx, sess.Store().DB(), loadPurgeRequest, q+` ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: list purge requests: %w", err)
	}
	return out, nil
}

func loadPurgeRequest(ctx context.Context, q store.Queryer, id int64) (PurgeRequest, error) {
	var r PurgeRequest
	var created, decided int64
	var recs string
	err := q.QueryRowContext(ctx, `SELECT id, requester, reason, status, created_at, decided_by, decided_at, note,
		coalesce((SELECT group_concat(recording_id, char(10)) FROM purge_recordings WHERE request_id = purge_requests.id), '')
		FROM purge_requests WHERE id = ?`, id).Scan(&r.ID, &r.Requester, &r.Reason, &r.Status, &created, &r.DecidedBy, &decided, &r.Note, &recs)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("store: purge request %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("store: purge request %d: %w", id, err)
	}
	r.CreatedAt, r.DecidedAt = store.FromMS(created), store.FromMS(decided)
	r.Recordings = strings.Split(recs, "\n")
	slices.Sort(r.Recordings)
	return r, nil
}

// Tombstones returns the tombstones of the purged ones among ids, or of
// every purged recording when ids is empty. Whoever may search recordings
// may see them; the lookup is not a ledger entry.
func Tombstones(ctx context.Context, sess *store.Session, ids []string) ([]Tombstone, error) {
	if err := sess.Check(ctx, store.ActRecordingsSearch, ""); err != nil {
		return nil, err
	}
	q := `SELECT recording_id, sha256, sm3, size, request_id, requested_by, approved_by, reason, purged_at, ledger_seq, removed FROM tombstones`
	var args []any
	if len(ids) > 0 {
		q += ` WHERE recording_id IN (` + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	rows, err := sess.Store().DB().QueryContext(ctx, q+` ORDER BY purged_at, recording_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: tombstones: %w", err)
	}
	defer rows.Close()
	out := []Tombstone{}
	for rows.Next() {
		var t Tombstone
		var at int64
		if err := rows.Scan(&t.RecordingID, &t.SHA256, &t.SM3, &t.Size, &t.RequestID, &t.RequestedBy, &t.ApprovedBy,
			&t.Reason, &at, &t.LedgerSeq, &t.Removed); err != nil {
			return nil, fmt.Errorf("store: tombstones: %w", err)
		}
		t.PurgedAt = store.FromMS(at)
		out = append(out, t)
	}
	return out, rows.Err()
}

// forever names the first hold that keeps a recording for good.
func forever(holds []Hold) string {
	for _, h := range holds {
		if h.Forever {
			return h.String()
		}
	}
	return "a hold"
}
