package followups

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"evidock/custody"
	"evidock/regulation"
	"evidock/store"
)

// NotRecordedReasons are the cases of Art. 7 in which an activity may go
// unrecorded, by key: state or commercial secrets or personal privacy, an
// emergency, an objective cause. Their words are regulation.NotRecordedGrounds.
var NotRecordedReasons = regulation.NotRecordedGrounds.Keys()

// NotRecorded is a "not recorded" work record (工作记录, Art. 7): an officer
// says why an activity was not recorded; the leader acknowledges it.
type NotRecorded struct {
	ID       int64     `json:"id"`
	Officer  string    `json:"officer"`
	FiledBy  string    `json:"filed_by"`
	FiledAt  time.Time `json:"filed_at"`
	Day      string    `json:"date"` // of the activity, YYYY-MM-DD
	Place    string    `json:"place"`
	Category string    `json:"category"` // a key of Categories (Art. 6)
	Reason   string    `json:"reason"`   // a key of NotRecordedReasons
	Basis    string    `json:"basis"`    // the rule or instruction relied on
	Text     string    `json:"text"`
	AckBy    string    `json:"ack_by,omitempty"`
	AckAt    time.Time `json:"ack_at,omitzero"`
	AckNote  string    `json:"ack_note,omitempty"`
}

// Acknowledged reports whether the leader has acknowledged the record.
func (n NotRecorded) Acknowledged() bool { return !n.AckAt.IsZero() }

// FileNotRecorded files a work record and returns it with its id. It is the
// officer's own (n.Officer empty means the user's officer number); a
// supervisor or leader files one for an officer only on their behalf
// (OnBehalf), and the ledger names both.
func FileNotRecorded(ctx context.Context, sess *store.Session, n NotRecorded) (NotRecorded, error) {
	n.Place, n.Basis, n.Text = strings.TrimSpace(n.Place), strings.TrimSpace(n.Basis), strings.TrimSpace(n.Text)
	switch {
	case n.Place == "" || n.Basis == "" || n.Text == "":
		return n, fmt.Errorf("store: a work record needs place, basis and text: %w", store.ErrInvalid)
	case !slices.Contains(Categories, n.Category):
		return n, fmt.Errorf("store: activity %q is not one of %v: %w", n.Category, Categories, store.ErrInvalid)
	case !slices.Contains(NotRecordedReasons, n.Reason):
		return n, fmt.Errorf("store: reason %q is not one of %v: %w", n.Reason, NotRecordedReasons, store.ErrInvalid)
	}
	if _, err := time.Parse(time.DateOnly, n.Day); err != nil {
		return n, fmt.Errorf("store: date %q is not YYYY-MM-DD: %w", n.Day, store.ErrInvalid)
	}
	if n.Officer == "" {
		n.Officer = custody.OfficerNumber(ctx, sess)
	}
	if n.Officer == "" {
		if err := sess.Check(ctx, store.ActNotrecordedFile, n.Day); err != nil {
			return n, err
		}
		return n, sess.Refuse(ctx, store.ActNotrecordedFile, n.Day, "the user has no officer number: name the officer the record is for")
	}
	who, err := answerFor(ctx, sess, store.ActNotrecordedFile, n.Day, n.Officer)
	if err != nil {
		return n, err
	}
	st := sess.Store()
	n.FiledBy, n.FiledAt = sess.Actor().LedgerName(), st.Now().UTC().Truncate(time.Millisecond)
	err = st.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO not_recorded(officer_id, filed_by, filed_at, day, place, category, reason, basis, text, ledger_seq)
			VALUES (?,?,?,?,?,?,?,?,?,0)`, n.Officer, n.FiledBy, store.UnixMS(n.FiledAt), n.Day, n.Place, n.Category, n.Reason, n.Basis, n.Text)
		if err != nil {
			return err
		}
		if n.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		seq, err := st.AppendEntry(ctx, tx, n.FiledBy, "notrecorded.file", fmt.Sprintf("notrecorded:%d", n.ID), who.details(map[string]any{
			"officer": n.Officer, "date": n.Day, "place": n.Place, "category": n.Category,
			"reason": n.Reason, "basis": n.Basis, "text": n.Text}))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE not_recorded SET ledger_seq = ? WHERE id = ?`, seq, n.ID)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: file work record: %w", err)
	}
	return n, nil
}

