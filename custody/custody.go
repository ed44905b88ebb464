package custody

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"evidock/store"
)

// Checkout is what CheckOut needs: which recorder goes to which officer, and
// when it is expected back.
type Checkout struct {
	Device  string
	Officer string // 警号
	// Until is the declared return. Without it the recorder is due at the
	// end of the day it went out (Art. 13: export the same day).
	Until time.Time
	// Remote marks continuous or remote work (Art. 13): the recorder is due
	// 24 h after Until, which it then needs.
	Remote bool
	Note   string
	// Check, if not nil, is the pre-use check (Art. 5), recorded with the
	// checkout (see equipment.go).
	Check *PreUseCheck
}

// CustodyRecord is one period a recorder was out with an officer.
type CustodyRecord struct {
	ID      int64     `json:"id"`
	Device  string    `json:"device"`
	Officer string    `json:"officer"`
	Out     time.Time `json:"out"`
	OutBy   string    `json:"out_by"`
	Until   time.Time `json:"until,omitzero"`
	Remote  bool      `json:"remote"`
	Due     time.Time `json:"due"`
	Note    string    `json:"note,omitempty"`
	// Returned is when it came back: an explicit check-in, or the start of
	// the first docking import of the device after Out, whichever was first.
	Returned   time.Time `json:"returned,omitzero"`
	ReturnedBy string    `json:"returned_by,omitempty"` // "dock" or the checking-in actor
	DockImport string    `json:"dock_import,omitempty"`
	// Overdue: returned after Due, or still out when asked and past Due.
	Overdue bool      `json:"overdue"`
	Lost    time.Time `json:"lost,omitzero"` // reported lost while out
	// OtherOfficers are officers other than Officer named by the recordings
	// the recorder made while out or by its docking import (Art. 20(2)).
	OtherOfficers []string `json:"other_officers,omitempty"`

	settled bool // written down as returned (in_at set)
}

// OutAt reports whether the recorder was out with the officer at t.
func (c CustodyRecord) OutAt(t time.Time) bool {
	return !t.Before(c.Out) && (c.Returned.IsZero() || t.Before(c.Returned))
}

// ErrConflict means the action does not fit the current state (a recorder
// already out, one not out).
var ErrConflict = errors.New("conflicts with the current state")

// dueTime is when a recorder checked out at out is expected back (Art. 13).
func dueTime(out, until time.Time, remote bool) time.Time {
	switch {
	case remote:
		return until.Add(24 * time.Hour)
	case !until.IsZero():
		return until
	}
	l := out.In(time.Local)
	return time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, time.Local)
}

