package access

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"evidock/store"
)

// Purpose is why recordings are to be viewed (Art. 16–17).
type Purpose string

// The purposes of a viewing request.
const (
	PurposeCase        Purpose = "case"        // 办案
	PurposeSupervision Purpose = "supervision" // 督查
	PurposeReview      Purpose = "review"      // 复核
	PurposeExtraction  Purpose = "extraction"  // 证据提取
)

// Purposes lists every purpose.
var Purposes = []Purpose{PurposeCase, PurposeSupervision, PurposeReview, PurposeExtraction}

// RequestStatus is where a request stands.
type RequestStatus string

// Request states. Expired is an approved request past its grant's end.
const (
	Pending  RequestStatus = "pending"
	Approved RequestStatus = "approved"
	Refused  RequestStatus = "refused"
	Expired  RequestStatus = "expired"
)

// DefaultGrant is how long an approval lasts unless the approver says.
const DefaultGrant = 7 * 24 * time.Hour

// ErrDecided means a request was already approved or refused.
var ErrDecided = errors.New("request already decided")

// Request is a viewing request and its decision.
type Request struct {
	ID         int64         `json:"id"`
	Requester  string        `json:"requester"`
	Purpose    Purpose       `json:"purpose"`
	Reason     string        `json:"reason"`
	Recordings []string      `json:"recordings"`
	Status     RequestStatus `json:"status"`
	CreatedAt  time.Time     `json:"created_at"`
	DecidedBy  string        `json:"decided_by,omitempty"`
	DecidedAs  store.Role    `json:"decided_as,omitempty"` // leader or legal
	DecidedAt  time.Time     `json:"decided_at,omitzero"`
	Note       string        `json:"note,omitempty"`
	ExpiresAt  time.Time     `json:"expires_at,omitzero"`
}

// Subject is the request's name in the ledger.
func (r Request) Subject() string { return RequestSubject(r.ID) }

// RequestSubject is request id's name in the ledger.
func RequestSubject(id int64) string { return "request:" + strconv.FormatInt(id, 10) }

// ViewRequest is what RequestView needs.
type ViewRequest struct {
	Recordings []string
	Purpose    Purpose
	Reason     string
}

