package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBackupThenRestore(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	importAs(t, fx.st, "second recording", "B.MP4", "1001")
	old := expiredRecording(t, fx, "expired and purged before the backup")
	r, _ := fx.keep.RequestPurge(ctx, []string{old.ID}, "retention ended")
	if _, err := fx.boss.DecidePurge(ctx, r.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backup")
	rep, err := fx.keep.Backup(ctx, dir, BackupOptions{})
	if err != nil || !rep.OK || rep.Files != 2 || rep.Copied != 2 {
		t.Fatalf("first backup: %+v %v", rep, err)
	}

	// Incremental: nothing new, nothing copied; one new recording, one copy.
	if rep, err = fx.keep.Backup(ctx, dir, BackupOptions{}); err != nil || rep.Copied != 0 || rep.Files != 2 {
		t.Fatalf("second backup: %+v %v", rep, err)
	}
	third := importAs(t, fx.st, "third recording", "C.MP4", "1001")
	if rep, err = fx.keep.Backup(ctx, dir, BackupOptions{}); err != nil || rep.Copied != 1 || rep.Files != 3 {
		t.Fatalf("third backup: %+v %v", rep, err)
	}
	// A damaged copy is found and replaced when asked to verify.
	p := filepath.Join(dir, filepath.FromSlash(RelPath(third.SHA256)))
	os.Chmod(p, 0o644)
	os.WriteFile(p, []byte("third recordinG"), 0o444)
	if rep, err = fx.as[RoleWorkstation].Backup(ctx, dir, BackupOptions{Verify: true}); err != nil || rep.Copied != 1 {
		t.Fatalf("verifying backup: %+v %v", rep, err)
	}
	m, err := ReadManifest(dir)
	if err != nil || m.HeadSize != rep.HeadSize || m.Files != 3 {
		t.Fatalf("manifest: %+v %v", m, err)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(RelPath(old.SHA256)))); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("purged file in the backup: %v", err)
	}

	// Restore into a fresh folder: the same ledger up to the backup, the
	// same archive, and a passing verify.
	fresh := filepath.Join(t.TempDir(), "restored")
	rr, err := Restore(ctx, dir, fresh)
	if err != nil || rr.Files != 3 {
		t.Fatalf("restore: %+v %v", rr, err)
	}
	st2, err := Open(fresh)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	orig, _ := fx.st.queryLedger(ctx, LedgerFilter{})
	got, _ := st2.queryLedger(ctx, LedgerFilter{})
	if int64(len(got)) != m.HeadSize+1 || got[len(got)-1].Action != "restore" {
		t.Fatalf("restored ledger has %d entries, backup %d", len(got), m.HeadSize)
	}
	for i := range m.HeadSize {
		if !bytes.Equal(orig[i].Leaf(), got[i].Leaf()) {
			t.Fatalf("entry %d differs:\n%s\n%s", i, orig[i].Leaf(), got[i].Leaf())
		}
	}
	root := func(st *Store, size int64) []byte {
		var b []byte
		st.read.QueryRow(`SELECT root FROM tree_heads WHERE size = ?`, size).Scan(&b)
		return b
	}
	if r1, r2 := root(fx.st, m.HeadSize), root(st2, m.HeadSize); len(r1) == 0 || !bytes.Equal(r1, r2) {
		t.Fatalf("tree heads differ: %x %x", r1, r2)
	}
	files := func(st *Store) map[string]string {
		out := map[string]string{}
		st.archive.walk(func(sha, path string) error {
			b, _ := os.ReadFile(path)
			out[sha] = string(b)
			return nil
		})
		return out
	}
	a, b := files(fx.st), files(st2)
	if len(a) != 3 || len(a) != len(b) {
		t.Fatalf("archives: %d and %d files", len(a), len(b))
	}
	for sha, content := range a {
		if b[sha] != content {
			t.Fatalf("file %s differs", sha)
		}
	}
	if p := verifyProblems(t, st2); len(p) != 0 {
		t.Fatalf("verify after restore: %v", p)
	}
	ts, _ := st2.Workstation().Tombstones(ctx, nil)
	if len(ts) != 1 || ts[0].RecordingID != old.ID {
		t.Fatalf("tombstones after restore: %v", ts)
	}

	// Never into a folder in use.
	if _, err := Restore(ctx, dir, fresh); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("restore over a data folder: %v", err)
	}
	if _, err := Restore(ctx, t.TempDir(), filepath.Join(t.TempDir(), "x")); err == nil {
		t.Fatal("restore from a folder that is no backup")
	}
}

