package store

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// openUncached opens path for reads that come from the disk, never from the
// page cache (O_DIRECT), and returns a buffer of size bytes aligned as
// O_DIRECT needs. It returns a nil file when the file system refuses
// O_DIRECT (tmpfs before Linux 6.6, some FUSE file systems).
func openUncached(path string, size int) (*os.File, []byte) {
	f, err := os.OpenFile(path, os.O_RDONLY|unix.O_DIRECT, 0)
	if err != nil {
		return nil, nil
	}
	const align = 4096
	buf := make([]byte, size+align)
	off := (align - int(uintptr(unsafe.Pointer(&buf[0]))%align)) % align
	return f, buf[off : off+size : off+size]
}
