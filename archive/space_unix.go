//go:build !windows

package archive

import "golang.org/x/sys/unix"

// DiskSpace reports the free and total bytes of the disk holding path, or
// -1, -1 when it cannot be told.
func DiskSpace(path string) (free, total int64) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return -1, -1
	}
	return int64(st.Bavail) * int64(st.Bsize), int64(st.Blocks) * int64(st.Bsize)
}
