package safekeeping_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evidock/archive"
	"evidock/internal/storetest"
	"evidock/ledger"
	"evidock/retention"
	"evidock/safekeeping"
	"evidock/store"
)

func TestBackupThenRestore(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	storetest.ImportAs(t, fx.St, "second recording", "B.MP4", "1001")
	old := storetest.ExpiredRecording(t, fx, "expired and purged before the backup")
	r, _ := retention.RequestPurge(ctx, fx.Keep, []string{old.ID}, "retention ended")
	if _, err := retention.DecidePurge(ctx, fx.Boss, r.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backup")
	rep, err := safekeeping.Backup(ctx, fx.Keep, dir, safekeeping.BackupOptions{})
	if err != nil || !rep.OK || rep.Files != 2 || rep.Copied != 2 {
		t.Fatalf("first backup: %+v %v", rep, err)
	}

	// Incremental: nothing new, nothing copied; one new recording, one copy.
	if rep, err = safekeeping.Backup(ctx, fx.Keep, dir, safekeeping.BackupOptions{}); err != nil || rep.Copied != 0 || rep.Files != 2 {
		t.Fatalf("second backup: %+v %v", rep, err)
	}
	third := storetest.ImportAs(t, fx.St, "third recording", "C.MP4", "1001")
	if rep, err = safekeeping.Backup(ctx, fx.Keep, dir, safekeeping.BackupOptions{}); err != nil || rep.Copied != 1 || rep.Files != 3 {
		t.Fatalf("third backup: %+v %v", rep, err)
	}
	// A damaged copy is found and replaced when asked to verify.
	p := filepath.Join(dir, filepath.FromSlash(archive.RelPath(third.SHA256)))
	os.Chmod(p, 0o644)
	os.WriteFile(p, []byte("third recordinG"), 0o444)
	if rep, err = safekeeping.Backup(ctx, fx.As[store.RoleWorkstation], dir, safekeeping.BackupOptions{Verify: true}); err != nil || rep.Copied != 1 {
		t.Fatalf("verifying backup: %+v %v", rep, err)
	}
	m, err := safekeeping.ReadManifest(dir)
	if err != nil || m.HeadSize != rep.HeadSize || m.Files != 3 {
		t.Fatalf("manifest: %+v %v", m, err)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(archive.RelPath(old.SHA256)))); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("purged file in the backup: %v", err)
	}

	// Restore into a fresh folder: the same ledger up to the backup, the
	// same archive, and a passing verify.
	fresh := filepath.Join(t.TempDir(), "restored")
	rr, err := safekeeping.Restore(ctx, dir, fresh)
	if err != nil || rr.Files != 3 {
		t.Fatalf("restore: %+v %v", rr, err)
	}
	st2, err := store.Open(fresh)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	orig, _ := fx.St.QueryLedger(ctx, ledger.Filter{})
	got, _ := st2.QueryLedger(ctx, ledger.Filter{})
	if int64(len(got)) != m.HeadSize+1 || got[len(got)-1].Action != "restore" {
		t.Fatalf("restored ledger has %d entries, backup %d", len(got), m.HeadSize)
	}
	for i := range m.HeadSize {
		if !bytes.Equal(orig[i].Leaf(), got[i].Leaf()) {
			t.Fatalf("entry %d differs:\n%s\n%s", i, orig[i].Leaf(), got[i].Leaf())
		}
	}
	root := func(st *store.Store, size int64) []byte {
		var b []byte
		st.DB().QueryRow(`SELECT root FROM tree_heads WHERE size = ?`, size).Scan(&b)
		return b
	}
	if r1, r2 := root(fx.St, m.HeadSize), root(st2, m.HeadSize); len(r1) == 0 || !bytes.Equal(r1, r2) {
		t.Fatalf("tree heads differ: %x %x", r1, r2)
	}
	files := func(st *store.Store) map[string]string {
		out := map[string]string{}
		st.Archive().Walk(func(sha, path string) error {
			b, _ := os.ReadFile(path)
			out[sha] = string(b)
			return nil
		})
		return out
	}
	a, b := files(fx.St), files(st2)
	if len(a) != 3 || len(a) != len(b) {
		t.Fatalf("archives: %d and %d files", len(a), len(b))
	}
	for sha, content := range a {
		if b[sha] != content {
			t.Fatalf("file %s differs", sha)
		}
	}
	if p := storetest.VerifyProblems(t, st2); len(p) != 0 {
		t.Fatalf("verify after restore: %v", p)
	}
	ts, _ := retention.Tombstones(ctx, st2.Workstation(), nil)
	if len(ts) != 1 || ts[0].RecordingID != old.ID {
		t.Fatalf("tombstones after restore: %v", ts)
	}

	// Never into a folder in use.
	if _, err := safekeeping.Restore(ctx, dir, fresh); !errors.Is(err, safekeeping.ErrNotEmpty) {
		t.Fatalf("restore over a data folder: %v", err)
	}
	if _, err := safekeeping.Restore(ctx, t.TempDir(), filepath.Join(t.TempDir(), "x")); err == nil {
		t.Fatal("restore from a folder that is no backup")
	}
}

