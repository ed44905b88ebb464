package dock

import (
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"evidock/store"
)

// Stopping a docking mid-import (the card's 停止导入) stops between or
// within files, never leaving half a recording: what was verified stays
// archived, every other recording is listed as still on the recorder, the
// card is not told it is safe to unplug, the recorder is not wiped, and
// the next docking imports the rest.
func TestDockStoppedListsWhatIsLeftOnTheRecorder(t *testing.T) {
	data := t.TempDir()
	os.MkdirAll(filepath.Join(data, "profiles"), 0o755)
	os.WriteFile(filepath.Join(data, "profiles", "wiping.json"), []byte(`{
		"name": "wiping-cam", "description": "test recorder that is wiped after import",
		"markers_all": ["WIPE_ME/"], "id_files": ["DEVICE_ID.TXT"], "recording_dirs": ["DCIM"],
		"name_patterns": ["^(?P<serial>[A-Z0-9]+)_(?P<officer>[A-Z0-9]+)_(?P<start>\\d{14})"],
		"local_time": true, "wipe_after_import": true}`), 0o644)
	st, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	register(t, st, "DEV030", "A1030")
	vol := filepath.Join(t.TempDir(), "v")
	s := time.Now().UTC().Truncate(time.Second).Add(-3 * time.Hour)
	var starts []time.Time
	for i := range 12 {
		starts = append(starts, s.Add(time.Duration(i)*time.Minute))
	}
	big := func(t *testing.T, at time.Time, secs int) []byte {
		pad := make([]byte, 8<<20) // long enough to stop it part-way
		rand.Read(pad)
		return append(clip(t, at, secs), pad...)
	}
	recorderWith(t, vol, "DEV030", "A1030", big, starts...)
	os.Mkdir(filepath.Join(vol, "WIPE_ME"), 0o755)
	d, err := NewDocker(st, nil, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := st.DockingSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var wiped bool
	res, err := d.Dock(ctx, sess, Request{Dir: vol}, func(e Event) {
		if e.Type == Progress && e.Progress.FilesDone >= 1 {
			stop()
		}
		wiped = wiped || e.Type == Wiped
	})
	if err != nil || res == nil {
		t.Fatalf("stopped docking: %v", err)
	}
	if res.Status != store.StatusInterrupted || res.Reason != "cancelled" || res.SafeToPull || wiped {
		t.Fatalf("stopped docking: status %s reason %q safe %v wiped %v", res.Status, res.Reason, res.SafeToPull, wiped)
	}
	if res.New == 0 || res.New == 12 || len(res.LeftOnRecorder) != 12-res.New {
		t.Fatalf("%d imported, left on the recorder %v", res.New, res.LeftOnRecorder)
	}
	onRecorder, _ := filepath.Glob(filepath.Join(vol, "DCIM", "*"))
	if len(onRecorder) != 12 {
		t.Fatalf("%d files on the recorder after a stop, want all 12", len(onRecorder))
	}
	for _, f := range res.LeftOnRecorder {
		if !slices.Contains(onRecorder, filepath.Join(vol, filepath.FromSlash(f))) {
			t.Errorf("%s is listed as left but is not on the recorder", f)
		}
	}
	if temps, _ := filepath.Glob(filepath.Join(data, "archive", "tmp", "*")); len(temps) != 0 {
		t.Errorf("temp files left: %v", temps)
	}

	again, err := d.Dock(context.Background(), sess, Request{Dir: vol}, func(Event) {})
	if err != nil || again == nil || again.Status != store.StatusComplete || !again.SafeToPull || again.New != len(res.LeftOnRecorder) {
		t.Fatalf("the next docking: %+v %v", again, err)
	}
}
