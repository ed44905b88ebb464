package retention

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"evidock/ledger"
	"evidock/store"
)

// List is how long a case file (案卷) is kept after it is closed:
// Years, or for good when Permanent.
type Retention struct {
	Years     int  `json:"years,omitempty"`
	Permanent bool `json:"permanent,omitempty"`
}

func (r Retention) String() string {
	if r.Permanent {
		return "permanent"
	}
	return fmt.Sprintf("%d years", r.Years)
}

func (r Retention) check() error {
	if !r.Permanent && r.Years < 1 {
		return errors.New("retention must be at least one year, or permanent")
	}
	return nil
}

// CaseByNumber is a case file that holds recordings as evidence. While it is open,
// or when its retention is permanent, it holds its recordings for good;
// once closed, until ClosedAt plus its retention years.
type Case struct {
	Number     string    `json:"number"` // 案卷号
	Name       string    `json:"name"`
	Type       string    `json:"type"`
	Retention  Retention `json:"retention"`
	CreatedAt  time.Time `json:"created_at"`
	CreatedBy  string    `json:"created_by"`
	ClosedAt   time.Time `json:"closed_at,omitzero"`
	ClosedBy   string    `json:"closed_by,omitempty"`
	Recordings []string  `json:"recordings"`
}

// Open reports whether the case is not yet closed.
func (c Case) Open() bool { return c.ClosedAt.IsZero() }

// HoldsUntil is the end of the case's hold on its recordings; ok is false
// when it holds them for good (open, or permanent).
func (c Case) HoldsUntil() (until time.Time, ok bool) {
	if c.Open() || c.Retention.Permanent {
		return time.Time{}, false
	}
	return c.ClosedAt.UTC().AddDate(c.Retention.Years, 0, 0), true
}

// CaseSubject is case number's name in the ledger.
func CaseSubject(number string) string { return "case:" + number }

// AddCase opens a case file.
func AddCase(ctx context.Context, sess *store.Session, c Case) error {
	subject := CaseSubject(c.Number)
	if err := sess.Check(ctx, store.ActCaseManage, subject); err != nil {
		return err
	}
	c.Number, c.Name = strings.TrimSpace(c.Number), strings.TrimSpace(c.Name)
	if c.Number == "" || c.Name == "" {
		return errors.New("store: add case: a number and a name are required")
	}
	if err := c.Retention.check(); err != nil {
		return fmt.Errorf("store: add case %s: %w", c.Number, err)
	}
	err := sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM cases WHERE number = ?`, c.Number).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("case %s: %w", c.Number, ErrExists)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO cases(number, name, type, retention_years, permanent, created_at, created_by)
			VALUES (?,?,?,?,?,?,?)`, c.Number, c.Name, c.Type, c.Retention.Years, c.Retention.Permanent,
			store.UnixMS(sess.Store().Now()), sess.Actor().Name); err != nil {
			return err
		}
		_, err := sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), "case.add", subject,
			map[string]any{"name": c.Name, "type": c.Type, "retention": c.Retention})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: add case: %w", err)
	}
	return nil
}

// ErrExists means something with that name or number already exists.
var ErrExists = errors.New("already exists")

// Cases lists case files, newest first; number "" lists all.
func Cases(ctx context.Context, sess *store.Session, number string) ([]Case, error) {
	if err := sess.Check(ctx, store.ActCaseRead, ""); err != nil {
		return nil, err
	}
	return QueryCases(ctx, sess.Store(), sess.Store().DB(), number)
}

// CaseByNumber returns one case file.
func CaseByNumber(ctx context.Context, sess *store.Session, number string) (Case, error) {
	cs, err := Cases(ctx, sess, number)
	if err != nil {
		return Case{}, err
	}
	if len(cs) == 0 {
		return Case{}, fmt.Errorf("store: case %s: %w", number, store.ErrNotFound)
	}
	return cs[0], nil
}

