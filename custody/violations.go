package custody

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"evidock/regulation"
	"evidock/store"
)

// Where a case of the violation register stands. A raised sign is opened
// As a case for review, a leader decides the measure (Art. 21), and it is
// closed; a sign found to be nothing is closed with a note without a
// decision.
const (
	ViolationRaised  = "raised"  // seen by the workstation, not yet reviewed
	ViolationOpen    = "open"    // a case under review
	ViolationDecided = "decided" // a leader decided the measure
	ViolationClosed  = "closed"
)

// Signs the workstation can see in its records (Art. 20).
const (
	SignClipGap        = "clip_gap"        // a number missing in a recorder's clip numbering: possible deletion, 20(1)
	SignOtherOfficer   = "other_officer"   // clips of an officer other than the recorder's: possibly lent, 20(2)
	SignOutsideCustody = "outside_custody" // recorded while the recorder was not checked out: Art. 4, 20(6)
	SignLostDevice     = "lost_device"     // a recorder reported lost or stolen: 20(7)
	SignLateImport     = "late_import"     // imported long after its deadline: Art. 13, 20(8)
)

// Violation is one entry of the violation register.
type Violation struct {
	ID        int64           `json:"id"`
	Sign      string          `json:"sign"`
	Item      string          `json:"item"` // a key of regulation.Violations
	Ref       string          `json:"ref"`
	Device    string          `json:"device,omitempty"`
	Officer   string          `json:"officer,omitempty"`
	Detail    string          `json:"detail"`
	Facts     json.RawMessage `json:"facts"`
	Status    string          `json:"status"`
	RaisedAt  time.Time       `json:"raised_at"`
	RaisedBy  string          `json:"raised_by"`
	OpenedAt  time.Time       `json:"opened_at,omitzero"`
	OpenedBy  string          `json:"opened_by,omitempty"`
	OpenNote  string          `json:"open_note,omitempty"`
	DecidedAt time.Time       `json:"decided_at,omitzero"`
	DecidedBy string          `json:"decided_by,omitempty"`
	Measures  []string        `json:"measures"` // keys of regulation.Measures
	Decision  string          `json:"decision,omitempty"`
	ClosedAt  time.Time       `json:"closed_at,omitzero"`
	ClosedBy  string          `json:"closed_by,omitempty"`
	CloseNote string          `json:"close_note,omitempty"`
}

// Subject is the violation's name in the ledger.
func (v Violation) Subject() string { return ViolationSubject(v.ID) }

// ViolationSubject is violation id's name in the ledger.
func ViolationSubject(id int64) string { return fmt.Sprintf("violation:%d", id) }

// Sign is something the workstation saw that a person should review.
type Sign struct {
	Sign    string
	Item    string // a key of regulation.Violations
	Ref     string // unique: the same sign is raised once
	Device  string
	Officer string
	Detail  string
	Facts   any
}

// ScanSigns looks through the records for the signs of Art. 20 that the
// workstation can see (signs.go) and raises each not raised before in the
// register, one ledger entry each. It returns how many it raised.
func ScanSigns(ctx context.Context, sess *store.Session) (int, error) {
	if err := sess.Check(ctx, store.ActViolationScan, ""); err != nil {
		return 0, err
	}
	signs, err := findSigns(ctx, sess.Store())
	if err != nil {
		return 0, err
	}
	n := 0
	err = sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		for _, s := range signs {
			var exists int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM violations WHERE ref = ?`, s.Ref).Scan(&exists); err != nil {
				return err
			}
			if exists > 0 {
				continue
			}
			facts, err := json.Marshal(s.Facts)
			if err != nil {
				return err
			}
			seq, err := sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), "violation.raise", s.Ref, map[string]any{
				"sign": s.Sign, "item": s.Item, "device": s.Device, "officer": s.Officer, "detail": s.Detail, "facts": json.RawMessage(facts)})
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO violations(sign, item, ref, device_id, officer_id, detail, facts, status, raised_at, raised_by, ledger_seq)
				VALUES (?,?,?,?,?,?,?,?,?,?,?)`, s.Sign, s.Item, s.Ref, s.Device, s.Officer, s.Detail, string(facts), ViolationRaised,
				store.UnixMS(sess.Store().Now()), sess.Actor().LedgerName(), seq); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: raise signs: %w", err)
	}
	return n, nil
}

// ViolationFilter selects entries of the register. Zero fields match all.
type ViolationFilter struct {
	ID      int64  `json:"id,omitempty"`
	Officer string `json:"officer,omitempty"`
	Status  string `json:"status,omitempty"`
	Open    bool   `json:"open,omitempty"` // only those not closed
	From    string `json:"from,omitempty"` // raised on or after, YYYY-MM-DD
	To      string `json:"to,omitempty"`   // raised on or before
}

// Violations lists entries of the register, newest first. An officer who is
// not also a supervisor, leader or legal office sees only their own. The
// lookup is a ledger entry.
func Violations(ctx context.Context, sess *store.Session, f ViolationFilter) ([]Violation, error) {
	if err := sess.Check(ctx, store.ActViolationRead, f.Officer); err != nil {
		return nil, err
	}
	if !sess.Actor().Has(store.RoleSupervisor, store.RoleLeader, store.RoleLegal) {
		own := OfficerNumber(ctx, sess)
		if own == "" || f.Officer != "" && f.Officer != own {
			return nil, sess.Refuse(ctx, store.ActViolationRead, f.Officer, "an officer sees only their own entries of the violation register")
		}
		f.Officer = own
	}
	out, err := QueryViolations(ctx, sess.Store(), f)
	if err != nil {
		return nil, err
	}
	if _, err := sess.Log(ctx, "violation.read", f.Officer, map[string]any{"filter": f, "results": len(out)}); err != nil {
		return nil, fmt.Errorf("store: record violation lookup: %w", err)
	}
	return out, nil
}