// AckNotRecorded is the leader's acknowledgement of a work record. A record
// already acknowledged is refused with ErrConflict.
func AckNotRecorded(ctx context.Context, sess *store.Session, id int64, note string) error {
	subject := fmt.Sprintf("notrecorded:%d", id)
	if err := sess.Check(ctx, store.ActNotrecordedAck, subject); err != nil {
		return err
	}
	st := sess.Store()
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		var officer string
		var ackAt int64
		err := tx.QueryRowContext(ctx, `SELECT officer_id, ack_at FROM not_recorded WHERE id = ?`, id).Scan(&officer, &ackAt)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("work record %d: %w", id, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if ackAt != 0 {
			return fmt.Errorf("work record %d is already acknowledged: %w", id, custody.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE not_recorded SET ack_by = ?, ack_at = ?, ack_note = ? WHERE id = ?`,
			sess.Actor().LedgerName(), store.UnixMS(st.Now()), note, id); err != nil {
			return err
		}
		_, err = st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "notrecorded.ack", subject, map[string]any{"officer": officer, "note": note})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: acknowledge work record: %w", err)
	}
	return nil
}

// NotRecordedFilter selects work records. Zero fields match everything.
type NotRecordedFilter struct {
	Officer string `json:"officer,omitempty"`
	From    string `json:"from,omitempty"` // activity on or after, YYYY-MM-DD
	To      string `json:"to,omitempty"`   // activity on or before
	Open    bool   `json:"open,omitempty"` // only those not acknowledged
	Limit   int    `json:"limit,omitempty"`
}

// NotRecordedRecords lists work records, newest activity first. Officers
// who are not also leaders or supervisors see only their own.
func NotRecordedRecords(ctx context.Context, sess *store.Session, f NotRecordedFilter) ([]NotRecorded, error) {
	if err := sess.Check(ctx, store.ActNotrecordedRead, f.Officer); err != nil {
		return nil, err
	}
	if !sess.Actor().Has(store.RoleLeader, store.RoleSupervisor) {
		own := custody.OfficerNumber(ctx, sess)
		if own == "" || f.Officer != "" && f.Officer != own {
			return nil, sess.Refuse(ctx, store.ActNotrecordedRead, f.Officer, "an officer sees only their own work records")
		}
		f.Officer = own
	}
	out, err := notRecorded(ctx, sess.Store(), f)
	if err != nil {
		return nil, err
	}
	if _, err := sess.Log(ctx, "notrecorded.read", f.Officer, map[string]any{"filter": f, "results": len(out)}); err != nil {
		return nil, fmt.Errorf("store: record work-record lookup: %w", err)
	}
	return out, nil
}

func notRecorded(ctx context.Context, s *store.Store, f NotRecordedFilter) ([]NotRecorded, error) {
	where, args := []string{"1=1"}, []any{}
	add := func(cond string, a any) { where, args = append(where, cond), append(args, a) }
	if f.Officer != "" {
		add("officer_id = ?", f.Officer)
	}
	if f.From != "" {
		add("day >= ?", f.From)
	}
	if f.To != "" {
		add("day <= ?", f.To)
	}
	if f.Open {
		add("ack_at = ?", 0)
	}
	q := `SELECT id, officer_id, filed_by, filed_at, day, place, category, reason, basis, text, ack_by, ack_at, ack_note
		FROM not_recorded WHERE ` + strings.Join(where, " AND ") + ` ORDER BY day DESC, id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.DB().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: work records: %w", err)
	}
	defer rows.Close()
	out := []NotRecorded{}
	for rows.Next() {
		var n NotRecorded
		var filed, ack int64
		if err := rows.Scan(&n.ID, &n.Officer, &n.FiledBy, &filed, &n.Day, &n.Place, &n.Category, &n.Reason,
			&n.Basis, &n.Text, &n.AckBy, &ack, &n.AckNote); err != nil {
			return nil, fmt.Errorf("store: work records: %w", err)
		}
		n.FiledAt, n.AckAt = store.FromMS(filed), store.FromMS(ack)
		out = append(out, n)
	}
	return out, rows.Err()
}
