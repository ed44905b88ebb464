//go:build unix

package ingest

import "syscall"

// nonBlocking makes opening a named pipe return at once instead of
// waiting for a writer that never comes.
const nonBlocking = syscall.O_NONBLOCK
