//go:build windows

package archive

import "golang.org/x/sys/windows"

// DiskSpace reports the free and total bytes of the disk holding path, or
// -1, -1 when it cannot be told.
func DiskSpace(path string) (free, total int64) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return -1, -1
	}
	var avail, tot, totFree uint64
	if err := windows.GetDiskFreeSpaceEx(p, &avail, &tot, &totFree); err != nil {
		return -1, -1
	}
	return int64(avail), int64(tot)
}
