//go:build linux || darwin

package volume

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// An fsnotify queue overflow makes the watcher re-check its watches and
// rescan everything, since events were lost.
func TestNotifierOverflowRescans(t *testing.T) {
	root := t.TempDir()
	n, err := newNotifier([]Root{{Path: root}}, false, func(s string) { t.Log(s) })
	if err != nil {
		t.Fatal(err)
	}
	defer n.close()
	fn := n.(*fsNotifier)
	go func() { fn.fsw.Errors <- fsnotify.ErrEventOverflow }()
	select {
	case h := <-n.hints():
		if !h.refresh {
			t.Errorf("hint after overflow = %+v, want refresh", h)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no hint after an overflow")
	}
}

func TestNotifierWatchesOnlyRootsAndParents(t *testing.T) {
	base := t.TempDir()
	present := filepath.Join(base, "present")
	missing := filepath.Join(base, "a", "b", "missing")
	n, err := newNotifier([]Root{{Path: present}, {Path: missing}}, false, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	defer n.close()
	fn := n.(*fsNotifier)
	fn.mu.Lock()
	got := len(fn.watched)
	_, onBase := fn.watched[base]
	fn.mu.Unlock()
	if got != 1 || !onBase {
		t.Fatalf("watched %v, want only %s (present does not exist either)", fn.watched, base)
	}
	ev := fsnotify.Event{Name: filepath.Join(base, "a"), Op: fsnotify.Create}
	if h, ok := fn.classify(ev); !ok || !h.refresh {
		t.Errorf("creating a parent of a missing root: %+v %v, want refresh", h, ok)
	}
	ev = fsnotify.Event{Name: filepath.Join(base, "other"), Op: fsnotify.Create}
	if _, ok := fn.classify(ev); ok {
		t.Errorf("unrelated folder under a watched parent should be ignored")
	}
}
