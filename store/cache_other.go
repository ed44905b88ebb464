//go:build !linux && !windows

package store

import "os"

// dropCache cannot be asked for here; the re-read may come from the cache.
func dropCache(f *os.File) {}
