package safekeeping

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"evidock/store"
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
func checkProblem(ctx context.Context, sess *store.Session, run *CheckRun, p store.Problem) error {
	run.Problems = append(run.Problems, p)
	st := sess.Store()
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM integrity_problems WHERE acknowledged_at = 0 AND kind = ? AND ref = ? AND what = ?`,
			p.Kind, p.Ref, p.What).Scan(&n); err != nil || n > 0 {
			return err
		}
		seq, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "check.problem", CheckSubject(run.ID),
			map[string]any{"kind": p.Kind, "ref": p.Ref, "what": p.What})
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO integrity_problems(check_id, found_at, kind, ref, what, ledger_seq) VALUES (?,?,?,?,?,?)`,
			run.ID, store.UnixMS(st.Now()), p.Kind, p.Ref, p.What, seq)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record check problem: %w", err)
	}
	return nil
}

// checkProblems is what run id has found so far.
func checkProblems(ctx context.Context, q store.Queryer, id int64) ([]store.Problem, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, ref, what FROM integrity_problems WHERE check_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.Problem{}
	for rows.Next() {
		var p store.Problem
		if err := rows.Scan(&p.Kind, &p.Ref, &p.What); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// OpenProblems lists what checks found that no custodian has acknowledged
// yet, oldest first. It is not a ledger entry: every screen asks.
func OpenProblems(ctx context.Context, sess *store.Session) ([]IntegrityProblem, error) {
	if err := sess.Check(ctx, store.ActIntegrityRead, ""); err != nil {
		return nil, err
	}
	return integrityProblems(ctx, sess.Store(), `acknowledged_at = 0`)
}

func integrityProblems(ctx context.Context, s *store.Store, where string, args ...any) ([]IntegrityProblem, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT id, check_id, found_at, kind, ref, what, ledger_seq, acknowledged_at, acknowledged_by, note
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
		p.FoundAt, p.AcknowledgedAt = store.FromMS(found), store.FromMS(acked)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Acknowledge closes open problem id with the custodian's note on what was
// done about it. A note is required.
func Acknowledge(ctx context.Context, sess *store.Session, id int64, note string) error {
	subject := "problem:" + strconv.FormatInt(id, 10)
	if err := sess.Check(ctx, store.ActIntegrityAcknowledge, subject); err != nil {
		return err
	}
	if strings.TrimSpace(note) == "" {
		return errors.New("store: acknowledge: a note is required")
	}
	st := sess.Store()
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		var kind, ref, what string
		var acked int64
		err := tx.QueryRowContext(ctx, `SELECT kind, ref, what, acknowledged_at FROM integrity_problems WHERE id = ?`, id).Scan(&kind, &ref, &what, &acked)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("problem %d: %w", id, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if acked != 0 {
			return fmt.Errorf("problem %d is already acknowledged", id)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE integrity_problems SET acknowledged_at = ?, acknowledged_by = ?, note = ? WHERE id = ?`,
			store.UnixMS(st.Now()), sess.Actor().Name, note, id); err != nil {
			return err
		}
		_, err = st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "integrity.acknowledge", subject,
			map[string]any{"kind": kind, "ref": ref, "what": what, "note": note})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: acknowledge: %w", err)
	}
	return nil
}
