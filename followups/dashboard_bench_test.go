package followups_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"evidock/followups"
	"evidock/store"
)

// The benchmark's data set: 300 officers with a recorder each, a year of
// days, 1,000,000 recordings (10% late, half of those without a reason; 5%
// uncategorised), 100,000 interruptions (30% unexplained), a check-out and a
// docking import per officer and day, and 5,000,000 ledger entries. It is
// written with bulk INSERTs straight into the database (the triggers keep
// the counters, as they do for real imports) and cached under the OS temp
// folder; delete that folder to build it again.
const (
	benchOfficers   = 300
	benchDays       = 365
	benchRecordings = 1_000_000
	benchGaps       = 100_000
	benchLedger     = 5_000_000
)

var benchDir = filepath.Join(os.TempDir(), "evidock-bench-supervision-v2")

func benchStore(b *testing.B) *store.Store {
	b.Helper()
	done := filepath.Join(benchDir, "complete")
	if _, err := os.Stat(done); err != nil {
		os.RemoveAll(benchDir)
		start := time.Now()
		if err := buildBench(benchDir); err != nil {
			b.Fatal(err)
		}
		b.Logf("built the data set in %v", time.Since(start).Round(time.Second))
		if err := os.WriteFile(done, nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	st, err := store.Open(benchDir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	st.Now = func() time.Time { return time.Date(2025, 1, 2, 12, 0, 0, 0, time.Local) }
	return st
}

func buildBench(dir string) error {
	st, err := store.Open(dir)
	if err != nil {
		return err
	}
	st.Close()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, store.DBName)+"?_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)&_pragma=cache_size(-200000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	first := time.Date(2024, 1, 1, 0, 0, 0, 0, time.Local)
	dayOf := func(d int) time.Time { return first.AddDate(0, 0, d) }
	batch := func(n int, each func(tx *sql.Tx, i int) error) error {
		for lo := 0; lo < n; lo += 50_000 {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			for i := lo; i < min(n, lo+50_000); i++ {
				if err := each(tx, i); err != nil {
					tx.Rollback()
					return err
				}
			}
			if err := tx.Commit(); err != nil {
				return err
			}
		}
		return nil
	}
	officer := func(o int) string { return fmt.Sprintf("J%04d", o) }
	device := func(o int) string { return fmt.Sprintf("DSJ-%04d", o) }
	err = batch(benchOfficers, func(tx *sql.Tx, o int) error {
		if _, err := tx.Exec(`INSERT INTO officers(number, name, created_at) VALUES (?,?,0)`, officer(o), fmt.Sprintf("执法人员%d", o)); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO devices(serial, officer, created_at) VALUES (?,?,0)`, device(o), officer(o))
		return err
	})
	if err != nil {
		return err
	}
	// One check-out and one docking import per officer and day; every
	// tenth returned the next morning (overdue), the last day's never.
	err = batch(benchOfficers*benchDays, func(tx *sql.Tx, i int) error {
		o, d := i%benchOfficers, i/benchOfficers
		out := dayOf(d).Add(8 * time.Hour)
		dock := dayOf(d).Add(17 * time.Hour)
		if i%10 == 0 {
			dock = dock.Add(17 * time.Hour)
		}
		if _, err := tx.Exec(`INSERT INTO imports(id, started_at, ended_at, status, source, device_id, officer_id) VALUES (?,?,?,?,?,?,?)`,
			fmt.Sprintf("imp-%d", i), dock.UnixMilli(), dock.UnixMilli()+60_000, store.StatusComplete, "dock", device(o), officer(o)); err != nil {
			return err
		}
		inAt := int64(0)
		if d < benchDays-30 { // older check-outs are written down as returned
			inAt = dock.UnixMilli()
		}
		_, err := tx.Exec(`INSERT INTO custody(device_id, officer_id, out_at, out_by, due_at, in_at, in_by, ledger_seq) VALUES (?,?,?,?,?,?,?,0)`,
			device(o), officer(o), out.UnixMilli(), "user:keeper", dayOf(d+1).UnixMilli(), inAt, "dock")
		return err
	})
	if err != nil {
		return err
	}
	perDay := benchRecordings / (benchOfficers * benchDays)
	err = batch(benchRecordings, func(tx *sql.Tx, i int) error {
		k := i / (perDay + 1)
		o, d := k%benchOfficers, (k/benchOfficers)%benchDays
		at := dayOf(d).Add(9*time.Hour + time.Duration(i%(perDay+1))*15*time.Minute)
		late, reason, cat := 0, "", "inspection"
		if i%10 == 3 {
			late = 1
			if i%20 == 3 {
				reason = "车辆故障"
			}
		}
		if i%20 == 7 {
			cat = ""
		}
		_, err := tx.Exec(`INSERT INTO recordings(id, sha256, sm3, size, original_name, source_path, file_time, device_id, officer_id,
			import_id, kind, archive_path, imported_at, ledger_seq, recorded_at, duration_ms, day, category, late, late_reason)
			VALUES (?,?,'',1,?,?,?,?,?,?,'video','',?,0,?,600000,?,?,?,?)`,
			fmt.Sprintf("r%d", i), fmt.Sprintf("%064x", i), fmt.Sprintf("%d.MP4", i), "DCIM", at.UnixMilli(), device(o), officer(o),
			fmt.Sprintf("imp-%d", d*benchOfficers+o), at.UnixMilli()+8*3600_000, at.UnixMilli(), dayOf(d).Format(time.DateOnly), cat, late, reason)
		return err
	})
	if err != nil {
		return err
	}
	err = batch(benchGaps, func(tx *sql.Tx, i int) error {
		r := i * (benchRecordings / benchGaps)
		var dev, day string
		var at int64
		tx.QueryRow(`SELECT device_id, day, recorded_at FROM recordings WHERE id = ?`, fmt.Sprintf("r%d", r+1)).Scan(&dev, &day, &at)
		explained := int64(0)
		if i%10 >= 3 {
			explained = at
		}
		_, err := tx.Exec(`INSERT INTO gaps(device_id, day, before_rec, after_rec, from_ms, to_ms, explained_at) VALUES (?,?,?,?,?,?,?)`,
			dev, day, fmt.Sprintf("r%d", r), fmt.Sprintf("r%d", r+1), at-300_000, at, explained)
		return err
	})
	if err != nil {
		return err
	}
	return batch(benchLedger, func(tx *sql.Tx, i int) error {
		_, err := tx.Exec(`INSERT INTO ledger(seq, time, actor, action, subject, details) VALUES (?,?,?,?,?,?)`,
			i, "2024-06-01T00:00:00.000000000Z", "workstation", "recording.import", fmt.Sprintf("r%d", i%benchRecordings), `{"bench":true}`)
		return err
	})
}

// BenchmarkDashboard times the supervisor's screen on the data set above.
//
//	go test ./store -run '^$' -bench Dashboard -benchtime 20x
func BenchmarkDashboard(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	month := followups.Period{From: "2024-06-01", To: "2024-06-30"}
	year := followups.Period{From: "2024-01-01", To: "2024-12-31"}
	b.Run("counts", func(b *testing.B) {
		for b.Loop() {
			if _, err := followups.OpenCounts(ctx, st, followups.OpenItemFilter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, p := range []struct {
		name string
		p    followups.Period
	}{{"table-month", month}, {"table-year", year}} {
		b.Run(p.name, func(b *testing.B) {
			from, to, _ := p.p.Bounds()
			for b.Loop() {
				if _, err := followups.OfficerTable(ctx, st, p.p, from, to); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("dashboard-month", func(b *testing.B) {
		for b.Loop() {
			if _, err := followups.DashboardSeen(ctx, st, month, "", nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("dashboard-year", func(b *testing.B) {
		for b.Loop() {
			if _, err := followups.DashboardSeen(ctx, st, year, "", nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("open-items-for-officer", func(b *testing.B) {
		for b.Loop() {
			if _, err := followups.OpenCounts(ctx, st, followups.OpenItemFilter{Officer: "J0042"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
