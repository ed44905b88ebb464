package dock

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"evidock/ingest/volume"
	"evidock/safekeeping"
	"evidock/store"
)

// With maintenance on, the service re-hashes the archive when the check is
// due and brings the backup up to date, and says so.
func TestServiceRunsDueMaintenance(t *testing.T) {
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	setup, _ := st.Setup(ctx)
	backupDir := t.TempDir()
	if err := safekeeping.SetBackupTarget(ctx, setup, backupDir, time.Hour); err != nil {
		t.Fatal(err)
	}
	svc, err := New(st, Config{Roots: []volume.Root{{Path: t.TempDir(), FolderMode: true}},
		Maintain: true, MaintainEvery: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan Event, 16)
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx, events) }()
	got := map[string]bool{}
	timeout := time.After(30 * time.Second)
	for !got[IntegrityChecked] || !got[BackedUp] {
		select {
		case e := <-events:
			if e.Type == Failed {
				t.Fatalf("maintenance failed: %s", e.Error)
			}
			got[e.Type] = true
		case <-timeout:
			t.Fatalf("events seen: %v", got)
		}
	}
	if _, err := os.Stat(filepath.Join(backupDir, safekeeping.ManifestName)); err != nil {
		t.Fatalf("backup manifest: %v", err)
	}
	cancel()
	for range events {
	}
	<-done
}