// CheckOut issues a registered recorder to a registered officer. A recorder
// that is still out is refused with ErrConflict.
func CheckOut(ctx context.Context, sess *store.Session, c Checkout) (CustodyRecord, error) {
	c.Device, c.Officer = strings.TrimSpace(c.Device), strings.TrimSpace(c.Officer)
	if c.Device == "" || c.Officer == "" {
		return CustodyRecord{}, fmt.Errorf("store: check-out needs a recorder and an officer: %w", store.ErrInvalid)
	}
	if c.Remote && c.Until.IsZero() {
		return CustodyRecord{}, fmt.Errorf("store: remote work needs the declared return: %w", store.ErrInvalid)
	}
	if err := sess.Check(ctx, store.ActCustodyManage, c.Device); err != nil {
		return CustodyRecord{}, err
	}
	st := sess.Store()
	now := st.Now()
	if !c.Until.IsZero() && !c.Until.After(now) {
		return CustodyRecord{}, fmt.Errorf("store: the return %s is not after now: %w", c.Until.Format(time.RFC3339), store.ErrInvalid)
	}
	var id int64
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		tx.QueryRowContext(ctx, `SELECT count(*) FROM devices WHERE serial = ?`, c.Device).Scan(&n)
		if n == 0 {
			return fmt.Errorf("store: recorder %s is not registered: %w", c.Device, store.ErrNotFound)
		}
		tx.QueryRowContext(ctx, `SELECT count(*) FROM officers WHERE number = ?`, c.Officer).Scan(&n)
		if n == 0 {
			return fmt.Errorf("store: officer %s is not registered: %w", c.Officer, store.ErrNotFound)
		}
		if err := issuable(ctx, st, tx, c.Device); err != nil {
			return err
		}
		open, err := settleCustody(ctx, st, tx, c.Device)
		if err != nil {
			return err
		}
		if open != nil {
			return fmt.Errorf("store: recorder %s is out with officer %s since %s: %w",
				c.Device, open.Officer, open.Out.Local().Format(time.DateTime), ErrConflict)
		}
		due := dueTime(now, c.Until, c.Remote)
		details := map[string]any{"device": c.Device, "officer": c.Officer, "due": due.UTC().Format(time.RFC3339), "remote": c.Remote}
		if !c.Until.IsZero() {
			details["until"] = c.Until.UTC().Format(time.RFC3339)
		}
		if c.Note != "" {
			details["note"] = c.Note
		}
		seq, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "custody.checkout", c.Device, details)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO custody(device_id, officer_id, out_at, out_by, until_at, remote, due_at, note, ledger_seq)
			VALUES (?,?,?,?,?,?,?,?,?)`, c.Device, c.Officer, store.UnixMS(now), sess.Actor().LedgerName(), store.UnixMS(c.Until), c.Remote, store.UnixMS(due), c.Note, seq)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil || c.Check == nil {
			return err
		}
		return recordPreUse(ctx, st, tx, sess.Actor().LedgerName(), id, c)
	})
	if err != nil {
		return CustodyRecord{}, fmt.Errorf("store: check out %s: %w", c.Device, err)
	}
	return custodyByID(ctx, st, id)
}

// settleCustody writes down a dock that returned the recorder's latest
// custody and returns that custody if it is still out.
func settleCustody(ctx context.Context, s *store.Store, tx *sql.Tx, device string) (*CustodyRecord, error) {
	recs, err := QueryCustody(ctx, s, tx, `c.device_id = ? AND c.in_at = 0`, []any{device}, "", 0)
	if err != nil {
		return nil, err
	}
	var open *CustodyRecord
	for i, c := range recs {
		if c.DockImport == "" {
			open = &recs[i]
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE custody SET in_at = ?, in_by = 'dock', in_import = ? WHERE id = ?`,
			store.UnixMS(c.Returned), c.DockImport, c.ID); err != nil {
			return nil, err
		}
	}
	return open, nil
}

