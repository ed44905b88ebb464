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

// PreUseCheck is what the officer ticked before use (Art. 5). The
// workstation adds what the recorder's last docking measured.
type PreUseCheck struct {
	Battery bool   `json:"battery"`
	Memory  bool   `json:"memory"`
	Clock   bool   `json:"clock"`
	Note    string `json:"note,omitempty"`
}

// PreUseRecord is a pre-use check as recorded at a checkout.
type PreUseRecord struct {
	ID      int64     `json:"id"`
	Custody int64     `json:"custody"`
	Device  string    `json:"device"`
	Officer string    `json:"officer"`
	At      time.Time `json:"at"`
	By      string    `json:"by"`
	PreUseCheck
	DockImport string        `json:"dock_import,omitempty"`
	DockFree   int64         `json:"dock_free"` // -1 unknown
	DockTotal  int64         `json:"dock_total"`
	DockOffset time.Duration `json:"-"`
	DockOffS   float64       `json:"dock_offset_s,omitempty"`
	Problems   []string      `json:"problems"` // keys of regulation.PreUseChecks; none: passed
	AckBy      string        `json:"ack_by,omitempty"`
	AckAt      time.Time     `json:"ack_at,omitzero"`
	AckNote    string        `json:"ack_note,omitempty"`
}

// Passed reports whether nothing failed.
func (p PreUseRecord) Passed() bool { return len(p.Problems) == 0 }

// recordPreUse writes the pre-use check of a checkout inside its
// transaction, with the readings of the recorder's last docking.
func recordPreUse(ctx context.Context, s *store.Store, tx *sql.Tx, actor string, custodyID int64, c Checkout) error {
	p := PreUseRecord{Custody: custodyID, Device: c.Device, Officer: c.Officer, At: s.Now(), By: actor,
		PreUseCheck: *c.Check, DockFree: -1, DockTotal: -1, Problems: []string{}}
	var offMS int64
	var measured bool
	err := tx.QueryRowContext(ctx, `SELECT id, recorder_free, recorder_total, clock_offset_ms, clock_measured FROM imports
		WHERE device_id = ? ORDER BY started_at DESC LIMIT 1`, c.Device).Scan(&p.DockImport, &p.DockFree, &p.DockTotal, &offMS, &measured)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("last docking of %s: %w", c.Device, err)
	}
	if measured {
		p.DockOffset = time.Duration(offMS) * time.Millisecond
	}
	for key, ok := range map[string]bool{"battery": p.Battery, "memory": p.Memory, "clock": p.Clock,
		"dock_free": p.DockFree < 0 || p.DockFree >= PreUseMinFree} {
		if !ok {
			p.Problems = append(p.Problems, key)
		}
	}
	if _, open, err := clockProblem(ctx, s, tx, c.Device); err != nil {
		return err
	} else if open {
		p.Problems = append(p.Problems, "dock_clock")
	}
	order := regulation.PreUseChecks.Keys()
	slices.SortFunc(p.Problems, func(a, b string) int { return slices.Index(order, a) - slices.Index(order, b) })
	problems, _ := json.Marshal(p.Problems)
	details := map[string]any{"custody": custodyID, "device": c.Device, "officer": c.Officer, "check": p.PreUseCheck,
		"dock_import": p.DockImport, "dock_free": p.DockFree, "dock_offset_s": p.DockOffset.Seconds(), "problems": p.Problems}
	seq, err := s.AppendEntry(ctx, tx, actor, "device.preuse_check", c.Device, details)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO preuse_checks(custody_id, device_id, officer_id, at, by, battery, memory, clock,
		dock_import, dock_free, dock_total, dock_offset_ms, problems, note, ledger_seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		custodyID, c.Device, c.Officer, store.UnixMS(p.At), actor, p.Battery, p.Memory, p.Clock, p.DockImport, p.DockFree, p.DockTotal,
		p.DockOffset.Milliseconds(), string(problems), p.Note, seq)
	return err
}

// PreUseFilter selects pre-use checks. Zero fields match everything.
type PreUseFilter struct {
	Device string `json:"device,omitempty"`
	Failed bool   `json:"failed,omitempty"` // only those that failed
	Open   bool   `json:"open,omitempty"`   // only failed ones nobody acknowledged
	From   string `json:"from,omitempty"`   // checked on or after, YYYY-MM-DD
	To     string `json:"to,omitempty"`     // on or before
}

