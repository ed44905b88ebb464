//go:build windows

package volume

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// DefaultRoots returns no roots on Windows: drive letters are always polled.
// Add FolderMode roots to watch folders as well.
func DefaultRoots() []Root { return nil }

// candidates lists removable and non-system fixed drives, found by polling
// the drive letters each scan, and the folders under FolderMode roots. Other
// roots are ignored on Windows. Windows shows no "insert a disk" dialog for
// an empty card reader: the Go runtime sets SEM_FAILCRITICALERRORS at start.
func (w *Watcher) candidates(prev snapshot) (cands []candidate, failed map[string]bool) {
	failed = make(map[string]bool)
	dc, err := driveCandidates(windowsDrives())
	if err != nil {
		w.logf(fmt.Sprintf("volume: %v", err))
		for p := range prev {
			failed[rootOf(p)] = true
		}
	}
	cands = append(cands, dc...)
	for _, r := range w.roots {
		if !r.FolderMode {
			continue
		}
		fc, err := folderCandidates(r.Path)
		if err != nil {
			w.logf(fmt.Sprintf("volume: %v", err))
			failed[r.Path] = true
			continue
		}
		cands = append(cands, fc...)
	}
	return cands, failed
}

// windowsDrives is the real driveOS.
func windowsDrives() driveOS {
	sys := os.Getenv("SystemDrive")
	if dir, err := windows.GetSystemWindowsDirectory(); err == nil {
		sys = filepath.VolumeName(dir)
	}
	return driveOS{
		logicalDrives: windows.GetLogicalDrives,
		driveType: func(root string) uint32 {
			p, err := windows.UTF16PtrFromString(root)
			if err != nil {
				return 0
			}
			return windows.GetDriveType(p)
		},
		volumeInfo:  volumeInfo,
		systemDrive: sys,
	}
}

// volumeInfo calls GetVolumeInformationW and
// GetVolumeNameForVolumeMountPointW; neither keeps a handle open.
func volumeInfo(root string) (driveInfo, error) {
	var info driveInfo
	p, err := windows.UTF16PtrFromString(root)
	if err != nil {
		return info, fmt.Errorf("drive %s: %w", root, err)
	}
	label := make([]uint16, windows.MAX_PATH+1)
	fsName := make([]uint16, windows.MAX_PATH+1)
	var maxComp, flags uint32
	err = windows.GetVolumeInformation(p, &label[0], uint32(len(label)), &info.Serial,
		&maxComp, &flags, &fsName[0], uint32(len(fsName)))
	if err != nil {
		return info, fmt.Errorf("volume information of %s: %w", root, err)
	}
	info.Label = windows.UTF16ToString(label)
	info.FSType = windows.UTF16ToString(fsName)
	name := make([]uint16, 64)
	if windows.GetVolumeNameForVolumeMountPoint(p, &name[0], uint32(len(name))) == nil {
		info.VolumeName = windows.UTF16ToString(name)
	}
	return info, nil
}

// nopNotifier: Windows has no notification here; the poll interval drives
// every scan.
type nopNotifier struct{}

func newNotifier(roots []Root, _ bool, logf func(string)) (notifier, error) {
	for _, r := range roots {
		if !r.FolderMode {
			logf(fmt.Sprintf("volume: root %s ignored on Windows (drive letters are polled)", r.Path))
		}
	}
	return nopNotifier{}, nil
}

func (nopNotifier) hints() <-chan hint { return nil }
func (nopNotifier) refresh()           {}
func (nopNotifier) close() error       { return nil }
