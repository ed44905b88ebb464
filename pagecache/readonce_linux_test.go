package pagecache

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A recording read through ReadOnce is the same bytes, and what has been
// read no longer sits in the page cache (checked with mincore on a map of
// the file).
func TestReadOnceForgetsWhatWasRead(t *testing.T) {
	dir := t.TempDir()
	var fs unix.Statfs_t
	if err := unix.Statfs(dir, &fs); err != nil {
		t.Fatal(err)
	}
	if fs.Type == unix.TMPFS_MAGIC {
		t.Skip("tmpfs keeps files in memory; nothing to forget")
	}
	want := make([]byte, 40<<20)
	for i := range want {
		want[i] = byte(i * 131 >> 7)
	}
	path := filepath.Join(dir, "clip.mp4")
	if err := os.WriteFile(path, want, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Sync() // clean pages can be dropped; dirty ones would stay
	got, err := io.ReadAll(ReadOnce(f))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read %d bytes (%v), want the %d written", len(got), err, len(want))
	}
	m, err := unix.Mmap(int(f.Fd()), 0, len(want), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(m)
	pages := make([]byte, (len(want)+os.Getpagesize()-1)/os.Getpagesize())
	if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&pages[0]))); errno != 0 {
		t.Fatal(errno)
	}
	resident := 0
	for _, p := range pages {
		resident += int(p & 1)
	}
	// Advice, not a command: pages the kernel is still handling stay, so
	// the test asks for most of the file to be gone, not all of it.
	if resident > len(pages)/4 {
		first, last := -1, -1
		for i, p := range pages {
			if p&1 == 1 {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		t.Errorf("%d of the %d pages read are still cached (%d..%d)", resident, len(pages), first, last)
	}
}