// PreUseChecks lists pre-use checks, newest first.
func PreUseChecks(ctx context.Context, sess *store.Session, f PreUseFilter) ([]PreUseRecord, error) {
	if err := sess.Check(ctx, store.ActPreuseRead, f.Device); err != nil {
		return nil, err
	}
	out, err := QueryPreUseChecks(ctx, sess.Store(), f)
	if err != nil || sess.Actor().Has(store.RoleWorkstation) {
		return out, err
	}
	if _, err := sess.Log(ctx, "preuse.read", f.Device, map[string]any{"filter": f, "results": len(out)}); err != nil {
		return nil, fmt.Errorf("store: record pre-use check lookup: %w", err)
	}
	return out, nil
}

func QueryPreUseChecks(ctx context.Context, s *store.Store, f PreUseFilter) ([]PreUseRecord, error) {
	where, args := []string{"1=1"}, []any{}
	if f.Device != "" {
		where, args = append(where, "device_id = ?"), append(args, f.Device)
	}
	if f.Failed || f.Open {
		where = append(where, "problems <> '[]'")
	}
	if f.Open {
		where = append(where, "ack_at = 0")
	}
	for _, b := range []struct {
		day string
		end bool
		op  string
	}{{f.From, false, ">="}, {f.To, true, "<"}} {
		if b.day == "" {
			continue
		}
		ms, err := store.DayMS(b.day, b.end)
		if err != nil {
			return nil, err
		}
		where, args = append(where, "at "+b.op+" ?"), append(args, ms)
	}
	rows, err := s.DB().QueryContext(ctx, `SELECT id, custody_id, device_id, officer_id, at, by, battery, memory, clock, note,
		dock_import, dock_free, dock_total, dock_offset_ms, problems, ack_by, ack_at, ack_note
		FROM preuse_checks WHERE `+strings.Join(where, " AND ")+` ORDER BY at DESC, id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: pre-use checks: %w", err)
	}
	defer rows.Close()
	out := []PreUseRecord{}
	for rows.Next() {
		var p PreUseRecord
		var at, off, ack int64
		var problems string
		if err := rows.Scan(&p.ID, &p.Custody, &p.Device, &p.Officer, &at, &p.By, &p.Battery, &p.Memory, &p.Clock, &p.Note,
			&p.DockImport, &p.DockFree, &p.DockTotal, &off, &problems, &p.AckBy, &ack, &p.AckNote); err != nil {
			return nil, fmt.Errorf("store: pre-use checks: %w", err)
		}
		p.At, p.AckAt = store.FromMS(at), store.FromMS(ack)
		p.DockOffset = time.Duration(off) * time.Millisecond
		p.DockOffS = p.DockOffset.Seconds()
		json.Unmarshal([]byte(problems), &p.Problems)
		out = append(out, p)
	}
	return out, rows.Err()
}

// AckPreUse is the acknowledgement of a failed pre-use check by the
// supervisor, leader or custodian, saying what was done. A check that
// passed, or was acknowledged already, is refused with ErrConflict.
func AckPreUse(ctx context.Context, sess *store.Session, id int64, note string) error {
	note = strings.TrimSpace(note)
	subject := fmt.Sprintf("preuse:%d", id)
	if note == "" {
		return fmt.Errorf("store: an acknowledgement needs a note: %w", store.ErrInvalid)
	}
	if err := sess.Check(ctx, store.ActPreuseAck, subject); err != nil {
		return err
	}
	st := sess.Store()
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		var problems string
		var ack int64
		err := tx.QueryRowContext(ctx, `SELECT problems, ack_at FROM preuse_checks WHERE id = ?`, id).Scan(&problems, &ack)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("pre-use check %d: %w", id, store.ErrNotFound)
		case err != nil:
			return err
		case problems == "[]":
			return fmt.Errorf("pre-use check %d passed; there is nothing to acknowledge: %w", id, ErrConflict)
		case ack != 0:
			return fmt.Errorf("pre-use check %d is already acknowledged: %w", id, ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE preuse_checks SET ack_by = ?, ack_at = ?, ack_note = ? WHERE id = ?`,
			sess.Actor().LedgerName(), store.UnixMS(st.Now()), note, id); err != nil {
			return err
		}
		_, err = st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "preuse.ack", subject, map[string]any{"note": note})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: acknowledge pre-use check %d: %w", id, err)
	}
	return nil
}
