package pagecache

import (
	"os"

	"golang.org/x/sys/unix"
)

// Forget asks the kernel to drop n bytes of f from offset off from the page
// cache; n = 0 means to the end. Only clean pages go: fsync first to drop
// what was written. It is advice, and an error changes nothing.
func Forget(f *os.File, off, n int64) {
	_ = unix.Fadvise(int(f.Fd()), off, n, unix.FADV_DONTNEED)
}

// StartWriteback asks the kernel to start writing n bytes of f from offset
// off to the disk, without waiting. An error here is no loss: the fsync
// that follows writes whatever is left and reports any failure.
func StartWriteback(f *os.File, off, n int64) {
	_ = unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}
