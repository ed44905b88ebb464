package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// IntegrityProblem is something a check found, open until a custodian
// acknowledges it. Every screen shows the open ones.
type IntegrityProblem struct {
	ID             int64     `json:"id"`
	CheckID        int64     `json:"check"`
	FoundAt        time.Time `json:"found_at"`
	Kind           string    `json:"kind"`
	Ref            string    `json:"ref"`
	What           string    `json:"what"`
	LedgerSeq      int64     `json:"ledger_seq"`
	AcknowledgedAt time.Time `json:"acknowledged_at,omitzero"`
	AcknowledgedBy string    `json:"acknowledged_by,omitempty"`
	Note           string    `json:"note,omitempty"`
}

// checkProblem adds p to the run; unless the same problem is already open,
// it becomes an open problem with its own ledger entry.
func (sess *Session) checkProblem(ctx context.Context, run *CheckRun, p Problem) error {
	run.Problems = append(run.Problems, p)
	st := sess.st
	err := st.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM integrity_problems WHERE acknowledged_at = 0 AND kind = ? AND ref = ? AND what = ?`,
			p.Kind, p.Ref, p.What).Scan(&n); err != nil || n > 0 {
			return err
		}
		seq, err := st.appendEntry(ctx, tx, sess.actor.ledgerName(), "check.problem", CheckSubject(run.ID),
			map[string]any{"kind": p.Kind, "ref": p.Ref, "what": p.What})
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO integrity_problems(check_id, found_at, kind, ref, what, ledger_seq) VALUES (?,?,?,?,?,?)`,
			run.ID, unixMS(st.Now()), p.Kind, p.Ref, p.What, seq)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record check problem: %w", err)
	}
	return nil
}

// checkProblems is what run id has found so far.
func checkProblems(ctx context.Context, q queryer, id int64) ([]Problem, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, ref, what FROM integrity_problems WHERE check_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Problem{}
	for rows.Next() {
		var p Problem
		if err := rows.Scan(&p.Kind, &p.Ref, &p.What); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// OpenProblems lists what checks found that no custodian has acknowledged
// yet, oldest first. It is not a ledger entry: every screen asks.
func (sess *Session) OpenProblems(ctx context.Context) ([]IntegrityProblem, error) {
	if err := sess.check(ctx, ActIntegrityRead, ""); err != nil {
		return nil, err
	}
	return sess.st.integrityProblems(ctx, `acknowledged_at = 0`)
}

func (s *Store) integrityProblems(ctx context.Context, where string, args ...any) ([]IntegrityProblem, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, check_id, found_at, kind, ref, what, ledger_seq, acknowledged_at, acknowledged_by, note
		FROM integrity_problems WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: integrity problems: %w", err)
	}
	defer rows.Close()
	out := []IntegrityProblem{}
	for rows.Next() {
		var p IntegrityProblem
		var found, acked int64
		if err := rows.Scan(&p.ID, &p.CheckID, &found, &p.Kind, &p.Ref, &p.What, &p.LedgerSeq, &acked, &p.AcknowledgedBy, &p.Note); err != nil {
			return nil, fmt.Errorf("store: integrity problems: %w", err)
		}
		p.FoundAt, p.AcknowledgedAt = fromMS(found), fromMS(acked)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Acknowledge closes open problem id with the custodian's note on what was
// done about it. A note is required.
func (sess *Session) Acknowledge(ctx context.Context, id int64, note string) error {
	subject := "problem:" + strconv.FormatInt(id, 10)
	if err := sess.check(ctx, ActIntegrityAcknowledge, subject); err != nil {
		return err
	}
	if strings.TrimSpace(note) == "" {
		return errors.New("store: acknowledge: a note is required")
	}
	st := sess.st
	err := st.tx(ctx, func(tx *sql.Tx) error {
		var kind, ref, what string
		var acked int64
		err := tx.QueryRowContext(ctx, `SELECT kind, ref, what, acknowledged_at FROM integrity_problems WHERE id = ?`, id).Scan(&kind, &ref, &what, &acked)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("problem %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if acked != 0 {
			return fmt.Errorf("problem %d is already acknowledged", id)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE integrity_problems SET acknowledged_at = ?, acknowledged_by = ?, note = ? WHERE id = ?`,
			unixMS(st.Now()), sess.actor.Name, note, id); err != nil {
			return err
		}
		_, err = st.appendEntry(ctx, tx, sess.actor.ledgerName(), "integrity.acknowledge", subject,
			map[string]any{"kind": kind, "ref": ref, "what": what, "note": note})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: acknowledge: %w", err)
	}
	return nil
}
