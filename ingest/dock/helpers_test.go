package dock

import (
	"context"
	"evidock/internal/cliptest"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"evidock/ingest/volume"
	"evidock/records"
	"evidock/store"
)

// clip returns the bytes of a real MP4 of secs seconds whose mvhd creation
// time is the instant at, in true UTC, as the MP4 standard says.
func clip(t *testing.T, at time.Time, secs int) []byte { return cliptest.MP4(t, at.UTC(), secs) }

// recorder lays out a generic-profile recorder in dir: DEVICE_ID.TXT and
// DCIM/<serial>_<officer>_<start>.mp4 clips of 4 s starting at the given
// instants, named by the recorder's wall-clock time (the workstation's
// zone) and with true UTC in the MP4.
func recorder(t *testing.T, dir, serial, officer string, starts ...time.Time) {
	t.Helper()
	recorderWith(t, dir, serial, officer, clip, starts...)
}

// recorderWith is recorder with clips made by mk.
func recorderWith(t *testing.T, dir, serial, officer string, mk func(*testing.T, time.Time, int) []byte, starts ...time.Time) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "DCIM"), 0o755); err != nil {
		t.Fatal(err)
	}
	if serial != "" {
		os.WriteFile(filepath.Join(dir, "DEVICE_ID.TXT"), []byte(serial+"\r\n"), 0o644)
	}
	for _, s := range starts {
		name := fmt.Sprintf("%s_%s_%s.mp4", serial, officer, s.In(time.Local).Format("20060102150405"))
		p := filepath.Join(dir, "DCIM", name)
		if err := os.WriteFile(p, mk(t, s, 4), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, s.Add(4*time.Second), s.Add(4*time.Second))
	}
}

type harness struct {
	st     *store.Store
	svc    *Service
	root   string
	events chan Event
	cancel context.CancelFunc
	done   chan error
	mu     sync.Mutex
	seen   []Event
}

// start runs a docking service on root (folder mode unless mounts is set).
func start(t *testing.T, root string, folderMode bool) *harness {
	t.Helper()
	return startIn(t, t.TempDir(), root, folderMode)
}

// startIn is start with a given data folder.
func startIn(t *testing.T, data, root string, folderMode bool) *harness {
	t.Helper()
	st, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc, err := New(st, Config{Roots: []volume.Root{{Path: root, FolderMode: folderMode}}, PollInterval: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{st: st, svc: svc, root: root, events: make(chan Event, 256), cancel: cancel, done: make(chan error, 1)}
	go func() { h.done <- svc.Run(ctx, h.events) }()
	t.Cleanup(func() {
		cancel()
		for range h.events {
		}
		<-h.done
	})
	return h
}

// wait returns the first event (seen or coming) of type typ for the volume
// path, failing after timeout.
func (h *harness) wait(t *testing.T, typ, path string, timeout time.Duration) Event {
	t.Helper()
	match := func(e Event) bool { return e.Type == typ && (path == "" || e.Volume == path) }
	h.mu.Lock()
	for _, e := range h.seen {
		if match(e) {
			h.mu.Unlock()
			return e
		}
	}
	h.mu.Unlock()
	deadline := time.After(timeout)
	for {
		select {
		case e := <-h.events:
			h.mu.Lock()
			h.seen = append(h.seen, e)
			h.mu.Unlock()
			if match(e) {
				return e
			}
			if e.Type == Failed {
				t.Logf("error event: %s: %s", e.Volume, e.Error)
			}
		case <-deadline:
			t.Fatalf("no %s event for %q within %v; saw %v", typ, path, timeout, h.types())
		}
	}
}

func (h *harness) types() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, e := range h.seen {
		out = append(out, e.Type+":"+filepath.Base(e.Volume))
	}
	return out
}

// register adds an officer and a recorder assigned to them.
func register(t *testing.T, st *store.Store, serial, officer string) {
	t.Helper()
	sess, err := st.Setup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.AddOfficer(context.Background(), store.Officer{Number: officer, Name: "警员" + officer}); err != nil {
		t.Fatal(err)
	}
	if err := sess.AddDevice(context.Background(), store.Device{Serial: serial, Officer: officer, Profile: "generic"}); err != nil {
		t.Fatal(err)
	}
}

func recordingsOf(t *testing.T, st *store.Store, f records.RecordingFilter) []records.Recording {
	t.Helper()
	recs, err := records.Recordings(context.Background(), st.Workstation(), f)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// shiftStart is a start time ago plus span before now: a shift of span
// from it ends ago before now. A shift that passes midnight is one
// timeline, so the time of day does not matter.
func shiftStart(ago, span time.Duration) time.Time {
	return time.Now().Truncate(time.Second).Add(-ago - span).UTC()
}
