package safekeeping_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"evidock/internal/storetest"
	"evidock/ledger"
	"evidock/safekeeping"
	"evidock/store"
)

// cancelBackup runs a backup to dir cancelled after n files and checks
// what every cancelled backup says: the error, and a backup entry with ok
// false and cancelled true.
func cancelBackup(t *testing.T, fx *storetest.Fixture, dir string, n int64) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rep, err := safekeeping.Backup(ctx, fx.Keep, dir, safekeeping.BackupOptions{Progress: func(done, _ int64) {
		if done == n {
			cancel()
		}
	}})
	if !errors.Is(err, safekeeping.ErrBackupCancelled) || !errors.Is(err, context.Canceled) || rep.OK {
		t.Fatalf("cancelled backup: %+v %v", rep, err)
	}
	es, _ := fx.St.QueryLedger(context.Background(), ledger.Filter{ActionPrefix: "backup", Newest: true, Limit: 1})
	if len(es) != 1 || !strings.Contains(string(es[0].Details), `"cancelled":true`) || !strings.Contains(string(es[0].Details), `"ok":false`) {
		t.Fatalf("backup entry after a cancel: %+v", es)
	}
	for _, left := range []string{store.DBName + ".new", safekeeping.ManifestName + ".new"} {
		if _, err := os.Stat(filepath.Join(dir, left)); err == nil {
			t.Errorf("a cancelled backup left %s", left)
		}
	}
	if tmp, _ := os.ReadDir(filepath.Join(dir, "archive", "tmp")); len(tmp) != 0 {
		t.Errorf("a cancelled backup left temp copies %v", tmp)
	}
}

// A backup cancelled half way leaves nothing that could be taken for a
// good backup: the first time the folder is no backup at all; later the
// folder is still the last complete backup, which restores; the next
// backup completes it.
func TestBackupCancelledLeavesTheLastCompleteBackup(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	for _, c := range []string{"two", "three"} {
		storetest.ImportAs(t, fx.St, "recording "+c, strings.ToUpper(c)+".MP4", "1001")
	}
	dir := filepath.Join(t.TempDir(), "backup")

	// The first backup, cancelled after one of three files: no backup.
	cancelBackup(t, fx, dir, 1)
	if _, err := safekeeping.ReadManifest(dir); err == nil {
		t.Fatal("a cancelled first backup has a manifest")
	}
	if _, err := safekeeping.Restore(ctx, dir, filepath.Join(t.TempDir(), "r0")); err == nil {
		t.Fatal("restored from a cancelled first backup")
	}

	good, err := safekeeping.Backup(ctx, fx.Keep, dir, safekeeping.BackupOptions{})
	if err != nil || !good.OK || good.Files != 3 {
		t.Fatalf("complete backup: %+v %v", good, err)
	}
	for _, c := range []string{"four", "five", "six"} {
		storetest.ImportAs(t, fx.St, "recording "+c, strings.ToUpper(c)+".MP4", "1001")
	}
	// Cancelled after four of six files (one of them new): still the
	// complete backup of three recordings.
	cancelBackup(t, fx, dir, 4)
	m, err := safekeeping.ReadManifest(dir)
	if err != nil || m.Files != 3 || m.HeadSize != good.HeadSize {
		t.Fatalf("manifest after a cancelled backup: %+v %v (the complete one had %d entries)", m, err, good.HeadSize)
	}
	rr, err := safekeeping.Restore(ctx, dir, filepath.Join(t.TempDir(), "r1"))
	if err != nil || rr.Files != 3 || rr.Manifest.HeadSize != good.HeadSize {
		t.Fatalf("restore after a cancelled backup: %+v %v", rr, err)
	}

	// The next backup completes it.
	rep, err := safekeeping.Backup(ctx, fx.Keep, dir, safekeeping.BackupOptions{})
	if err != nil || !rep.OK || rep.Files != 6 {
		t.Fatalf("backup after a cancel: %+v %v", rep, err)
	}
	if m, err := safekeeping.ReadManifest(dir); err != nil || m.Files != 6 {
		t.Fatalf("manifest: %+v %v", m, err)
	}
}