func TestBackupLeavesPurgedFilesBehind(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	old := storetest.ExpiredRecording(t, fx, "expired after the first backup")
	dir := t.TempDir()
	if _, err := safekeeping.Backup(ctx, fx.Keep, dir, safekeeping.BackupOptions{}); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, filepath.FromSlash(archive.RelPath(old.SHA256)))
	if _, err := os.Stat(copyPath); err != nil {
		t.Fatal(err)
	}
	r, _ := retention.RequestPurge(ctx, fx.Keep, []string{old.ID}, "retention ended")
	retention.DecidePurge(ctx, fx.Boss, r.ID, true, "")
	rep, err := safekeeping.Backup(ctx, fx.Keep, dir, safekeeping.BackupOptions{})
	if err != nil || rep.Removed != 1 {
		t.Fatalf("backup after purge: %+v %v", rep, err)
	}
	if _, err := os.Stat(copyPath); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("purged file still in the backup: %v", err)
	}
}

func TestBackupRefusesDamagedOriginalsAndOverlap(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	if _, err := safekeeping.Backup(ctx, fx.Keep, filepath.Join(fx.St.Dir(), "bk"), safekeeping.BackupOptions{}); err == nil {
		t.Fatal("backup inside the data folder")
	}
	p := fx.St.Archive().Path(fx.Rec.SHA256)
	os.Chmod(p, 0o644)
	os.WriteFile(p, []byte("tampered"), 0o444)
	dir := t.TempDir()
	rep, err := safekeeping.Backup(ctx, fx.Keep, dir, safekeeping.BackupOptions{})
	if err != nil || rep.OK || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].What, fx.Rec.ID) {
		t.Fatalf("backup of a damaged original: %+v %v", rep, err)
	}
	if _, err := os.Stat(filepath.Join(dir, store.DBName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a ledger copy without its files")
	}
	if _, err := safekeeping.Backup(ctx, fx.O2, dir, safekeeping.BackupOptions{}); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("officer backs up: %v", err)
	}
}

func TestScheduledBackup(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	ws := fx.As[store.RoleWorkstation]
	if ran, _, err := safekeeping.ScheduledBackup(ctx, ws, safekeeping.BackupOptions{}); ran || err != nil {
		t.Fatalf("without a target: %v %v", ran, err)
	}
	dir := t.TempDir()
	if err := safekeeping.SetBackupTarget(ctx, fx.Root, dir, 12*time.Hour); err != nil {
		t.Fatal(err)
	}
	if ran, rep, err := safekeeping.ScheduledBackup(ctx, ws, safekeeping.BackupOptions{}); !ran || err != nil || !rep.OK {
		t.Fatalf("first scheduled backup: %v %+v %v", ran, rep, err)
	}
	fx.Clock.Advance(11 * time.Hour)
	if ran, _, _ := safekeeping.ScheduledBackup(ctx, ws, safekeeping.BackupOptions{}); ran {
		t.Fatal("ran before it was due")
	}
	fx.Clock.Advance(time.Hour)
	if ran, _, err := safekeeping.ScheduledBackup(ctx, ws, safekeeping.BackupOptions{}); !ran || err != nil {
		t.Fatalf("due: %v %v", ran, err)
	}
	tg, err := safekeeping.CurrentBackupTarget(ctx, fx.St)
	if err != nil || !tg.Last.Equal(fx.Clock.T.Truncate(time.Millisecond)) || !tg.Next.Equal(tg.Last.Add(12*time.Hour)) {
		t.Fatalf("target: %+v %v", tg, err)
	}
}

func TestSpaceForecast(t *testing.T) {
	const gib = 1 << 30
	tests := []struct {
		free, total, imported int64
		days                  float64
		level                 string
		left                  float64
	}{
		{500 * gib, 1000 * gib, 0, 30, safekeeping.SpaceOK, -1},
		{500 * gib, 1000 * gib, 300 * gib, 30, safekeeping.SpaceOK, 50},
		{200 * gib, 1000 * gib, 300 * gib, 30, safekeeping.SpaceLow, 20},
		{50 * gib, 1000 * gib, 300 * gib, 30, safekeeping.SpaceCritical, 5},
		{80 * gib, 1000 * gib, 0, 30, safekeeping.SpaceLow, -1},
		{gib / 2, 1000 * gib, 0, 30, safekeeping.SpaceCritical, -1},
	}
	for _, tt := range tests {
		s := safekeeping.Forecast("/d", tt.free, tt.total, tt.imported, time.Duration(tt.days*24)*time.Hour)
		if s.Level != tt.level || s.DaysLeft != tt.left {
			t.Errorf("%+v: %s %.1f days", tt, s.Level, s.DaysLeft)
		}
	}
	fx := storetest.New(t)
	s, err := safekeeping.SpaceOf(context.Background(), fx.O2)
	if err != nil || s.Free <= 0 || s.Total < s.Free || s.Imported != fx.Rec.Size || s.DaysLeft <= 0 {
		t.Fatalf("space: %+v %v", s, err)
	}
}