// CheckIn takes a recorder back. A recorder that a dock already returned is
// written down as returned by that dock; one that is not out is refused
// with ErrConflict.
func CheckIn(ctx context.Context, sess *store.Session, device, note string) (CustodyRecord, error) {
	device = strings.TrimSpace(device)
	if err := sess.Check(ctx, store.ActCustodyManage, device); err != nil {
		return CustodyRecord{}, err
	}
	st := sess.Store()
	var id int64
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		recs, err := QueryCustody(ctx, st, tx, `c.device_id = ?`, []any{device}, "", 1)
		if err != nil {
			return err
		}
		if len(recs) == 0 || recs[0].settled {
			return fmt.Errorf("store: recorder %s is not checked out: %w", device, ErrConflict)
		}
		last := recs[0]
		id = last.ID
		details := map[string]any{"device": device, "officer": last.Officer, "custody": last.ID}
		inAt, inBy := st.Now(), sess.Actor().LedgerName()
		if last.DockImport != "" {
			inAt, inBy = last.Returned, "dock"
			details["returned_by_dock"] = last.DockImport
		}
		details["overdue"] = inAt.After(last.Due)
		if note != "" {
			details["note"] = note
		}
		if _, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "custody.checkin", device, details); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE custody SET in_at = ?, in_by = ?, in_import = ? WHERE id = ?`,
			store.UnixMS(inAt), inBy, last.DockImport, last.ID)
		return err
	})
	if err != nil {
		return CustodyRecord{}, fmt.Errorf("store: check in %s: %w", device, err)
	}
	return custodyByID(ctx, st, id)
}

// ReportLost records that a recorder was lost or stolen (Art. 20(7)). An
// officer may report only a recorder out with them or assigned to them.
func ReportLost(ctx context.Context, sess *store.Session, device, text string) error {
	device, text = strings.TrimSpace(device), strings.TrimSpace(text)
	if device == "" || text == "" {
		return fmt.Errorf("store: a lost recorder needs its serial and what happened: %w", store.ErrInvalid)
	}
	if err := sess.Check(ctx, store.ActCustodyLost, device); err != nil {
		return err
	}
	st := sess.Store()
	var open *CustodyRecord
	var assigned string
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT officer FROM devices WHERE serial = ?`, device).Scan(&assigned); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: recorder %s is not registered: %w", device, store.ErrNotFound)
			}
			return err
		}
		var err error
		open, err = settleCustody(ctx, st, tx, device)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: report %s lost: %w", device, err)
	}
	if !sess.Actor().Has(store.RoleCustodian, store.RoleAdmin) {
		// An officer reports their own recorder: out with them, or, when
		// it is not out, assigned to them.
		own := OfficerNumber(ctx, sess)
		mine := open != nil && open.Officer == own || open == nil && assigned == own
		if own == "" || !mine {
			return sess.Refuse(ctx, store.ActCustodyLost, device, "an officer reports only their own recorder")
		}
	}
	return st.Tx(ctx, func(tx *sql.Tx) error {
		now := st.Now()
		details := map[string]any{"device": device, "text": text}
		officer, cid := "", int64(0)
		if open != nil {
			officer, cid = open.Officer, open.ID
			details["officer"], details["custody"] = officer, cid
		}
		seq, err := st.AppendEntry(ctx, tx, sess.Actor().LedgerName(), "custody.lost", device, details)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO device_lost(device_id, officer_id, custody_id, reported_by, reported_at, text, ledger_seq)
			VALUES (?,?,?,?,?,?,?)`, device, officer, cid, sess.Actor().LedgerName(), store.UnixMS(now), text, seq); err != nil {
			return err
		}
		if cid != 0 {
			_, err = tx.ExecContext(ctx, `UPDATE custody SET lost_at = ? WHERE id = ?`, store.UnixMS(now), cid)
		}
		return err
	})
}

// OfficerNumber is the officer number (警号) of the session's user, or "".
func OfficerNumber(ctx context.Context, sess *store.Session) string {
	var n string
	sess.Store().DB().QueryRowContext(ctx, `SELECT officer_id FROM users WHERE name = ?`, sess.Actor().Name).Scan(&n)
	return n
}

// CustodyFilter selects custody records. Zero fields match everything.
type CustodyFilter struct {
	Device  string    `json:"device,omitempty"`
	Officer string    `json:"officer,omitempty"`
	At      time.Time `json:"at,omitzero"`   // out at this instant
	From    time.Time `json:"from,omitzero"` // went out at or after
	To      time.Time `json:"to,omitzero"`   // went out before
	Limit   int       `json:"limit,omitempty"`
}

// Custody answers who had which recorder when (Art. 20(2), 20(7)), newest
// first. The lookup is a ledger entry.
func Custody(ctx context.Context, sess *store.Session, f CustodyFilter) ([]CustodyRecord, error) {
	if err := sess.Check(ctx, store.ActCustodyRead, f.Device); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	add("1=1")
	if f.Device != "" {
		add("c.device_id = ?", f.Device)
	}
	if f.Officer != "" {
		add("c.officer_id = ?", f.Officer)
	}
	if !f.At.IsZero() {
		add("c.out_at <= ?", store.UnixMS(f.At))
	}
	if !f.From.IsZero() {
		add("c.out_at >= ?", store.UnixMS(f.From))
	}
	if !f.To.IsZero() {
		add("c.out_at < ?", store.UnixMS(f.To))
	}
	recs, err := QueryCustody(ctx, sess.Store(), sess.Store().DB(), strings.Join(where, " AND "), args, "", f.Limit)
	if err != nil {
		return nil, err
	}
	if !f.At.IsZero() {
		recs = slices.DeleteFunc(recs, func(c CustodyRecord) bool { return !c.OutAt(f.At) })
	}
	if sess.May(store.ActCustodyRead) && !sess.Actor().Has(store.RoleWorkstation) {
		if _, err := sess.Log(ctx, "custody.read", f.Device, map[string]any{"filter": f, "results": len(recs)}); err != nil {
			return nil, fmt.Errorf("store: record custody lookup: %w", err)
		}
	}
	return recs, nil
}

// CustodyOf lists a recorder's check-outs, newest first; the dock decides
// from them whose recordings are whose.
func CustodyOf(ctx context.Context, s *store.Store, device string) ([]CustodyRecord, error) {
	if device == "" {
		return nil, nil
	}
	return QueryCustody(ctx, s, s.DB(), `c.device_id = ?`, []any{device}, "", 0)
}

// Custodian returns the officer a recorder was out with at t, if any. The
// Dock may use it to name the officer of an import from a pool recorder.
func Custodian(ctx context.Context, s *store.Store, device string, t time.Time) (string, bool, error) {
	recs, err := QueryCustody(ctx, s, s.DB(), `c.device_id = ? AND c.out_at <= ?`, []any{device, store.UnixMS(t)}, "", 1)
	if err != nil || len(recs) == 0 || !recs[0].OutAt(t) {
		return "", false, err
	}
	return recs[0].Officer, true, nil
}

func custodyByID(ctx context.Context, s *store.Store, id int64) (CustodyRecord, error) {
	recs, err := QueryCustody(ctx, s, s.DB(), `c.id = ?`, []any{id}, "", 1)
	if err != nil {
		return CustodyRecord{}, err
	}
	if len(recs) == 0 {
		return CustodyRecord{}, fmt.Errorf("store: custody %d: %w", id, store.ErrNotFound)
	}
	return recs[0], nil
}

// dockSQL is the first docking import of the custody's recorder after it
// went out, as "id<TAB>started_at"; only asked while in_at is 0.
const dockSQL = `CASE WHEN c.in_at = 0 THEN (SELECT i.id || char(9) || i.started_at FROM imports i
	WHERE i.device_id = c.device_id AND i.started_at >= c.out_at ORDER BY i.started_at LIMIT 1) END`

// QueryCustody lists custody records matching where, newest first.
func QueryCustody(ctx context.Context, s *store.Store, q store.Queryer, where string, args []any, order string, limit int) ([]CustodyRecord, error) {
	if order == "" {
		order = "c.out_at DESC, c.id DESC"
	}
	query := `SELECT c.id, c.device_id, c.officer_id, c.out_at, c.out_by, c.until_at, c.remote, c.due_at, c.note,
		c.in_at, c.in_by, c.in_import, c.lost_at, ` + dockSQL + ` FROM custody c WHERE ` + where + ` ORDER BY ` + order
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: custody: %w", err)
	}
	now := s.Now()
	out := []CustodyRecord{}
	for rows.Next() {
		var c CustodyRecord
		var outAt, until, due, inAt, lost int64
		var dock sql.NullString
		if err := rows.Scan(&c.ID, &c.Device, &c.Officer, &outAt, &c.OutBy, &until, &c.Remote, &due, &c.Note,
			&inAt, &c.ReturnedBy, &c.DockImport, &lost, &dock); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: custody: %w", err)
		}
		c.Out, c.Until, c.Due, c.Returned, c.Lost = store.FromMS(outAt), store.FromMS(until), store.FromMS(due), store.FromMS(inAt), store.FromMS(lost)
		c.settled = inAt != 0
		if id, at, ok := strings.Cut(dock.String, "\t"); ok {
			var ms int64
			fmt.Sscan(at, &ms)
			c.Returned, c.ReturnedBy, c.DockImport = store.FromMS(ms), "dock", id
		}
		c.Overdue = c.Returned.After(c.Due) || c.Returned.IsZero() && c.Lost.IsZero() && now.After(c.Due)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: custody: %w", err)
	}
	for i := range out {
		if out[i].OtherOfficers, err = otherOfficers(ctx, s, q, out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// otherOfficers lists officers other than the custody's named by the
// QueryRecordings its recorder made while out, or by its docking import.
func otherOfficers(ctx context.Context, s *store.Store, q store.Queryer, c CustodyRecord) ([]string, error) {
	end := c.Returned
	if end.IsZero() {
		end = s.Now()
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT officer_id FROM recordings
		WHERE device_id = ? AND recorded_at >= ? AND recorded_at < ? AND officer_id NOT IN ('', ?)
		UNION SELECT officer_id FROM imports WHERE id = ? AND officer_id NOT IN ('', ?)
		ORDER BY 1`, c.Device, store.UnixMS(c.Out), store.UnixMS(end), c.Officer, c.DockImport, c.Officer)
	if err != nil {
		return nil, fmt.Errorf("store: custody officers: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
