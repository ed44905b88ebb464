package store

import (
	"os"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// alignedBuffers keeps read-back buffers between seals, which otherwise
// allocate a MiB for every recording.
var alignedBuffers sync.Map // size -> *sync.Pool of *[]byte

// openUncached opens path for reads that come from the disk, never from the
// page cache (O_DIRECT), and returns a buffer of size bytes aligned as
// O_DIRECT needs, to be handed back with releaseUncached. It returns a nil
// file when the file system refuses O_DIRECT (tmpfs before Linux 6.6, some
// FUSE file systems).
func openUncached(path string, size int) (*os.File, []byte) {
	f, err := os.OpenFile(path, os.O_RDONLY|unix.O_DIRECT, 0)
	if err != nil {
		return nil, nil
	}
	p, _ := alignedBuffers.LoadOrStore(size, &sync.Pool{New: func() any {
		const align = 4096
		buf := make([]byte, size+align)
		off := (align - int(uintptr(unsafe.Pointer(&buf[0]))%align)) % align
		buf = buf[off : off+size : off+size]
		return &buf
	}})
	return f, *p.(*sync.Pool).Get().(*[]byte)
}

// releaseUncached returns a buffer from openUncached for the next seal.
func releaseUncached(buf []byte) {
	if p, ok := alignedBuffers.Load(len(buf)); ok {
		p.(*sync.Pool).Put(&buf)
	}
}
