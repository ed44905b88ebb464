package archive

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"

	"evidock/digest"
)

// alignedBuffers keeps read-back buffers (digest.ChunkSize, aligned as
// O_DIRECT needs) between seals, which otherwise allocate a MiB for every
// recording: a bounded free list, not a sync.Pool, so that the garbage
// collector does not drop them at every cycle (see digest's spare buffers).
var alignedBuffers = make(chan []byte, 16)

// alignedBuffer is a spare read-back buffer, or a new one.
func alignedBuffer() []byte {
	select {
	case b := <-alignedBuffers:
		return b
	default:
	}
	const align = 4096
	buf := make([]byte, digest.ChunkSize+align)
	off := (align - int(uintptr(unsafe.Pointer(&buf[0]))%align)) % align
	return buf[off : off+digest.ChunkSize : off+digest.ChunkSize]
}

// openUncached opens path for reads that come from the disk, never from the
// page cache (O_DIRECT), and returns a buffer of digest.ChunkSize bytes
// aligned as O_DIRECT needs, to be handed back with releaseUncached. It
// returns a nil file when the file system refuses O_DIRECT (tmpfs before
// Linux 6.6, some FUSE file systems).
func openUncached(path string) (*os.File, []byte) {
	f, err := os.OpenFile(path, os.O_RDONLY|unix.O_DIRECT, 0)
	if err != nil {
		return nil, nil
	}
	return f, alignedBuffer()
}

// releaseUncached returns a buffer from openUncached for the next seal.
func releaseUncached(buf []byte) {
	select {
	case alignedBuffers <- buf:
	default:
	}
}
