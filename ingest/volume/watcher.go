package volume

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"time"
)

// Watcher reports volumes appearing under its roots and going away.
// Make one with New and start it with Run.
type Watcher struct {
	roots        []Root
	poll         time.Duration
	probeTimeout time.Duration
	logf         func(string)
	now          func() time.Time

	prober     *prober
	running    atomic.Bool
	pollMounts bool            // watch the mount table with poll(2) on Linux; tests turn it off
	started    func()          // called once watching and the first scan are done; for tests
	dead       map[string]bool // volumes logged as unreachable
}

// hint is a notice from the OS that something under the roots may have
// changed. A hint alone never makes an event: it makes the watcher scan.
type hint struct {
	// path is the folder entry that changed, if known.
	path string
	// created is set when path was just created.
	created bool
	// refresh asks the notifier to re-check which folders it watches
	// (a root was created or removed).
	refresh bool
}

// notifier is the OS-specific change notification: fsnotify on roots and
// the mount table on Linux, fsnotify on macOS, nothing on Windows.
type notifier interface {
	// hints delivers change notices; it may be nil (never fires).
	hints() <-chan hint
	// refresh adds watches for roots that now exist and drops stale ones.
	refresh()
	// close stops notification.
	close() error
}

// candidate is a volume found by a scan, before its root is probed.
type candidate struct {
	st    volState
	probe bool // stat the path to see that it answers
}

// New returns a Watcher for roots (DefaultRoots for the usual places).
// Relative root paths are made absolute; duplicates are dropped. A root need
// not exist yet. On Windows drive letters are always watched and roots are
// used only in FolderMode.
func New(roots []Root, opts ...Option) (*Watcher, error) {
	w := &Watcher{
		poll:         DefaultPollInterval,
		probeTimeout: DefaultProbeTimeout,
		logf:         func(string) {},
		now:          time.Now,
		dead:         make(map[string]bool),
		pollMounts:   true,
	}
	seen := make(map[string]bool)
	for _, r := range roots {
		if r.Path == "" {
			return nil, errors.New("volume: root with empty path")
		}
		abs, err := filepath.Abs(r.Path)
		if err != nil {
			return nil, fmt.Errorf("volume: root %s: %w", r.Path, err)
		}
		if seen[abs] {
			continue
		}
		seen[abs] = true
		w.roots = append(w.roots, Root{Path: abs, FolderMode: r.FolderMode})
	}
	for _, o := range opts {
		if err := o(w); err != nil {
			return nil, fmt.Errorf("volume: %w", err)
		}
	}
	w.prober = newProber(w.probeTimeout)
	return w, nil
}

// Run watches until ctx is done and sends an Event for every volume that
// appears or goes. It first sends Appeared for each volume already present.
// Sends block until received or ctx is done. Run returns nil when ctx ends,
// or an error if watching cannot start. A Watcher runs once at a time.
func (w *Watcher) Run(ctx context.Context, events chan<- Event) error {
	if !w.running.CompareAndSwap(false, true) {
		return errors.New("volume: Watcher is already running")
	}
	defer w.running.Store(false)
	n, err := newNotifier(w.roots, w.pollMounts, w.logf)
	if err != nil {
		return fmt.Errorf("volume: start watching: %w", err)
	}
	defer n.close()

	known := snapshot{}
	pending := make(map[string]time.Time) // new folders not yet mounted
	rescan := func() bool {
		cur := w.scan(known)
		now := w.now()
		for p, until := range pending {
			if _, ok := cur[p]; ok || now.After(until) {
				delete(pending, p)
			}
		}
		evs := diff(known, cur, now)
		known = cur
		for _, e := range evs {
			select {
			case events <- e:
			case <-ctx.Done():
				return false
			}
		}
		return true
	}
	if !rescan() {
		return nil
	}
	if w.started != nil {
		w.started()
	}

	tick := time.NewTicker(w.poll)
	defer tick.Stop()
	wake := time.NewTimer(time.Hour)
	wake.Stop()
	var wakeAt time.Time
	schedule := func(d time.Duration) {
		at := time.Now().Add(d)
		if wakeAt.IsZero() || at.Before(wakeAt) {
			wakeAt = at
			wake.Reset(d)
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			n.refresh()
			if !rescan() {
				return nil
			}
		case h := <-n.hints():
			if h.refresh {
				n.refresh()
			}
			if h.created && w.underMountRoot(h.path) {
				pending[h.path] = w.now().Add(recheckWindow)
			}
			schedule(settle)
		case <-wake.C:
			wakeAt = time.Time{}
			if !rescan() {
				return nil
			}
			if len(pending) > 0 {
				schedule(recheckEvery)
			}
		}
	}
}

// underMountRoot reports whether p is directly under a root that is not in
// FolderMode: a folder there is a volume only once something is mounted on it.
func (w *Watcher) underMountRoot(p string) bool {
	dir := filepath.Dir(p)
	for _, r := range w.roots {
		if r.Path == dir && !r.FolderMode {
			return true
		}
	}
	return false
}

// scan finds the volumes present now. prev is the last scan's result: roots
// that could not be read (failed, keyed by rootOf), and volumes whose probe
// timed out, keep their previous state.
func (w *Watcher) scan(prev snapshot) snapshot {
	cands, failed := w.candidates(prev)
	var paths []string
	for _, c := range cands {
		if c.probe {
			paths = append(paths, c.st.ev.Path)
		}
	}
	probed := w.prober.probe(paths)
	cur := make(snapshot, len(cands))
	unreachable := make(map[string]bool)
	for _, c := range cands {
		p := c.st.ev.Path
		if c.probe {
			r := probed[p]
			switch {
			case errors.Is(r.err, errProbeTimeout):
				if old, ok := prev[p]; ok {
					cur[p] = old
				}
				continue
			case r.err != nil:
				unreachable[p] = true
				if !w.dead[p] {
					w.logf(fmt.Sprintf("volume %s is mounted but unreachable, treating it as gone: %v", p, r.err))
				}
				continue
			case !r.fi.IsDir():
				continue
			}
			c.st.fi = r.fi
		}
		cur[p] = c.st
	}
	w.dead = unreachable
	for p, v := range prev {
		if _, ok := cur[p]; !ok && failed[rootOf(p)] {
			cur[p] = v
		}
	}
	return cur
}

// rootOf returns the root a volume path was found under (its parent folder).
func rootOf(p string) string { return filepath.Dir(p) }
