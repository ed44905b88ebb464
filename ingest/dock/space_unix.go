//go:build !windows

package dock

import "golang.org/x/sys/unix"

// space reports the free and total bytes of the volume at path, or -1, -1.
func space(path string) (free, total int64) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return -1, -1
	}
	return int64(st.Bavail) * int64(st.Bsize), int64(st.Blocks) * int64(st.Bsize)
}