func TestBackupLeavesPurgedFilesBehind(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	old := expiredRecording(t, fx, "expired after the first backup")
	dir := t.TempDir()
	if _, err := fx.keep.Backup(ctx, dir, BackupOptions{}); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, filepath.FromSlash(RelPath(old.SHA256)))
	if _, err := os.Stat(copyPath); err != nil {
		t.Fatal(err)
	}
	r, _ := fx.keep.RequestPurge(ctx, []string{old.ID}, "retention ended")
	fx.boss.DecidePurge(ctx, r.ID, true, "")
	rep, err := fx.keep.Backup(ctx, dir, BackupOptions{})
	if err != nil || rep.Removed != 1 {
		t.Fatalf("backup after purge: %+v %v", rep, err)
	}
	if _, err := os.Stat(copyPath); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("purged file still in the backup: %v", err)
	}
}

func TestBackupRefusesDamagedOriginalsAndOverlap(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	if _, err := fx.keep.Backup(ctx, filepath.Join(fx.st.Dir(), "bk"), BackupOptions{}); err == nil {
		t.Fatal("backup inside the data folder")
	}
	p := fx.st.archive.Path(fx.rec.SHA256)
	os.Chmod(p, 0o644)
	os.WriteFile(p, []byte("tampered"), 0o444)
	dir := t.TempDir()
	rep, err := fx.keep.Backup(ctx, dir, BackupOptions{})
	if err != nil || rep.OK || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].What, fx.rec.ID) {
		t.Fatalf("backup of a damaged original: %+v %v", rep, err)
	}
	if _, err := os.Stat(filepath.Join(dir, DBName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a ledger copy without its files")
	}
	if _, err := fx.o2.Backup(ctx, dir, BackupOptions{}); !errors.Is(err, ErrRefused) {
		t.Fatalf("officer backs up: %v", err)
	}
}

func TestScheduledBackup(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	ws := fx.as[RoleWorkstation]
	if ran, _, err := ws.ScheduledBackup(ctx, BackupOptions{}); ran || err != nil {
		t.Fatalf("without a target: %v %v", ran, err)
	}
	dir := t.TempDir()
	if err := fx.root.SetBackupTarget(ctx, dir, 12*time.Hour); err != nil {
		t.Fatal(err)
	}
	if ran, rep, err := ws.ScheduledBackup(ctx, BackupOptions{}); !ran || err != nil || !rep.OK {
		t.Fatalf("first scheduled backup: %v %+v %v", ran, rep, err)
	}
	fx.clock.advance(11 * time.Hour)
	if ran, _, _ := ws.ScheduledBackup(ctx, BackupOptions{}); ran {
		t.Fatal("ran before it was due")
	}
	fx.clock.advance(time.Hour)
	if ran, _, err := ws.ScheduledBackup(ctx, BackupOptions{}); !ran || err != nil {
		t.Fatalf("due: %v %v", ran, err)
	}
	tg, err := fx.st.BackupTarget(ctx)
	if err != nil || !tg.Last.Equal(fx.clock.t.Truncate(time.Millisecond)) || !tg.Next.Equal(tg.Last.Add(12*time.Hour)) {
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
		{500 * gib, 1000 * gib, 0, 30, SpaceOK, -1},
		{500 * gib, 1000 * gib, 300 * gib, 30, SpaceOK, 50},
		{200 * gib, 1000 * gib, 300 * gib, 30, SpaceLow, 20},
		{50 * gib, 1000 * gib, 300 * gib, 30, SpaceCritical, 5},
		{80 * gib, 1000 * gib, 0, 30, SpaceLow, -1},
		{gib / 2, 1000 * gib, 0, 30, SpaceCritical, -1},
	}
	for _, tt := range tests {
		s := Forecast("/d", tt.free, tt.total, tt.imported, time.Duration(tt.days*24)*time.Hour)
		if s.Level != tt.level || s.DaysLeft != tt.left {
			t.Errorf("%+v: %s %.1f days", tt, s.Level, s.DaysLeft)
		}
	}
	fx := newFixture(t)
	s, err := fx.o2.Space(context.Background())
	if err != nil || s.Free <= 0 || s.Total < s.Free || s.Imported != fx.rec.Size || s.DaysLeft <= 0 {
		t.Fatalf("space: %+v %v", s, err)
	}
}
