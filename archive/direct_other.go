//go:build !linux

package archive

import "os"

// openUncached reports that uncached reads are not available here; the
// re-read then goes through the page cache after pagecache.Forget.
func openUncached(path string) (*os.File, []byte) { return nil, nil }

// releaseUncached has nothing to give back here.
func releaseUncached(buf []byte) {}
