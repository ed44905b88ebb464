package volume

import (
	"context"
	"testing"
	"time"
)

// harness runs a Watcher for one test and checks the events it sends.
type harness struct {
	t      *testing.T
	w      *Watcher
	events chan Event
	cancel context.CancelFunc
	done   chan error
}

// startWatcher runs a Watcher on roots until the test ends.
func startWatcher(t *testing.T, roots []Root, opts ...Option) *harness {
	t.Helper()
	opts = append([]Option{WithLogger(func(s string) { t.Log(s) })}, opts...)
	w, err := New(roots, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return runWatcher(t, w)
}

func runWatcher(t *testing.T, w *Watcher) *harness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t: t, w: w, events: make(chan Event, 64), cancel: cancel, done: make(chan error, 1)}
	ready := make(chan struct{})
	w.started = func() { close(ready) }
	go func() { h.done <- w.Run(ctx, h.events) }()
	t.Cleanup(h.stop)
	select {
	case <-ready:
	case err := <-h.done:
		t.Fatalf("Run ended before it started watching: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("watcher did not start within 5s")
	}
	return h
}

// stop cancels the watcher and checks that Run returns nil promptly.
func (h *harness) stop() {
	h.cancel()
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("Run returned %v", err)
		}
	case <-time.After(2 * time.Second):
		h.t.Errorf("Run did not return within 2s of cancel")
	}
	h.done <- nil // later stop calls return at once
}

// expect waits for the next event, which must be of kind k at path, and
// returns it with how long it took.
func (h *harness) expect(k Kind, path string, within time.Duration) (Event, time.Duration) {
	h.t.Helper()
	start := time.Now()
	select {
	case e := <-h.events:
		if e.Kind != k || e.Path != path {
			h.t.Fatalf("got event %v, want %s %s", e, k, path)
		}
		if e.Time.IsZero() {
			h.t.Errorf("event %v has no time", e)
		}
		return e, time.Since(start)
	case <-time.After(within):
		h.t.Fatalf("no %s event for %s within %v", k, path, within)
	}
	return Event{}, 0
}

// expectNone checks that no event arrives for d.
func (h *harness) expectNone(d time.Duration) {
	h.t.Helper()
	select {
	case e := <-h.events:
		h.t.Fatalf("unexpected event %v", e)
	case <-time.After(d):
	}
}
