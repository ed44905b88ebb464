//go:build darwin

package volume

import (
	"errors"
	"fmt"
	"io/fs"
	"sync"

	"golang.org/x/sys/unix"
)

// DefaultRoots returns /Volumes, where macOS mounts every volume.
func DefaultRoots() []Root { return []Root{{Path: "/Volumes"}} }

// candidates finds the volumes under w.roots. macOS has no mountinfo: a
// folder under a mount root counts once it lies on another device than the
// root itself (something is mounted on it); statfs gives its type and source.
// The symbolic link /Volumes/Macintosh HD (to /) is not followed.
func (w *Watcher) candidates(prev snapshot) (cands []candidate, failed map[string]bool) {
	failed = make(map[string]bool)
	for _, r := range w.roots {
		fc, err := folderCandidates(r.Path)
		if err != nil {
			w.logf(fmt.Sprintf("volume: %v", err))
			failed[r.Path] = true
			continue
		}
		if r.FolderMode {
			cands = append(cands, fc...)
			continue
		}
		var rootSt unix.Stat_t
		if err := unix.Stat(r.Path, &rootSt); err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				failed[r.Path] = true
			}
			continue
		}
		for _, c := range fc {
			var st unix.Stat_t
			if err := unix.Stat(c.st.ev.Path, &st); err != nil || uint64(st.Dev) == uint64(rootSt.Dev) {
				continue // not mounted (yet), or gone
			}
			var sfs unix.Statfs_t
			if err := unix.Statfs(c.st.ev.Path, &sfs); err == nil {
				c.st.ev.FSType = unix.ByteSliceToString(sfs.Fstypename[:])
				c.st.ev.Source = unix.ByteSliceToString(sfs.Mntfromname[:])
			}
			c.st.id = fmt.Sprintf("dev %d", st.Dev)
			cands = append(cands, c)
		}
	}
	return cands, failed
}

// startMountPoll does nothing on macOS: a mount on /Volumes/NAME creates the
// folder, which fsnotify reports, and the periodic scan covers the rest.
func startMountPoll(<-chan struct{}, chan<- hint, func(string), *sync.WaitGroup) {}
