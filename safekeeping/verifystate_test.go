package safekeeping_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"evidock/followups"
	"evidock/internal/storetest"
	"evidock/records"
	"evidock/retention"
	"evidock/safekeeping"
	"evidock/store"
)

// Every field a decision rests on, changed by a direct SQL UPDATE behind
// evidock's back, makes verify fail naming the row and the field; the
// untouched folder verifies clean.
func TestVerifyFindsStateChangedBehindItsBack(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	storetest.Must(t, fx.Root.AddOfficer(ctx, store.Officer{Number: "1001", Name: "张三"}))
	storetest.Must(t, fx.Root.AddOfficer(ctx, store.Officer{Number: "1002", Name: "李四"}))
	storetest.Must(t, fx.Root.AddDevice(ctx, store.Device{Serial: "DEV1", Officer: "1001", Timezone: "Asia/Shanghai"}))
	storetest.Must(t, retention.AddCase(ctx, fx.Keep, retention.Case{Number: "A-1", Name: "某案", Retention: retention.Retention{Years: 5}}))
	storetest.Must(t, retention.Link(ctx, fx.Keep, "A-1", []string{fx.Rec.ID}))
	other := storetest.ImportAs(t, fx.St, "another recording", "B.MP4", "1002")
	storetest.Must(t, followups.Categorize(ctx, fx.O2, []string{other.ID}, "inspection"))
	held := storetest.CompletedExport(t, fx, other.ID)
	heldRef := "export " + strconv.FormatInt(held, 10)
	_, err := records.LearnTimeHabit(ctx, fx.St.Workstation(), "DEV1", records.HabitVotes{Local: 3}, records.HabitUTC)
	storetest.Must(t, err)
	if rep, err := safekeeping.Verify(ctx, fx.St.Workstation(), nil); err != nil || !rep.OK {
		t.Fatalf("untouched folder: %+v %v", rep.Problems, err)
	}
	for _, tc := range []struct {
		name, sql  string
		ref, field string
	}{
		{"officer", `UPDATE recordings SET officer_id = '9999' WHERE id = '` + fx.Rec.ID + `'`, fx.Rec.ID, "officer_id"},
		{"device", `UPDATE recordings SET device_id = 'OTHER' WHERE id = '` + fx.Rec.ID + `'`, fx.Rec.ID, "device_id"},
		{"recorded time", `UPDATE recordings SET recorded_at = recorded_at + 3600000 WHERE id = '` + fx.Rec.ID + `'`, fx.Rec.ID, "recorded_at"},
		{"import time", `UPDATE recordings SET imported_at = imported_at - 400*86400000 WHERE id = '` + fx.Rec.ID + `'`, fx.Rec.ID, "imported_at"},
		{"classification", `UPDATE recordings SET classification = 'state' WHERE id = '` + fx.Rec.ID + `'`, fx.Rec.ID, "classification"},
		{"category", `UPDATE recordings SET category = 'other' WHERE id = '` + other.ID + `'`, other.ID, "category"},
		{"late reason", `UPDATE recordings SET late_reason = 'made up' WHERE id = '` + other.ID + `'`, other.ID, "late_reason"},
		{"case membership", `DELETE FROM case_recordings WHERE case_number = 'A-1'`, "case A-1", "its recordings"},
		{"case retention", `UPDATE cases SET retention_years = 1 WHERE number = 'A-1'`, "case A-1", "retention"},
		{"case closed", `UPDATE cases SET closed_at = 1 WHERE number = 'A-1'`, "case A-1", "closed_at"},
		{"retention policy", `UPDATE retention_policy SET years = 3`, "retention policy", "base retention"},
		{"roles", `INSERT INTO user_roles(user, role) VALUES ('o2', 'leader')`, "user o2", "roles"},
		{"disabled", `UPDATE users SET disabled = 1 WHERE name = 'o2'`, "user o2", "disabled"},
		{"user's officer", `UPDATE users SET officer_id = '1001' WHERE name = 'o2'`, "user o2", "officer_id"},
		{"recorder's officer", `UPDATE devices SET officer = '1002'`, "recorder DEV1", "assigned officer"},
		{"recorder's zone", `UPDATE devices SET timezone = 'UTC'`, "recorder DEV1", "time zone"},
		{"time habit", `UPDATE device_time_habits SET habit = 'utc'`, "recorder DEV1", "time habit"},
		{"time habit forgotten", `DELETE FROM device_time_habits`, "recorder DEV1", "time habit"},
		{"export released", `UPDATE exports SET released_at = 1, released_by = 'x'`, heldRef, "released"},
		{"export status", `UPDATE exports SET status = 'failed'`, heldRef, "status"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			snapshot := fx.St.Dir() + ".copy"
			copyOpenFolder(t, fx.St.Dir(), snapshot)
			st, err := store.Open(snapshot)
			storetest.Must(t, err)
			defer st.Close()
			db, err := sql.Open("sqlite", "file:"+snapshot+"/"+store.DBName)
			storetest.Must(t, err)
			if _, err := db.Exec(tc.sql); err != nil {
				t.Fatal(err)
			}
			db.Close()
			rep, err := safekeeping.Verify(ctx, st.Workstation(), nil)
			storetest.Must(t, err)
			var found []string
			for _, p := range rep.Problems {
				if p.Kind == "state" && strings.Contains(p.Ref, tc.ref) && strings.Contains(p.What, tc.field) {
					found = append(found, p.String())
				}
			}
			if rep.OK || len(found) == 0 {
				t.Fatalf("verify after %s: ok %v, problems %v", tc.sql, rep.OK, rep.Problems)
			}
			if strings.HasPrefix(tc.ref, fx.Rec.ID) || tc.ref == other.ID {
				if !strings.Contains(found[0], "sha256 ") {
					t.Errorf("the problem does not name the recording's sha256: %s", found[0])
				}
			}
		})
	}
}

// copyOpenFolder copies a data folder while it is open (its WAL files with it).
func copyOpenFolder(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(fmt.Errorf("copy %s: %w", from, err))
	}
	t.Cleanup(func() {
		filepath.WalkDir(to, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				os.Chmod(p, 0o600) // archive files are read-only
			}
			return nil
		})
		os.RemoveAll(to)
	})
}