// RequestView asks to view recordings. Any existing recording may be asked
// for; the approver decides.
func RequestView(ctx context.Context, sess *store.Session, v ViewRequest) (Request, error) {
	if err := sess.Check(ctx, store.ActRequestView, ""); err != nil {
		return Request{}, err
	}
	if !slices.Contains(Purposes, v.Purpose) {
		return Request{}, fmt.Errorf("store: request view: unknown purpose %q", v.Purpose)
	}
	if strings.TrimSpace(v.Reason) == "" {
		return Request{}, errors.New("store: request view: a reason is required")
	}
	var recs []string
	for _, id := range v.Recordings {
		if !slices.Contains(recs, id) {
			recs = append(recs, id)
		}
	}
	if len(recs) == 0 {
		return Request{}, errors.New("store: request view: no recordings")
	}
	var id int64
	err := sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO requests(requester, purpose, reason, status, created_at) VALUES (?,?,?,?,?) RETURNING id`,
			sess.Actor().Name, string(v.Purpose), v.Reason, string(Pending), store.UnixMS(sess.Store().Now())).Scan(&id)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM recordings WHERE id = ?`, rec).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("recording %q: %w", rec, store.ErrNotFound)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO request_recordings(request_id, recording_id) VALUES (?, ?)`, id, rec); err != nil {
				return err
			}
		}
		_, err = sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), "request.view", RequestSubject(id),
			map[string]any{"purpose": v.Purpose, "reason": v.Reason, "recordings": recs})
		return err
	})
	if err != nil {
		return Request{}, fmt.Errorf("store: request view: %w", err)
	}
	return request(ctx, sess.Store(), sess.Store().DB(), id)
}

// RequestFilter selects requests. Zero fields match everything the actor may
// see: officers and supervisors see their own requests; custodian, legal
// office and leader see all.
type RequestFilter struct {
	ID      int64 `json:"id,omitempty"`
	Mine    bool  `json:"mine,omitempty"`    // only the actor's own
	Pending bool  `json:"pending,omitempty"` // only those awaiting a decision
	Limit   int   `json:"limit,omitempty"`
}

// Requests lists requests, newest first. The lookup is a ledger entry.
func Requests(ctx context.Context, sess *store.Session, f RequestFilter) ([]Request, error) {
	if err := sess.Check(ctx, store.ActRequestList, ""); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	if f.Mine || !sess.Actor().Has(store.RoleCustodian, store.RoleLegal, store.RoleLeader) {
		where = append(where, `requester = ?`)
		args = append(args, sess.Actor().Name)
	}
	if f.ID != 0 {
		where = append(where, `id = ?`)
		args = append(args, f.ID)
	}
	if f.Pending {
		where = append(where, `status = 'pending'`)
	}
	q := `SELECT id FROM requests`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	out, err := store.LoadAll(ctx, sess.Store().DB(), func(ctx context.Context, q store.Queryer, id int64) (Request, error) {
		return request(ctx, sess.Store(), q, id)
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list requests: %w", err)
	}
	if _, err := sess.Log(ctx, "request.list", "", map[string]any{"filter": f, "results": len(out)}); err != nil {
		return nil, fmt.Errorf("store: record request lookup: %w", err)
	}
	return out, nil
}

// request reads one request with its recordings.
func request(ctx context.Context, s *store.Store, q store.Queryer, id int64) (Request, error) {
	var r Request
	var created, decided, expires int64
	var recs, decidedAs string
	err := q.QueryRowContext(ctx, `SELECT id, requester, purpose, reason, status, created_at, decided_by, decided_as, decided_at, note, expires_at,
		coalesce((SELECT group_concat(recording_id, char(10)) FROM request_recordings WHERE request_id = requests.id), '')
		FROM requests WHERE id = ?`, id).Scan(&r.ID, &r.Requester, &r.Purpose, &r.Reason, &r.Status, &created,
		&r.DecidedBy, &decidedAs, &decided, &r.Note, &expires, &recs)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("store: request %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("store: request %d: %w", id, err)
	}
	r.CreatedAt, r.DecidedAt, r.ExpiresAt = store.FromMS(created), store.FromMS(decided), store.FromMS(expires)
	r.DecidedAs = store.Role(decidedAs)
	if recs != "" {
		r.Recordings = strings.Split(recs, "\n")
		slices.Sort(r.Recordings)
	}
	if r.Status == Approved && !s.Now().Before(r.ExpiresAt) {
		r.Status = Expired
	}
	return r, nil
}

// Decision approves or refuses a request.
type Decision struct {
	Approve  bool
	Note     string
	ValidFor time.Duration // how long an approval lasts; 0 is DefaultGrant
}

// Decide approves or refuses a pending request, as legal office or leader.
// Nobody decides their own request, and a request for classified recordings
// is approved only by a leader; both are refusals in the ledger.
func Decide(ctx context.Context, sess *store.Session, id int64, d Decision) (Request, error) {
	subject := RequestSubject(id)
	if err := sess.Check(ctx, store.ActRequestDecide, subject); err != nil {
		return Request{}, err
	}
	var refusal string
	err := sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		r, err := request(ctx, sess.Store(), tx, id)
		if err != nil {
			return err
		}
		if r.Status != Pending {
			return fmt.Errorf("%w (%s)", ErrDecided, r.Status)
		}
		if r.Requester == sess.Actor().Name {
			refusal = "own request"
			return store.ErrRefused
		}
		as := store.RoleLegal
		if sess.Actor().Has(store.RoleLeader) {
			as = store.RoleLeader
		}
		if d.Approve && as != store.RoleLeader {
			secret, err := classifiedAmong(ctx, tx, r.Recordings)
			if err != nil {
				return err
			}
			if secret != "" {
				refusal = fmt.Sprintf("recording %s is classified: only a leader approves", secret)
				return store.ErrRefused
			}
		}
		status, expires, action := Refused, int64(0), "request.refuse"
		if d.Approve {
			validFor := d.ValidFor
			if validFor <= 0 {
				validFor = DefaultGrant
			}
			status, expires, action = Approved, store.UnixMS(sess.Store().Now().Add(validFor)), "request.approve"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE requests SET status = ?, decided_by = ?, decided_as = ?, decided_at = ?, note = ?, expires_at = ? WHERE id = ?`,
			string(status), sess.Actor().Name, string(as), store.UnixMS(sess.Store().Now()), d.Note, expires, id); err != nil {
			return err
		}
		details := map[string]any{"note": d.Note, "as": as, "requester": r.Requester}
		if d.Approve {
			details["expires"] = store.FromMS(expires)
		}
		_, err = sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), action, subject, details)
		return err
	})
	if refusal != "" {
		return Request{}, sess.Refuse(ctx, store.ActRequestDecide, subject, refusal)
	}
	if err != nil {
		return Request{}, fmt.Errorf("store: decide request %d: %w", id, err)
	}
	return request(ctx, sess.Store(), sess.Store().DB(), id)
}

