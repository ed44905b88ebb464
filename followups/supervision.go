package followups

import (
	"context"
	"fmt"
	"time"

	"evidock/custody"
	"evidock/store"
)

// LateImport is a recording imported after its deadline (Art. 13), with the
// reason given, or none.
type LateImport struct {
	ID         string    `json:"id"`
	Officer    string    `json:"officer"`
	Device     string    `json:"device"`
	Name       string    `json:"name"`
	Day        string    `json:"date"`
	RecordedAt time.Time `json:"recorded_at"`
	ImportedAt time.Time `json:"imported_at"`
	Reason     string    `json:"reason,omitempty"` // "" when unexplained
}

// LostReport is one report of a lost or stolen recorder (Art. 20(7)).
type LostReport struct {
	Device     string    `json:"device"`
	Officer    string    `json:"officer,omitempty"` // who had it, when it was out
	ReportedBy string    `json:"reported_by"`
	At         time.Time `json:"at"`
	Text       string    `json:"text"`
}

// Report is everything the supervisor's period report shows: the
// DashboardSeen, and the lists behind its numbers.
type Report struct {
	Dashboard
	Late        []LateImport            `json:"late"`    // late imports of the period's days
	Custody     []custody.CustodyRecord `json:"custody"` // overdue, lost, or used by another officer
	LostReports []LostReport            `json:"lost_reports"`
	NotRecorded []NotRecorded           `json:"not_recorded"`
	Gaps        []OpenItem              `json:"gaps"` // unexplained interruptions of the period's days
}

// SupervisionReport gathers the period report. It is a ledger entry.
func SupervisionReport(ctx context.Context, sess *store.Session, p Period) (Report, error) {
	subject := p.From + ".." + p.To
	if err := sess.Check(ctx, store.ActSupervisionRead, subject); err != nil {
		return Report{}, err
	}
	st := sess.Store()
	// The same rule as Recordings: rows and figures only of what the
	// viewer may see; the rest only counted (Dashboard.Hidden).
	vis, visArgs := sess.Visibility()
	d, err := DashboardSeen(ctx, st, p, vis, visArgs)
	if err != nil {
		return Report{}, err
	}
	r := Report{Dashboard: d}
	from, to, _ := p.Bounds()
	if r.Late, err = lateImports(ctx, st, p, vis, visArgs); err != nil {
		return r, err
	}
	all, err := custody.QueryCustody(ctx, st, st.DB(), `c.out_at >= ? AND c.out_at < ?`, []any{from, to}, "c.out_at, c.id", 0)
	if err != nil {
		return r, err
	}
	r.Custody = []custody.CustodyRecord{}
	for _, c := range all {
		if c.Overdue || !c.Lost.IsZero() || len(c.OtherOfficers) > 0 {
			r.Custody = append(r.Custody, c)
		}
	}
	if r.LostReports, err = lostReports(ctx, st, from, to); err != nil {
		return r, err
	}
	if r.NotRecorded, err = notRecorded(ctx, st, NotRecordedFilter{From: p.From, To: p.To}); err != nil {
		return r, err
	}
	if r.Gaps, err = openItems(ctx, st, ItemGap, OpenItemFilter{From: p.From, To: p.To, visible: vis, visibleArgs: visArgs}); err != nil {
		return r, err
	}
	if r.Gaps == nil {
		r.Gaps = []OpenItem{}
	}
	if _, err := sess.Log(ctx, "supervision.report", subject, map[string]any{"period": p, "open": d.Open,
		"late": len(r.Late), "custody": len(r.Custody), "not_recorded": len(r.NotRecorded)}); err != nil {
		return r, fmt.Errorf("store: record report: %w", err)
	}
	return r, nil
}

func lateImports(ctx context.Context, s *store.Store, p Period, vis string, visArgs []any) ([]LateImport, error) {
	cond, args := `late = 1 AND day >= ? AND day <= ?`, []any{p.From, p.To}
	if vis != "" {
		cond, args = cond+` AND `+vis, append(args, visArgs...)
	}
	rows, err := s.DB().QueryContext(ctx, `SELECT id, officer_id, device_id, original_name, day, recorded_at, imported_at, late_reason
		FROM recordings WHERE `+cond+` ORDER BY day, officer_id, recorded_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: late imports: %w", err)
	}
	defer rows.Close()
	out := []LateImport{}
	for rows.Next() {
		var l LateImport
		var rec, imp int64
		if err := rows.Scan(&l.ID, &l.Officer, &l.Device, &l.Name, &l.Day, &rec, &imp, &l.Reason); err != nil {
			return nil, fmt.Errorf("store: late imports: %w", err)
		}
		l.RecordedAt, l.ImportedAt = store.FromMS(rec), store.FromMS(imp)
		out = append(out, l)
	}
	return out, rows.Err()
}

func lostReports(ctx context.Context, s *store.Store, from, to int64) ([]LostReport, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT device_id, officer_id, reported_by, reported_at, text
		FROM device_lost WHERE reported_at >= ? AND reported_at < ? ORDER BY reported_at`, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: lost recorders: %w", err)
	}
	defer rows.Close()
	out := []LostReport{}
	for rows.Next() {
		var l LostReport
		var at int64
		if err := rows.Scan(&l.Device, &l.Officer, &l.ReportedBy, &at, &l.Text); err != nil {
			return nil, fmt.Errorf("store: lost recorders: %w", err)
		}
		l.At = store.FromMS(at)
		out = append(out, l)
	}
	return out, rows.Err()
}
