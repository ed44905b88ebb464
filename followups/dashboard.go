package followups

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"evidock/safekeeping"
	"evidock/store"
)

// Period is a span of local days, both ends included.
type Period struct {
	From string `json:"from"` // YYYY-MM-DD
	To   string `json:"to"`   // YYYY-MM-DD
}

// Bounds returns the period's start and end (exclusive) in unix ms.
func (p Period) Bounds() (int64, int64, error) {
	from, err := store.DayMS(p.From, false)
	if err != nil {
		return 0, 0, err
	}
	to, err := store.DayMS(p.To, true)
	if err != nil {
		return 0, 0, err
	}
	if to <= from {
		return 0, 0, fmt.Errorf("store: period %s – %s ends before it starts: %w", p.From, p.To, store.ErrInvalid)
	}
	return from, to, nil
}

// Days lists the period's days.
func (p Period) Days() []string {
	from, err1 := time.Parse(time.DateOnly, p.From)
	to, err2 := time.Parse(time.DateOnly, p.To)
	if err1 != nil || err2 != nil {
		return nil
	}
	var out []string
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}

// Ratio is N out of Of.
type Ratio struct {
	N  int `json:"n"`
	Of int `json:"of"`
}

// Rate is N/Of; ok is false when there is nothing to count.
func (r Ratio) Rate() (rate float64, ok bool) {
	if r.Of == 0 {
		return 0, false
	}
	return float64(r.N) / float64(r.Of), true
}

