//go:build linux || darwin

package volume

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// checkFS asks the filesystem mounted at path for its statistics. Unlike
// lstat, which the kernel answers from FUSE's attribute cache for up to a
// second, statfs always reaches the FUSE daemon, so a killed daemon shows at
// once as ENOTCONN. It opens nothing.
func checkFS(path string) error {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return fmt.Errorf("statfs %s: %w", path, err)
	}
	return nil
}
