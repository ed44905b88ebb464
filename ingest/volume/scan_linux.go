//go:build linux

package volume

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// mountInfoPath is the kernel's mount table for this process's namespace.
const mountInfoPath = "/proc/self/mountinfo"

// DefaultRoots returns where Linux desktops mount removable media:
// /media/$USER and /run/media/$USER (udisks), /media and /mnt.
func DefaultRoots() []Root {
	var roots []Root
	if u := currentUser(); u != "" {
		roots = append(roots, Root{Path: "/media/" + u}, Root{Path: "/run/media/" + u})
	}
	return append(roots, Root{Path: "/media"}, Root{Path: "/mnt"})
}

// readMounts reads and parses /proc/self/mountinfo.
func readMounts() ([]Mount, error) {
	f, err := os.Open(mountInfoPath)
	if err != nil {
		return nil, fmt.Errorf("open mount table: %w", err)
	}
	defer f.Close()
	return ParseMountInfo(f)
}

// candidates finds the volumes under w.roots: for a mount root, every mount
// point directly under it in the mount table; for a FolderMode root, every
// folder directly under it (with the mount's details when one is mounted
// there). Roots whose state could not be read are returned in failed.
func (w *Watcher) candidates(prev snapshot) (cands []candidate, failed map[string]bool) {
	failed = make(map[string]bool)
	mounts, err := readMounts()
	if err != nil {
		w.logf(fmt.Sprintf("volume: %v", err))
		for _, r := range w.roots {
			failed[r.Path] = true
		}
		return nil, failed
	}
	// The last mount on a mount point is the one on top.
	byPoint := make(map[string]Mount, len(mounts))
	for _, m := range mounts {
		byPoint[m.MountPoint] = m
	}
	for _, r := range w.roots {
		real, err := filepath.EvalSymlinks(r.Path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			w.logf(fmt.Sprintf("volume: root %s: %v", r.Path, err))
			failed[r.Path] = true
			continue
		}
		if r.FolderMode {
			fc, err := folderCandidates(r.Path)
			if err != nil {
				w.logf(fmt.Sprintf("volume: %v", err))
				failed[r.Path] = true
				continue
			}
			for _, c := range fc {
				if m, ok := byPoint[filepath.Join(real, filepath.Base(c.st.ev.Path))]; ok {
					c.st = mountState(c.st.ev.Path, m, prev)
				}
				cands = append(cands, c)
			}
			continue
		}
		for mp, m := range byPoint {
			if filepath.Dir(mp) != real || mp == real || strings.HasSuffix(mp, deletedSuffix) {
				continue
			}
			p := filepath.Join(r.Path, filepath.Base(mp))
			cands = append(cands, candidate{st: mountState(p, m, prev), probe: true})
		}
	}
	return cands, failed
}

// deletedSuffix is what the kernel appends to a mount point whose folder was
// removed; such a mount is unreachable by its path.
const deletedSuffix = " (deleted)"

// mountState describes the volume mounted at p. The label is looked up only
// for a volume not already known.
func mountState(p string, m Mount, prev snapshot) volState {
	st := volState{
		ev: Event{Path: p, Source: m.Source, FSType: m.FSType},
		id: fmt.Sprintf("mount %d dev %d:%d", m.ID, m.Major, m.Minor),
	}
	if old, ok := prev[p]; ok && old.id == st.id {
		st.ev.Label = old.ev.Label
		return st
	}
	st.ev.Label = labelOf(m.Source, filepath.Base(p))
	return st
}

// currentUser returns the login name of the user running the program.
func currentUser() string {
	for _, k := range []string{"SUDO_USER", "USER", "LOGNAME"} {
		if u := os.Getenv(k); u != "" && !strings.ContainsRune(u, '/') {
			return u
		}
	}
	return ""
}