func QueryCases(ctx context.Context, s *store.Store, q store.Queryer, number string) ([]Case, error) {
	query := `SELECT number, name, type, retention_years, permanent, created_at, created_by, closed_at, closed_by,
		coalesce((SELECT group_concat(recording_id, char(10)) FROM case_recordings WHERE case_number = cases.number), '')
		FROM cases`
	var args []any
	if number != "" {
		query += ` WHERE number = ?`
		args = append(args, number)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY created_at DESC, number`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list cases: %w", err)
	}
	defer rows.Close()
	var out []Case
	for rows.Next() {
		var c Case
		var created, closed int64
		var recs string
		if err := rows.Scan(&c.Number, &c.Name, &c.Type, &c.Retention.Years, &c.Retention.Permanent,
			&created, &c.CreatedBy, &closed, &c.ClosedBy, &recs); err != nil {
			return nil, fmt.Errorf("store: list cases: %w", err)
		}
		c.CreatedAt, c.ClosedAt = store.FromMS(created), store.FromMS(closed)
		c.Recordings = []string{}
		if recs != "" {
			c.Recordings = strings.Split(recs, "\n")
			slices.Sort(c.Recordings)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Link makes case number hold recordings as evidence. Purged recordings
// cannot be linked; linking one already linked is not an error.
func Link(ctx context.Context, sess *store.Session, number string, recordings []string) error {
	subject := CaseSubject(number)
	if err := sess.Check(ctx, store.ActCaseManage, subject); err != nil {
		return err
	}
	if len(recordings) == 0 {
		return errors.New("store: link: no recordings")
	}
	err := sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		if err := caseExists(ctx, tx, number); err != nil {
			return err
		}
		var added []string
		for _, id := range recordings {
			var exists, purged int
			if err := tx.QueryRowContext(ctx, `SELECT count(*), (SELECT count(*) FROM tombstones WHERE recording_id = ?) FROM recordings WHERE id = ?`,
				id, id).Scan(&exists, &purged); err != nil {
				return err
			}
			if exists == 0 {
				return fmt.Errorf("recording %q: %w", id, store.ErrNotFound)
			}
			if purged > 0 {
				return fmt.Errorf("recording %s: %w", id, ErrPurged)
			}
			res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO case_recordings(case_number, recording_id, linked_at, linked_by) VALUES (?,?,?,?)`,
				number, id, store.UnixMS(sess.Store().Now()), sess.Actor().Name)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				added = append(added, id)
			}
		}
		if len(added) == 0 {
			return nil
		}
		_, err := sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), "case.link", subject, map[string]any{"recordings": added})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: link to case %s: %w", number, err)
	}
	return nil
}

// Unlink releases case number's hold on recordings. A reason is required.
func Unlink(ctx context.Context, sess *store.Session, number string, recordings []string, reason string) error {
	subject := CaseSubject(number)
	if err := sess.Check(ctx, store.ActCaseManage, subject); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return errors.New("store: unlink: a reason is required")
	}
	err := sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		if err := caseExists(ctx, tx, number); err != nil {
			return err
		}
		var removed []string
		for _, id := range recordings {
			res, err := tx.ExecContext(ctx, `DELETE FROM case_recordings WHERE case_number = ? AND recording_id = ?`, number, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("recording %s is not linked: %w", id, store.ErrNotFound)
			}
			removed = append(removed, id)
		}
		_, err := sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), "case.unlink", subject,
			map[string]any{"recordings": removed, "reason": reason})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: unlink from case %s: %w", number, err)
	}
	return nil
}

// CloseCase closes a case file: from now on it holds its recordings for its
// Query years (or for good, when permanent).
func CloseCase(ctx context.Context, sess *store.Session, number, note string) error {
	subject := CaseSubject(number)
	if err := sess.Check(ctx, store.ActCaseManage, subject); err != nil {
		return err
	}
	now := sess.Store().Now()
	err := sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE cases SET closed_at = ?, closed_by = ? WHERE number = ? AND closed_at = 0`,
			store.UnixMS(now), sess.Actor().Name, number)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if err := caseExists(ctx, tx, number); err != nil {
				return err
			}
			return errors.New("already closed")
		}
		_, err = sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), "case.close", subject, map[string]any{"note": note, "closed_at": ledger.TimeText(now)})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: close case %s: %w", number, err)
	}
	return nil
}

// SetCaseRetention changes how long case number is kept after closing
// (e.g. makes it permanent). A reason is required.
func SetCaseRetention(ctx context.Context, sess *store.Session, number string, r Retention, reason string) error {
	subject := CaseSubject(number)
	if err := sess.Check(ctx, store.ActCaseManage, subject); err != nil {
		return err
	}
	if err := r.check(); err != nil {
		return fmt.Errorf("store: case %s retention: %w", number, err)
	}
	if strings.TrimSpace(reason) == "" {
		return errors.New("store: case retention: a reason is required")
	}
	err := sess.Store().Tx(ctx, func(tx *sql.Tx) error {
		cs, err := QueryCases(ctx, sess.Store(), tx, number)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return fmt.Errorf("case %s: %w", number, store.ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET retention_years = ?, permanent = ? WHERE number = ?`,
			r.Years, r.Permanent, number); err != nil {
			return err
		}
		_, err = sess.Store().AppendEntry(ctx, tx, sess.Actor().LedgerName(), "case.retention", subject,
			map[string]any{"from": cs[0].Retention, "to": r, "reason": reason})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: case %s retention: %w", number, err)
	}
	return nil
}

func caseExists(ctx context.Context, q store.Queryer, number string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM cases WHERE number = ?`, number).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("case %s: %w", number, store.ErrNotFound)
	}
	return nil
}
