package dock

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"evidock/store"
)

// A folder added to the watched folders (a setting, changed here as an
// administrator would in the window) is watched by a docking service that
// is already running, by its next docking; a recorder already docked is
// not docked again when the watcher restarts.
func TestWatchedFoldersFollowTheSettings(t *testing.T) {
	defer func(d time.Duration) { rootsEvery = d }(rootsEvery)
	rootsEvery = 100 * time.Millisecond
	first := t.TempDir()
	h := start(t, first, true)
	ctx := context.Background()
	admin, err := h.st.InitAdmin(ctx, "admin", "", "admin password")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	stage := t.TempDir()
	recorder(t, filepath.Join(stage, "a"), "DEVA", "A1", now.Add(-2*time.Hour))
	recorder(t, filepath.Join(stage, "b"), "DEVB", "B1", now.Add(-time.Hour))

	volA := filepath.Join(first, "camA")
	if err := os.Rename(filepath.Join(stage, "a"), volA); err != nil {
		t.Fatal(err)
	}
	h.wait(t, Finished, volA, 20*time.Second)

	second := t.TempDir()
	if err := admin.SetSetting(ctx, store.SettingWatchRoots, second); err != nil {
		t.Fatal(err)
	}
	volB := filepath.Join(second, "camB")
	if err := os.Rename(filepath.Join(stage, "b"), volB); err != nil {
		t.Fatal(err)
	}
	if fin := h.wait(t, Finished, volB, 20*time.Second); fin.Result == nil || fin.Result.Status != store.StatusComplete || fin.Result.New != 1 {
		t.Fatalf("the recorder in the newly watched folder: %+v", fin.Result)
	}
	// Time for a stray second docking of camA to show, had the restarted
	// watcher caused one.
	time.Sleep(500 * time.Millisecond)
	h.mu.Lock()
	for drained := false; !drained; {
		select {
		case e := <-h.events:
			h.seen = append(h.seen, e)
		default:
			drained = true
		}
	}
	defer h.mu.Unlock()
	started := 0
	for _, e := range h.seen {
		if e.Type == Recognised && e.Volume == volA {
			started++
		}
	}
	if started != 1 {
		t.Errorf("camA was docked %d times", started)
	}
}
