//go:build !linux

package pagecache

import "os"

// Forget has no portable form here; the cache keeps what was read.
func Forget(f *os.File, off, n int64) {}

// StartWriteback has no portable form; the fsync that follows writes all.
func StartWriteback(f *os.File, off, n int64) {}
