package safekeeping_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"evidock/ledger"
	"evidock/retention"
	"evidock/safekeeping"
	"evidock/store"
)

// The state check's data set: 10,000 recordings, each imported and
// categorised, 100 cases linking them, 100 users, and lookups and logins
// up to 100,000 ledger entries — written straight into the database (the
// state check reads entries, not the tree) and cached under the OS temp
// folder.
const (
	stateBenchRecordings = 10_000
	stateBenchEntries    = 100_000
)

var stateBenchDir = filepath.Join(os.TempDir(), "evidock-bench-state-v2")

// BenchmarkVerifyState replays 100,000 ledger entries into the state of
// 10,000 recordings, 100 cases and 100 users and compares it with the
// tables: the part of verify beside the tree and the archive files. The
// target is under 5 s.
func BenchmarkVerifyState(b *testing.B) {
	done := filepath.Join(stateBenchDir, "complete")
	if _, err := os.Stat(done); err != nil {
		os.RemoveAll(stateBenchDir)
		if err := buildStateBench(stateBenchDir); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(done, nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	st, err := store.Open(stateBenchDir)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	for b.Loop() {
		var rep safekeeping.VerifyReport
		if err := safekeeping.VerifyState(ctx, st, &rep); err != nil {
			b.Fatal(err)
		}
		if len(rep.Problems) != 0 {
			b.Fatalf("%d problems, first %v", len(rep.Problems), rep.Problems[0])
		}
	}
	b.ReportMetric(float64(stateBenchEntries), "entries/op")
	b.ReportMetric(float64(stateBenchRecordings), "recordings/op")
}

func buildStateBench(dir string) error {
	st, err := store.Open(dir)
	if err != nil {
		return err
	}
	st.Close()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, store.DBName)+"?_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// After the entries Open wrote (the signing keys'), which the tree
	// already holds.
	var seq int64
	if err := tx.QueryRow(`SELECT COALESCE(MAX(seq) + 1, 0) FROM ledger`).Scan(&seq); err != nil {
		return err
	}
	at := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	entry := func(actor, action, subject string, d map[string]any) error {
		j, _ := json.Marshal(d)
		_, err := tx.Exec(`INSERT INTO ledger(seq, time, actor, action, subject, details) VALUES (?,?,?,?,?,?)`,
			seq, at.Add(time.Duration(seq)*time.Second).Format(ledger.TimeFormat), actor, action, subject, string(j))
		seq++
		return err
	}
	if _, err := tx.Exec(`INSERT INTO imports(id, started_at, status, source) VALUES ('imp', 0, 'complete', 'bench')`); err != nil {
		return err
	}
	for u := range 100 {
		name := fmt.Sprintf("user%03d", u)
		if _, err := tx.Exec(`INSERT INTO users(name, officer_id, password, created_at, created_by) VALUES (?,?,'x',0,'bench')`, name, fmt.Sprintf("J%03d", u)); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO user_roles(user, role) VALUES (?, 'officer')`, name); err != nil {
			return err
		}
		if err := entry("workstation", "user.add", "user:"+name, map[string]any{"officer": fmt.Sprintf("J%03d", u), "roles": []store.Role{store.RoleOfficer}}); err != nil {
			return err
		}
	}
	for c := range 100 {
		num := fmt.Sprintf("C-%03d", c)
		if _, err := tx.Exec(`INSERT INTO cases(number, name, retention_years, created_at, created_by) VALUES (?, 'case', 3, 0, 'bench')`, num); err != nil {
			return err
		}
		if err := entry("user:keeper", "case.add", "case:"+num, map[string]any{"name": "case", "retention": retention.Retention{Years: 3}}); err != nil {
			return err
		}
	}
	for i := range stateBenchRecordings {
		id := fmt.Sprintf("rec-%05d", i)
		officer := fmt.Sprintf("J%03d", i%100)
		rec := at.Add(time.Duration(i) * time.Minute)
		imp := rec.Add(time.Hour)
		if _, err := tx.Exec(`INSERT INTO recordings(id, sha256, sm3, size, original_name, source_path, file_time, device_id, officer_id,
			import_id, kind, archive_path, imported_at, ledger_seq, recorded_at, category) VALUES (?,?,?,1,?,?,0,?,?,'imp','video','',?,?,?,'inspection')`,
			id, fmt.Sprintf("%064x", i), fmt.Sprintf("%064x", i), id+".mp4", "DCIM/"+id+".mp4", "DEV"+officer, officer,
			imp.UnixMilli(), seq, rec.UnixMilli()); err != nil {
			return err
		}
		if err := entry("user:svc", "recording.import", id, map[string]any{"officer": officer, "device": "DEV" + officer,
			"recorded_at": ledger.TimeText(rec), "imported_at": ledger.TimeText(imp), "sha256": fmt.Sprintf("%064x", i)}); err != nil {
			return err
		}
		if err := entry("user:x", "recording.categorize", id, map[string]any{"category": "inspection"}); err != nil {
			return err
		}
		if i%100 == 0 {
			num := fmt.Sprintf("C-%03d", i/100)
			if _, err := tx.Exec(`INSERT INTO case_recordings(case_number, recording_id, linked_at, linked_by) VALUES (?,?,0,'bench')`, num, id); err != nil {
				return err
			}
			if err := entry("user:keeper", "case.link", "case:"+num, map[string]any{"recordings": []string{id}}); err != nil {
				return err
			}
		}
	}
	for seq < stateBenchEntries {
		if err := entry("user:user001", "recordings.search", "", map[string]any{"results": 3}); err != nil {
			return err
		}
	}
	return tx.Commit()
}