// classifiedAmong returns the first of recs that is classified, or "".
func classifiedAmong(ctx context.Context, q store.Queryer, recs []string) (string, error) {
	for _, rec := range recs {
		var c store.Classification
		if err := q.QueryRowContext(ctx, `SELECT classification FROM recordings WHERE id = ?`, rec).Scan(&c); err != nil {
			return "", fmt.Errorf("recording %s: %w", rec, err)
		}
		if c.Classified() {
			return rec, nil
		}
	}
	return "", nil
}

// grantProblem says why r does not let the actor use recs now, or "" when
// it does: it must be approved, unexpired, cover every one of recs, and be
// Approved by a leader when any of them is classified (now, not only when
// it was approved).
func grantProblem(ctx context.Context, sess *store.Session, r Request, recs []string) (string, error) {
	switch r.Status {
	case Pending:
		return "request is not yet decided", nil
	case Refused:
		return "request was refused", nil
	case Expired:
		return "approval expired at " + r.ExpiresAt.Format(time.RFC3339), nil
	}
	for _, rec := range recs {
		if !slices.Contains(r.Recordings, rec) {
			return fmt.Sprintf("recording %s is not in the request", rec), nil
		}
	}
	if r.DecidedAs != store.RoleLeader {
		secret, err := classifiedAmong(ctx, sess.Store().DB(), recs)
		if err != nil || secret != "" {
			return fmt.Sprintf("recording %s is classified and the approval is not a leader's", secret), err
		}
	}
	return "", nil
}

// ApprovedExtraction returns request id when it lets evidence be extracted
// Now: approved, unexpired, of purpose PurposeExtraction, and approved by a
// leader if any of its recordings is classified. Otherwise it writes a
// Refusal entry and returns ErrRefused. Success writes no entry: the export
// that follows does.
func ApprovedExtraction(ctx context.Context, sess *store.Session, id int64) (Request, error) {
	subject := RequestSubject(id)
	if err := sess.Check(ctx, store.ActEvidenceExtract, subject); err != nil {
		return Request{}, err
	}
	r, err := request(ctx, sess.Store(), sess.Store().DB(), id)
	if errors.Is(err, store.ErrNotFound) {
		return Request{}, sess.Refuse(ctx, store.ActEvidenceExtract, subject, "no such request")
	}
	if err != nil {
		return Request{}, err
	}
	problem, err := grantProblem(ctx, sess, r, r.Recordings)
	if err != nil {
		return Request{}, fmt.Errorf("store: check request %d: %w", id, err)
	}
	if problem == "" && r.Purpose != PurposeExtraction {
		problem = "purpose is " + string(r.Purpose) + ", not evidence extraction"
	}
	if problem != "" {
		return Request{}, sess.Refuse(ctx, store.ActEvidenceExtract, subject, problem)
	}
	return r, nil
}
