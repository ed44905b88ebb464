package custody

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"evidock/regulation"
	"evidock/store"
)

// Kinds of open item about the equipment (Art. 5).
const (
	ItemClock  = "clock"  // a recorder whose clock a docking found off by more than ClockLimit, not yet corrected
	ItemPreUse = "preuse" // a failed pre-use check nobody has acknowledged
)

// ClockLimit is how far a recorder's clock may be off at docking before the
// recorder is listed until someone corrects it (Art. 5: date and time).
const ClockLimit = 5 * time.Minute

// PreUseMinFree is the free space a recorder's last docking must have found
// for the pre-use check to pass (Art. 5: memory), in bytes.
const PreUseMinFree = 1_000_000_000

// Device states (regulation.DeviceStates). Only a recorder in use is issued.
const (
	StateInUse    = "in_use"   // 在用
	StateRepair   = "repair"   // 维修
	StateScrapped = "scrapped" // 报废
	StateLost     = "lost"     // 遗失
)

// StateChange is one change of a recorder's state.
type StateChange struct {
	Device string    `json:"device"`
	State  string    `json:"state"` // a key of regulation.DeviceStates
	At     time.Time `json:"at,omitzero"`
	By     string    `json:"by,omitempty"`
	Note   string    `json:"note,omitempty"`
}

// DeviceStatus is a registered recorder with its state and what its last
// docking measured.
type DeviceStatus struct {
	store.Device
	StateChange
	LastDock    time.Time     `json:"last_dock,omitzero"`
	Free        int64         `json:"free"`  // bytes free at the last docking; -1 unknown
	Total       int64         `json:"total"` // size of its volume; -1 unknown
	ClockOff    time.Duration `json:"-"`
	ClockOffS   float64       `json:"clock_off_s,omitempty"` // the offset found, while not corrected
	ClockFlagAt time.Time     `json:"clock_flagged_at,omitzero"`
}

// stateSQL is a recorder's state now: its newest state change, unless a
// lost-device report is newer. Columns: state, at, by, note.
const stateSQL = `SELECT state, at, by, note FROM (
	SELECT state, at, by, note, id AS o FROM device_states WHERE device_id = ?1
	UNION ALL SELECT 'lost', reported_at, reported_by, text, id FROM device_lost WHERE device_id = ?1)
	ORDER BY at DESC, o DESC LIMIT 1`

// StateOf is serial's state now; in use when nothing was ever recorded.
func StateOf(ctx context.Context, s *store.Store, q store.Queryer, serial string) (StateChange, error) {
	c := StateChange{Device: serial, State: StateInUse}
	var at int64
	err := q.QueryRowContext(ctx, stateSQL, serial).Scan(&c.State, &at, &c.By, &c.Note)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("store: state of %s: %w", serial, err)
	}
	c.At = store.FromMS(at)
	return c, nil
}

// issuable refuses a checkout of a recorder under repair, scrapped or lost.
func issuable(ctx context.Context, s *store.Store, q store.Queryer, serial string) error {
	c, err := StateOf(ctx, s, q, serial)
	if err != nil {
		return err
	}
	if c.State != StateInUse {
		return fmt.Errorf("store: recorder %s is %s (%s) since %s and cannot be issued: %w", serial,
			regulation.DeviceStates.Word(c.State, regulation.ZH), c.State, c.At.Local().Format(time.DateTime), ErrConflict)
	}
	return nil
}

