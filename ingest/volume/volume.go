// Package volume notices removable volumes (a docked recorder) appearing and
// going away.
//
// On Linux a Watcher keeps an fsnotify watch on each mount root (such as
// /media/$USER), or on the nearest existing parent of a root that does not
// exist yet, and confirms every candidate folder against the kernel's mount
// table (/proc/self/mountinfo): a volume is a mount point directly under a
// root. Mount-table changes are learnt at once by polling an open
// /proc/self/mountinfo for POLLPRI, which also catches a mount over a folder
// that already existed (no fsnotify event). The table is re-read every poll
// interval (1 s by default) as a safety net, and a new folder that is not yet
// mounted (udisks makes /media/user/LABEL, then mounts) is re-checked every
// 250 ms for 3 s. Each scan also probes every volume's root with lstat and
// statfs, with a time limit: a FUSE mount whose daemon died stays in the mount
// table, but statfs fails with ENOTCONN, and it is reported Gone.
// Measured here: mount and unmount are reported in 20-50 ms; a killed
// fusefat within one poll interval.
//
// On macOS the same fsnotify path watches /Volumes, and a folder counts once
// it lies on another device than /Volumes itself. On Windows drive letters
// are polled every poll interval.
//
// A Watcher never keeps a watch or a handle inside a volume, so it never
// blocks an unmount or a safe removal.
package volume

import (
	"fmt"
	"time"
)

// Kind says whether a volume appeared or went away.
type Kind int

// The kinds of Event.
const (
	// Appeared: a volume is mounted and readable under a root.
	Appeared Kind = iota + 1
	// Gone: a volume was unmounted, removed, or its FUSE daemon died.
	Gone
)

// String returns "appeared" or "gone".
func (k Kind) String() string {
	switch k {
	case Appeared:
		return "appeared"
	case Gone:
		return "gone"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Event reports one volume appearing or going.
type Event struct {
	Kind Kind
	// Path is where the volume is reachable: its mount point under a Root,
	// or a drive root such as `E:\` on Windows.
	Path string
	// Source is the device or filesystem source, e.g. /dev/sdb1, fusefat,
	// tmpfs, or a `\\?\Volume{...}\` name on Windows; empty for a plain
	// folder under a FolderMode root.
	Source string
	// FSType is the filesystem type, e.g. vfat, exfat, tmpfs, fuse.fusefat,
	// FAT32, NTFS; empty for a plain folder under a FolderMode root.
	FSType string
	// Label is the volume label when known, otherwise the folder name.
	Label string
	// Serial is the volume serial number on Windows (e.g. "1A2B-3C4D"), empty
	// elsewhere.
	Serial string
	// Time is when the watcher noticed the change.
	Time time.Time
}

// String formats the event for logs.
func (e Event) String() string {
	return fmt.Sprintf("%s %s (source %q, type %q, label %q)", e.Kind, e.Path, e.Source, e.FSType, e.Label)
}

// Root is a folder under which volumes are mounted, such as /media/alice.
type Root struct {
	// Path of the root folder. It need not exist yet.
	Path string
	// FolderMode counts every folder directly under Path as a volume, mounted
	// or not: for tests and set-ups that copy recordings into a folder.
	FolderMode bool
}
