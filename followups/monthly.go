package followups

import (
	"context"
	"fmt"

	"evidock/custody"
	"evidock/store"
)

// CategoryCount is how many recordings of the period one officer has of
// one activity type (Art. 6); Category "" counts those not yet given one.
type CategoryCount struct {
	Officer  string `json:"officer"`
	Category string `json:"category"`
	N        int    `json:"n"`
}

// Interruption is an interruption (Art. 11) with the officer of the clip
// after it.
type Interruption struct {
	Gap
	Officer string `json:"officer"`
}

// Monthly is the supervisor's monthly report (督查报表): the period report
// and what the other articles add to it — recordings by activity type,
// every interruption with or without its explanation, the recorders by
// state, the failed pre-use checks and the violation register.
type Monthly struct {
	Report
	Categories    []CategoryCount        `json:"categories"`
	Interruptions []Interruption         `json:"interruptions"` // of the period's days, explained or not
	Devices       []custody.DeviceStatus `json:"devices"`
	PreUseFailed  []custody.PreUseRecord `json:"preuse_failed"` // checks of the period that failed
	Violations    []custody.Violation    `json:"violations"`    // raised in the period, or still open
}

// MonthlyReport gathers the monthly report for a period. It first raises
// the signs the records show (ScanSigns), so that the register it reports
// is up to date. Gathering it is a ledger entry.
func MonthlyReport(ctx context.Context, sess *store.Session, p Period) (Monthly, error) {
	r, err := SupervisionReport(ctx, sess, p)
	if err != nil {
		return Monthly{}, err
	}
	m := Monthly{Report: r}
	st := sess.Store()
	if sess.May(store.ActViolationScan) {
		if _, err := custody.ScanSigns(ctx, sess); err != nil {
			return m, err
		}
	}
	if m.Categories, err = categoryCounts(ctx, st, p); err != nil {
		return m, err
	}
	if m.Interruptions, err = interruptions(ctx, st, p); err != nil {
		return m, err
	}
	devs, err := allDevices(ctx, st)
	if err != nil {
		return m, err
	}
	if m.Devices, err = custody.StatusesOf(ctx, st, devs); err != nil {
		return m, err
	}
	if m.PreUseFailed, err = custody.QueryPreUseChecks(ctx, st, custody.PreUseFilter{Failed: true, From: p.From, To: p.To}); err != nil {
		return m, err
	}
	inPeriod, err := custody.QueryViolations(ctx, st, custody.ViolationFilter{From: p.From, To: p.To})
	if err != nil {
		return m, err
	}
	open, err := custody.QueryViolations(ctx, st, custody.ViolationFilter{Open: true})
	if err != nil {
		return m, err
	}
	seen := map[int64]bool{}
	m.Violations = []custody.Violation{}
	for _, v := range append(inPeriod, open...) {
		if !seen[v.ID] {
			seen[v.ID] = true
			m.Violations = append(m.Violations, v)
		}
	}
	if _, err := sess.Log(ctx, "supervision.monthly", p.From+".."+p.To, map[string]any{"period": p,
		"interruptions": len(m.Interruptions), "violations": len(m.Violations), "preuse_failed": len(m.PreUseFailed)}); err != nil {
		return m, fmt.Errorf("store: record monthly report: %w", err)
	}
	return m, nil
}

func categoryCounts(ctx context.Context, s *store.Store, p Period) ([]CategoryCount, error) {
	if _, _, err := p.Bounds(); err != nil {
		return nil, err
	}
	rows, err := s.DB().QueryContext(ctx, `SELECT officer_id, category, count(*) FROM recordings
		WHERE day >= ? AND day <= ? GROUP BY officer_id, category ORDER BY officer_id, category`, p.From, p.To)
	if err != nil {
		return nil, fmt.Errorf("store: recordings by category: %w", err)
	}
	defer rows.Close()
	out := []CategoryCount{}
	for rows.Next() {
		var c CategoryCount
		if err := rows.Scan(&c.Officer, &c.Category, &c.N); err != nil {
			return nil, fmt.Errorf("store: recordings by category: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func interruptions(ctx context.Context, s *store.Store, p Period) ([]Interruption, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT g.id, g.device_id, g.day, g.from_ms, g.to_ms, g.reason, g.text, g.stated, g.explained_at,
		g.before_rec, g.after_rec, coalesce(r.officer_id, '')
		FROM gaps g LEFT JOIN recordings r ON r.id = g.after_rec WHERE g.day >= ? AND g.day <= ? ORDER BY g.from_ms`, p.From, p.To)
	if err != nil {
		return nil, fmt.Errorf("store: interruptions: %w", err)
	}
	defer rows.Close()
	out := []Interruption{}
	for rows.Next() {
		var in Interruption
		var from, to, at int64
		if err := rows.Scan(&in.ID, &in.DeviceID, &in.Day, &from, &to, &in.Reason, &in.Text, &in.Stated, &at,
			&in.Before, &in.After, &in.Officer); err != nil {
			return nil, fmt.Errorf("store: interruptions: %w", err)
		}
		in.From, in.To, in.Explained = store.FromMS(from), store.FromMS(to), at != 0
		in.Seconds = in.To.Sub(in.From).Seconds()
		out = append(out, in)
	}
	return out, rows.Err()
}

func allDevices(ctx context.Context, s *store.Store) ([]store.Device, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT serial, model, profile, officer FROM devices ORDER BY serial`)
	if err != nil {
		return nil, fmt.Errorf("store: devices: %w", err)
	}
	defer rows.Close()
	var out []store.Device
	for rows.Next() {
		var d store.Device
		if err := rows.Scan(&d.Serial, &d.Model, &d.Profile, &d.Officer); err != nil {
			return nil, fmt.Errorf("store: devices: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