// SetDeviceState records a change of a recorder's state (在用, 维修, 报废,
// 遗失) with a note, as custodian or administrator. Setting the state it is
// already in is refused with ErrConflict; a scrapped recorder stays
// scrapped. A recorder set lost is reported lost (ReportLost), the note
// saying what happened.
func SetDeviceState(ctx context.Context, sess *store.Session, serial, state, note string) error {
	serial, note = strings.TrimSpace(serial), strings.TrimSpace(note)
	if _, ok := regulation.DeviceStates.Term(state); !ok {
		return fmt.Errorf("store: device state %q is not one of %v: %w", state, regulation.DeviceStates.Keys(), store.ErrInvalid)
	}
	if note == "" {
		return fmt.Errorf("store: a change of state needs a note: %w", store.ErrInvalid)
	}
	if err := sess.Check(ctx, store.ActDeviceState, serial); err != nil {
		return err
	}
	st := sess.Store()
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := sess.Device(ctx, serial); err != nil {
			return err
		}
		cur, err := StateOf(ctx, st, tx, serial)
		if err != nil {
			return err
		}
		switch {
		case cur.State == state:
			return fmt.Errorf("recorder %s is already %s: %w", serial, regulation.DeviceStates.Word(state, regulation.ZH), ErrConflict)
		case cur.State == StateScrapped:
			return fmt.Errorf("recorder %s is scrapped: %w", serial, ErrConflict)
		case state == StateLost:
			return nil // ReportLost below
		}
		seq, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "device.state", serial,
			map[string]any{"from": cur.State, "to": state, "note": note})
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO device_states(device_id, state, at, by, note, ledger_seq) VALUES (?,?,?,?,?,?)`,
			serial, state, store.UnixMS(st.Now()), sess.Actor().LedgerName(), note, seq)
		return err
	})
	if err == nil && state == StateLost {
		err = ReportLost(ctx, sess, serial, note)
	}
	if err != nil {
		return fmt.Errorf("store: set state of %s: %w", serial, err)
	}
	return nil
}

// DeviceHistory lists a recorder's changes of state, oldest first,
// lost-device reports among them.
func DeviceHistory(ctx context.Context, sess *store.Session, serial string) ([]StateChange, error) {
	if err := sess.Check(ctx, store.ActDeviceRead, serial); err != nil {
		return nil, err
	}
	rows, err := sess.Store().DB().QueryContext(ctx, `SELECT state, at, by, note FROM (
		SELECT state, at, by, note, id AS o FROM device_states WHERE device_id = ?1
		UNION ALL SELECT 'lost', reported_at, reported_by, text, id FROM device_lost WHERE device_id = ?1)
		ORDER BY at, o`, serial)
	if err != nil {
		return nil, fmt.Errorf("store: history of %s: %w", serial, err)
	}
	defer rows.Close()
	out := []StateChange{}
	for rows.Next() {
		c := StateChange{Device: serial}
		var at int64
		if err := rows.Scan(&c.State, &at, &c.By, &c.Note); err != nil {
			return nil, fmt.Errorf("store: history of %s: %w", serial, err)
		}
		c.At = store.FromMS(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// DeviceStatuses lists every registered recorder with its state, its last
// docking's free space and a clock found off and not yet corrected.
func DeviceStatuses(ctx context.Context, sess *store.Session) ([]DeviceStatus, error) {
	devs, err := sess.Devices(ctx)
	if err != nil {
		return nil, err
	}
	return StatusesOf(ctx, sess.Store(), devs)
}

func StatusesOf(ctx context.Context, s *store.Store, devs []store.Device) ([]DeviceStatus, error) {
	out := make([]DeviceStatus, 0, len(devs))
	for _, d := range devs {
		ds := DeviceStatus{Device: d, Free: -1, Total: -1}
		var err error
		if ds.StateChange, err = StateOf(ctx, s, s.DB(), d.Serial); err != nil {
			return nil, err
		}
		var started int64
		err = s.DB().QueryRowContext(ctx, `SELECT started_at, recorder_free, recorder_total FROM imports
			WHERE device_id = ? ORDER BY started_at DESC LIMIT 1`, d.Serial).Scan(&started, &ds.Free, &ds.Total)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: last docking of %s: %w", d.Serial, err)
		}
		ds.LastDock = store.FromMS(started)
		if p, ok, err := clockProblem(ctx, s, s.DB(), d.Serial); err != nil {
			return nil, err
		} else if ok {
			ds.ClockOff, ds.ClockOffS, ds.ClockFlagAt = p.offset, p.offset.Seconds(), p.at
		}
		out = append(out, ds)
	}
	return out, nil
}

// clockOff is a docking that found a recorder's clock off.
type clockOff struct {
	importID string
	offset   time.Duration
	at       time.Time
}

// ClockOpen is the condition on imports i of the dockings whose clock
// finding is still open: the newest docking of each recorder that measured
// its clock, if it was off by more than ClockLimit (its one argument) and
// neither a clock_fixes row nor the workstation's setting of the clock
// (recorder.clock_set) came after it.
const ClockOpen = `i.clock_measured = 1 AND i.device_id <> '' AND abs(i.clock_offset_ms) > ?
	AND i.started_at = (SELECT max(j.started_at) FROM imports j WHERE j.device_id = i.device_id AND j.clock_measured = 1)
	AND NOT EXISTS (SELECT 1 FROM clock_fixes f WHERE f.device_id = i.device_id AND f.at >= i.started_at)
	AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.action = 'recorder.clock_set' AND l.subject = i.device_id
		AND l.time >= strftime('%Y-%m-%dT%H:%M:%S', i.started_at / 1000, 'unixepoch'))`

// clockProblem is serial's open clock finding, if any.
func clockProblem(ctx context.Context, s *store.Store, q store.Queryer, serial string) (clockOff, bool, error) {
	var p clockOff
	var ms, at int64
	err := q.QueryRowContext(ctx, `SELECT i.id, i.clock_offset_ms, i.started_at FROM imports i WHERE `+ClockOpen+` AND i.device_id = ?`,
		ClockLimit.Milliseconds(), serial).Scan(&p.importID, &ms, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("store: clock of %s: %w", serial, err)
	}
	p.offset, p.at = time.Duration(ms)*time.Millisecond, store.FromMS(at)
	return p, true, nil
}

// CorrectClock records that a recorder's clock, found off at docking by
// more than ClockLimit, was set right; it leaves the open items. A recorder
// with no such finding is refused with ErrConflict.
func CorrectClock(ctx context.Context, sess *store.Session, serial, note string) error {
	serial, note = strings.TrimSpace(serial), strings.TrimSpace(note)
	if note == "" {
		return fmt.Errorf("store: a clock correction needs a note: %w", store.ErrInvalid)
	}
	if err := sess.Check(ctx, store.ActDeviceClockFix, serial); err != nil {
		return err
	}
	st := sess.Store()
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		p, ok, err := clockProblem(ctx, st, tx, serial)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("recorder %s has no clock found off and not yet corrected: %w", serial, ErrConflict)
		}
		seq, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "device.clock_fix", serial,
			map[string]any{"import": p.importID, "offset_s": p.offset.Seconds(), "note": note})
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO clock_fixes(device_id, import_id, at, by, note, ledger_seq) VALUES (?,?,?,?,?,?)`,
			serial, p.importID, store.UnixMS(st.Now()), sess.Actor().LedgerName(), note, seq)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: correct the clock of %s: %w", serial, err)
	}
	return nil
}
