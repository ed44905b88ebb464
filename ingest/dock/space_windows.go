//go:build windows

package dock

import "golang.org/x/sys/windows"

// space reports the free and total bytes of the volume at path, or -1, -1.
func space(path string) (free, total int64) {
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