func QueryViolations(ctx context.Context, s *store.Store, f ViolationFilter) ([]Violation, error) {
	where, args := []string{"1=1"}, []any{}
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if f.ID != 0 {
		add("id = ?", f.ID)
	}
	if f.Officer != "" {
		add("officer_id = ?", f.Officer)
	}
	if f.Status != "" {
		add("status = ?", f.Status)
	}
	if f.Open {
		add("status <> ?", ViolationClosed)
	}
	if f.From != "" {
		ms, err := store.DayMS(f.From, false)
		if err != nil {
			return nil, err
		}
		add("raised_at >= ?", ms)
	}
	if f.To != "" {
		ms, err := store.DayMS(f.To, true)
		if err != nil {
			return nil, err
		}
		add("raised_at < ?", ms)
	}
	rows, err := s.DB().QueryContext(ctx, `SELECT id, sign, item, ref, device_id, officer_id, detail, facts, status, raised_at, raised_by,
		opened_at, opened_by, open_note, decided_at, decided_by, measures, decision, closed_at, closed_by, close_note
		FROM violations WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: violations: %w", err)
	}
	defer rows.Close()
	out := []Violation{}
	for rows.Next() {
		var v Violation
		var facts, measures string
		var raised, opened, decided, closed int64
		if err := rows.Scan(&v.ID, &v.Sign, &v.Item, &v.Ref, &v.Device, &v.Officer, &v.Detail, &facts, &v.Status, &raised, &v.RaisedBy,
			&opened, &v.OpenedBy, &v.OpenNote, &decided, &v.DecidedBy, &measures, &v.Decision, &closed, &v.ClosedBy, &v.CloseNote); err != nil {
			return nil, fmt.Errorf("store: violations: %w", err)
		}
		v.Facts = json.RawMessage(facts)
		v.RaisedAt, v.OpenedAt, v.DecidedAt, v.ClosedAt = store.FromMS(raised), store.FromMS(opened), store.FromMS(decided), store.FromMS(closed)
		json.Unmarshal([]byte(measures), &v.Measures)
		out = append(out, v)
	}
	return out, rows.Err()
}

// OpenViolation opens a raised sign as a case for review, as supervisor or
// leader, with a note saying why.
func OpenViolation(ctx context.Context, sess *store.Session, id int64, note string) error {
	note = strings.TrimSpace(note)
	if note == "" {
		return fmt.Errorf("store: opening a case needs a note: %w", store.ErrInvalid)
	}
	return stepViolation(ctx, sess, store.ActViolationOpen, id, []string{ViolationRaised}, map[string]any{"note": note},
		`status = 'open', opened_at = ?1, opened_by = ?2, open_note = ?3`, note)
}

// DecideViolation records the measures of Art. 21 a leader decided for an
// open case (keys or words of regulation.Measures), with the decision's
// text. The software keeps the decision; it never makes one.
func DecideViolation(ctx context.Context, sess *store.Session, id int64, measures []string, note string) error {
	note = strings.TrimSpace(note)
	var keys []string
	for _, m := range measures {
		k, err := regulation.Measures.Parse(m)
		if err != nil {
			return fmt.Errorf("store: decide violation %d: %v: %w", id, err, store.ErrInvalid)
		}
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return fmt.Errorf("store: a decision names at least one measure of Art. 21 (%s); close the case instead when there is none: %w",
			regulation.Measures.Choices(), store.ErrInvalid)
	}
	order := regulation.Measures.Keys()
	slices.SortFunc(keys, func(a, b string) int { return slices.Index(order, a) - slices.Index(order, b) })
	j, _ := json.Marshal(keys)
	return stepViolation(ctx, sess, store.ActViolationDecide, id, []string{ViolationOpen}, map[string]any{"measures": keys, "note": note},
		`status = 'decided', decided_at = ?1, decided_by = ?2, decision = ?3, measures = ?4`, note, string(j))
}

// CloseViolation closes an entry of the register with a note: a case
// decided, or a sign or case found to be nothing.
func CloseViolation(ctx context.Context, sess *store.Session, id int64, note string) error {
	note = strings.TrimSpace(note)
	if note == "" {
		return fmt.Errorf("store: closing needs a note: %w", store.ErrInvalid)
	}
	return stepViolation(ctx, sess, store.ActViolationClose, id, []string{ViolationRaised, ViolationOpen, ViolationDecided},
		map[string]any{"note": note}, `status = 'closed', closed_at = ?1, closed_by = ?2, close_note = ?3`, note)
}

// stepViolation moves entry id on by action, if it stands in one of from,
// setting set (whose ?1 is now, ?2 the actor, then args) and writing the
// ledger entry in the same transaction.
func stepViolation(ctx context.Context, sess *store.Session, action store.Action, id int64, from []string, details map[string]any, set string, args ...any) error {
	subject := ViolationSubject(id)
	if err := sess.Check(ctx, action, subject); err != nil {
		return err
	}
	st := sess.Store()
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM violations WHERE id = ?`, id).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("violation %d: %w", id, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if !slices.Contains(from, status) {
			return fmt.Errorf("violation %d is %s: %w", id, status, ErrConflict)
		}
		details["from"] = status
		if _, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), string(action), subject, details); err != nil {
			return err
		}
		all := append([]any{store.UnixMS(st.Now()), sess.Actor().LedgerName()}, args...)
		all = append(all, id)
		_, err = tx.ExecContext(ctx, `UPDATE violations SET `+set+fmt.Sprintf(` WHERE id = ?%d`, len(all)), all...)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: %s %d: %w", action, id, err)
	}
	return nil
}
