package ingest

import (
	"os"

	"golang.org/x/sys/unix"
)

// forget drops a range of f from the page cache. It is advice: an error
// changes nothing that was read.
func forget(f *os.File, off, n int64) {
	_ = unix.Fadvise(int(f.Fd()), off, n, unix.FADV_DONTNEED)
}