// String is the rate in percent with one decimal, or "—" for 0 of 0.
func (r Ratio) String() string {
	v, ok := r.Rate()
	if !ok {
		return "—"
	}
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

// MarshalJSON adds the rate (null for 0 of 0).
func (r Ratio) MarshalJSON() ([]byte, error) {
	v := struct {
		N    int      `json:"n"`
		Of   int      `json:"of"`
		Rate *float64 `json:"rate"`
	}{N: r.N, Of: r.Of}
	if rate, ok := r.Rate(); ok {
		v.Rate = &rate
	}
	return json.Marshal(v)
}

// OfficerRow is one officer's compliance in a period.
type OfficerRow struct {
	Officer         string `json:"officer"` // 警号; "" for recordings of no known officer
	Name            string `json:"name"`
	Unit            string `json:"unit,omitempty"`
	Recordings      int    `json:"recordings"`       // recorded on the period's days
	OnTime          Ratio  `json:"on_time"`          // of those, imported on time (Art. 13)
	Late            int    `json:"late"`             // imported late
	LateUnexplained int    `json:"late_unexplained"` // late without a reason
	Explained       Ratio  `json:"interruptions_explained"`
	Categorised     Ratio  `json:"categorised"`
	Checkouts       int    `json:"checkouts"` // recorders issued in the period
	Overdue         int    `json:"overdue"`   // of those, returned late or still out past due
	NotRecorded     int    `json:"not_recorded"`
	// Open is the officer's open items of the period's days, as OpenItems
	// lists them for the officer and period (what the 督查 chart draws).
	Open int `json:"open"`
}

// DayPoint is one day of the chart: recordings made that day, how many were
// imported on time, and the import runs started that day.
type DayPoint struct {
	Day        string `json:"date"`
	Imports    int    `json:"imports"`
	Recordings int    `json:"recordings"`
	OnTime     Ratio  `json:"on_time"`
}

// DashboardFor is the supervisor's screen (督查): open items at a glance (all
// of them, whatever the period), each officer's compliance in the period,
// and a daily series for a chart.
type Dashboard struct {
	Period   Period         `json:"period"`
	At       time.Time      `json:"at"`
	Open     map[string]int `json:"open"`     // by kind (ItemKinds)
	Lost     int            `json:"lost"`     // recorders reported lost in the period
	Officers []OfficerRow   `json:"officers"` // by officer number
	Daily    []DayPoint     `json:"daily"`    // every day of the period
	Totals   OfficerRow     `json:"totals"`   // the officers' rows summed
	// Hidden counts the period's recordings beyond the viewer's clearance
	// (Art. 19): left out of every figure above, only their number shown.
	Hidden int `json:"hidden"`
	// Replication is how far the off-site copy (S3 with Object Lock) is
	// behind the ledger; nil when no replication target is set.
	Replication *safekeeping.ReplicationLag `json:"replication,omitempty"`
}

// DashboardFor computes the supervisor's screen for a period. It reads only
// maintained counters and indexed open items, never the ledger beyond its
// last integrity-check entry. The lookup is a ledger entry.
func DashboardFor(ctx context.Context, sess *store.Session, p Period) (Dashboard, error) {
	if err := sess.Check(ctx, store.ActSupervisionRead, p.From+".."+p.To); err != nil {
		return Dashboard{}, err
	}
	vis, visArgs := sess.Visibility()
	d, err := DashboardSeen(ctx, sess.Store(), p, vis, visArgs)
	if err != nil {
		return d, err
	}
	lag, err := safekeeping.CurrentReplicationLag(ctx, sess.Store())
	if err != nil {
		return d, err
	}
	if lag.Target != "" {
		d.Replication = &lag
	}
	if _, err := sess.Log(ctx, "supervision.read", p.From+".."+p.To, map[string]any{"period": p, "open": d.Open, "hidden": d.Hidden}); err != nil {
		return d, fmt.Errorf("store: record dashboard lookup: %w", err)
	}
	return d, nil
}

// DashboardSeen computes the screen for what the condition vis on recordings
// lets the viewer see ("" for everything).
func DashboardSeen(ctx context.Context, s *store.Store, p Period, vis string, visArgs []any) (Dashboard, error) {
	from, to, err := p.Bounds()
	if err != nil {
		return Dashboard{}, err
	}
	d := Dashboard{Period: p, At: s.Now().UTC()}
	if d.Open, err = OpenCounts(ctx, s, OpenItemFilter{visible: vis, visibleArgs: visArgs}); err != nil {
		return d, err
	}
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM device_lost WHERE reported_at >= ? AND reported_at < ?`, from, to).Scan(&d.Lost); err != nil {
		return d, fmt.Errorf("store: dashboard: %w", err)
	}
	if d.Officers, err = OfficerTable(ctx, s, p, from, to); err != nil {
		return d, err
	}
	var hidden []hiddenRecording
	if vis != "" {
		if hidden, err = hiddenRecordings(ctx, s, p, vis, visArgs); err != nil {
			return d, err
		}
		d.Hidden = len(hidden)
		leaveOut(d.Officers, hidden)
	}
	open, err := OpenByOfficer(ctx, s, OpenItemFilter{From: p.From, To: p.To, visible: vis, visibleArgs: visArgs})
	if err != nil {
		return d, err
	}
	for i := range d.Officers { // items of no officer, or of no row, are in d.Open only
		d.Officers[i].Open = open[d.Officers[i].Officer]
	}
	for _, r := range d.Officers {
		t := &d.Totals
		t.Recordings += r.Recordings
		t.OnTime.N, t.OnTime.Of = t.OnTime.N+r.OnTime.N, t.OnTime.Of+r.OnTime.Of
		t.Late += r.Late
		t.LateUnexplained += r.LateUnexplained
		t.Explained.N, t.Explained.Of = t.Explained.N+r.Explained.N, t.Explained.Of+r.Explained.Of
		t.Categorised.N, t.Categorised.Of = t.Categorised.N+r.Categorised.N, t.Categorised.Of+r.Categorised.Of
		t.Checkouts += r.Checkouts
		t.Overdue += r.Overdue
		t.NotRecorded += r.NotRecorded
		t.Open += r.Open
	}
	if d.Daily, err = dailySeries(ctx, s, p, from, to); err != nil {
		return d, err
	}
	for _, h := range hidden {
		for i := range d.Daily {
			if d.Daily[i].Day == h.day {
				pt := &d.Daily[i]
				pt.Recordings--
				pt.OnTime.Of--
				if !h.late {
					pt.OnTime.N--
				}
			}
		}
	}
	return d, nil
}

// OfficerTable is one row per registered officer, and per other officer
// number with recordings or custody in the period.
func OfficerTable(ctx context.Context, s *store.Store, p Period, from, to int64) ([]OfficerRow, error) {
	rows := map[string]*OfficerRow{}
	get := func(o string) *OfficerRow {
		r, ok := rows[o]
		if !ok {
			r = &OfficerRow{Officer: o}
			rows[o] = r
		}
		return r
	}
	type scanFunc func(scan func(...any) error) error
	query := func(q string, fn scanFunc, args ...any) error {
		rs, err := s.DB().QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("store: officer table: %w", err)
		}
		defer rs.Close()
		for rs.Next() {
			if err := fn(rs.Scan); err != nil {
				return fmt.Errorf("store: officer table: %w", err)
			}
		}
		return rs.Err()
	}
	err := query(`SELECT number, name, unit FROM officers`, func(scan func(...any) error) error {
		var o, name, unit string
		if err := scan(&o, &name, &unit); err != nil {
			return err
		}
		r := get(o)
		r.Name, r.Unit = name, unit
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = query(`SELECT officer_id, sum(recordings), sum(late), sum(late_unexplained), sum(uncategorised), sum(gaps), sum(gaps_open)
		FROM officer_day WHERE day >= ? AND day <= ? GROUP BY officer_id`, func(scan func(...any) error) error {
		var o string
		var recs, late, lateOpen, uncat, gaps, gapsOpen int
		if err := scan(&o, &recs, &late, &lateOpen, &uncat, &gaps, &gapsOpen); err != nil {
			return err
		}
		if recs == 0 && gaps == 0 {
			return nil
		}
		r := get(o)
		r.Recordings, r.Late, r.LateUnexplained = recs, late, lateOpen
		r.OnTime = Ratio{recs - late, recs}
		r.Categorised = Ratio{recs - uncat, recs}
		r.Explained = Ratio{gaps - gapsOpen, gaps}
		return nil
	}, p.From, p.To)
	if err != nil {
		return nil, err
	}
	err = query(`SELECT officer_id, count(*),
			sum(CASE WHEN ret > due_at OR (ret IS NULL AND lost_at = 0 AND ? > due_at) THEN 1 ELSE 0 END)
		FROM (SELECT c.officer_id, c.due_at, c.lost_at, CASE WHEN c.in_at <> 0 THEN c.in_at ELSE
			(SELECT min(i.started_at) FROM imports i WHERE i.device_id = c.device_id AND i.started_at >= c.out_at) END AS ret
			FROM custody c WHERE c.out_at >= ? AND c.out_at < ?)
		GROUP BY officer_id`, func(scan func(...any) error) error {
		var o string
		var n, overdue int
		if err := scan(&o, &n, &overdue); err != nil {
			return err
		}
		r := get(o)
		r.Checkouts, r.Overdue = n, overdue
		return nil
	}, store.UnixMS(s.Now()), from, to)
	if err != nil {
		return nil, err
	}
	err = query(`SELECT officer_id, count(*) FROM not_recorded WHERE day >= ? AND day <= ? GROUP BY officer_id`,
		func(scan func(...any) error) error {
			var o string
			var n int
			if err := scan(&o, &n); err != nil {
				return err
			}
			get(o).NotRecorded = n
			return nil
		}, p.From, p.To)
	if err != nil {
		return nil, err
	}
	out := make([]OfficerRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Officer < out[j].Officer })
	return out, nil
}

// dailySeries is every day of the period: recordings made and on time, and
// import runs started (local days).
func dailySeries(ctx context.Context, s *store.Store, p Period, from, to int64) ([]DayPoint, error) {
	days := p.Days()
	idx := make(map[string]int, len(days))
	out := make([]DayPoint, len(days))
	for i, d := range days {
		out[i].Day, idx[d] = d, i
	}
	rows, err := s.DB().QueryContext(ctx, `SELECT day, sum(recordings), sum(late) FROM officer_day
		WHERE day >= ? AND day <= ? GROUP BY day`, p.From, p.To)
	if err != nil {
		return nil, fmt.Errorf("store: daily series: %w", err)
	}
	for rows.Next() {
		var day string
		var n, late int
		if err := rows.Scan(&day, &n, &late); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: daily series: %w", err)
		}
		if i, ok := idx[day]; ok {
			out[i].Recordings, out[i].OnTime = n, Ratio{n - late, n}
		}
	}
	rows.Close()
	rows, err = s.DB().QueryContext(ctx, `SELECT started_at FROM imports WHERE started_at >= ? AND started_at < ?`, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: daily series: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ms int64
		if err := rows.Scan(&ms); err != nil {
			return nil, fmt.Errorf("store: daily series: %w", err)
		}
		if i, ok := idx[time.UnixMilli(ms).In(time.Local).Format(time.DateOnly)]; ok {
			out[i].Imports++
		}
	}
	return out, rows.Err()
}
