//go:build linux || darwin

package volume

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/fsnotify/fsnotify"
)

// fsNotifier keeps an fsnotify watch on each root that exists and on the
// nearest existing parent of each root that does not, so that a root created
// later is picked up. It never watches inside a volume: only the roots
// themselves (whose entries are the mount points) and their parents.
type fsNotifier struct {
	fsw   *fsnotify.Watcher
	roots map[string]bool
	logf  func(string)
	out   chan hint
	done  chan struct{}
	wg    sync.WaitGroup

	mu      sync.Mutex
	watched map[string]os.FileInfo // folder → what it was when watched
	missing []string               // roots that do not exist
}

func newNotifier(roots []Root, pollMounts bool, logf func(string)) (notifier, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("fsnotify: %w", err)
	}
	n := &fsNotifier{
		fsw:     fsw,
		roots:   make(map[string]bool, len(roots)),
		logf:    logf,
		out:     make(chan hint, 16),
		done:    make(chan struct{}),
		watched: make(map[string]os.FileInfo),
	}
	for _, r := range roots {
		n.roots[r.Path] = true
	}
	n.refresh()
	n.wg.Add(1)
	go n.loop()
	if pollMounts {
		startMountPoll(n.done, n.out, logf, &n.wg)
	}
	return n, nil
}

func (n *fsNotifier) hints() <-chan hint { return n.out }

func (n *fsNotifier) close() error {
	close(n.done)
	err := n.fsw.Close()
	n.wg.Wait()
	if err != nil {
		return fmt.Errorf("close fsnotify: %w", err)
	}
	return nil
}

// refresh works out which folders to watch now and adds and removes watches
// to match. A folder replaced by another one of the same name is watched
// again. Folders on the way to a missing root may be made faster than we add
// watches (mkdir -p), so it repeats until the set of folders is stable: a
// watch is in place before the folder's contents were last looked at.
func (n *fsNotifier) refresh() {
	for i := 0; i < 32 && n.refreshOnce(); i++ {
	}
}

// refreshOnce does one round of refresh and reports whether it changed any
// watch.
func (n *fsNotifier) refreshOnce() (changed bool) {
	need := make(map[string]os.FileInfo)
	var missing []string
	for root := range n.roots {
		if fi, err := os.Stat(root); err == nil && fi.IsDir() {
			need[root] = fi
			continue
		}
		missing = append(missing, root)
		for dir := filepath.Dir(root); ; dir = filepath.Dir(dir) {
			if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
				need[dir] = fi
				break
			}
			if dir == filepath.Dir(dir) {
				break
			}
		}
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.missing = missing
	for dir, old := range n.watched {
		if fi, ok := need[dir]; ok && os.SameFile(old, fi) {
			continue
		}
		_ = n.fsw.Remove(dir) // may already be gone with its folder
		delete(n.watched, dir)
		changed = true
	}
	for dir, fi := range need {
		if _, ok := n.watched[dir]; ok {
			continue
		}
		if err := n.fsw.Add(dir); err != nil {
			n.logf(fmt.Sprintf("volume: watch %s: %v (relying on periodic scans)", dir, err))
			continue
		}
		n.watched[dir] = fi
		changed = true
	}
	return changed
}

// loop turns fsnotify events into hints until close.
func (n *fsNotifier) loop() {
	defer n.wg.Done()
	for {
		var h hint
		select {
		case <-n.done:
			return
		case err, ok := <-n.fsw.Errors:
			if !ok {
				return
			}
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				n.logf(fmt.Sprintf("volume: fsnotify: %v", err))
			}
			h = hint{refresh: true} // after an overflow: rescan everything
		case ev, ok := <-n.fsw.Events:
			if !ok {
				return
			}
			var relevant bool
			h, relevant = n.classify(ev)
			if !relevant {
				continue
			}
		}
		select {
		case n.out <- h:
		case <-n.done:
			return
		}
	}
}

// classify tells whether an event matters and what it hints at.
func (n *fsNotifier) classify(ev fsnotify.Event) (hint, bool) {
	name := filepath.Clean(ev.Name)
	if n.roots[filepath.Dir(name)] {
		return hint{path: name, created: ev.Has(fsnotify.Create)}, true
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.roots[name] || n.watched[name] != nil {
		return hint{refresh: true}, true
	}
	for _, root := range n.missing {
		if root == name || strings.HasPrefix(root, name+string(filepath.Separator)) {
			return hint{refresh: true}, true
		}
	}
	return hint{}, false
}
