// Package digest computes the two hashes evidock keeps for every recording,
// SHA-256 and SM3 (GB/T 32905-2016), from a single read of the bytes.
package digest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/emmansun/gmsm/sm3"

	"evidock/digest/sm3lanes"
	"evidock/pagecache"
)

// Sum holds both hashes of one content.
type Sum struct {
	SHA256 [sha256.Size]byte
	SM3    [sm3.Size]byte
}

// SHA256Hex is the SHA-256 in lower-case hex.
func (s Sum) SHA256Hex() string { return hex.EncodeToString(s.SHA256[:]) }

// SM3Hex is the SM3 in lower-case hex.
func (s Sum) SM3Hex() string { return hex.EncodeToString(s.SM3[:]) }

// ChunkSize is the size of one read. Large enough that a read is cheap
// against a USB volume, small enough that Copy's buffers stay a few MiB.
const ChunkSize = 1 << 20

// inFlight is how many buffers one Copy keeps in flight: one being read,
// the others with the hashes and the writer. Imports run Streams() copies
// at once, so this times that is most of an import's memory.
const inFlight = 4

// spare keeps buffers between copies: an import of many photos would
// otherwise allocate and clear several MiB for every file. It is a bounded
// free list rather than a sync.Pool, which the garbage collector empties at
// every cycle: the buffers would be made again and again, and the heap
// would grow to twice what is in use (measured: 122 MiB peak RSS for an
// import of 61 photos, against a target under 100 MiB).
var spare = make(chan *chunk, 4*inFlight)

// getChunk is a spare buffer, or a new one when none is spare.
func getChunk() *chunk {
	select {
	case c := <-spare:
		return c
	default:
		return &chunk{buf: make([]byte, ChunkSize)}
	}
}

// putChunk keeps c for the next copy, unless enough are kept.
func putChunk(c *chunk) {
	select {
	case spare <- c:
	default:
	}
}

type chunk struct {
	buf  []byte
	n    int
	refs atomic.Int32 // consumers yet to see it; the last returns it to free
}

// Copy copies src to dst while computing both hashes of the bytes read. Each
// byte of src is read once; hashing SHA-256, hashing SM3 and writing to dst
// run on their own goroutines, so one large file uses more than one core.
// dst may be nil to only hash. An error from src comes back as a *ReadError
// and one from dst as a *WriteError, so callers can tell a failing recorder
// from a failing archive disk.
func Copy(dst io.Writer, src io.Reader) (Sum, int64, error) {
	sum, _, n, err := CopyChunked(dst, src)
	return sum, n, err
}

// CopyChunked is Copy that also returns the CRC-32C of every ChunkSize piece
// written to dst, so the copy can be checked when it is read back (see
// Chunks). Chunks is nil when dst is nil.
func CopyChunked(dst io.Writer, src io.Reader) (Sum, Chunks, int64, error) {
	free := make(chan *chunk, inFlight)
	for range inFlight {
		free <- getChunk()
	}
	defer func() {
		for range inFlight {
			putChunk(<-free)
		}
	}()
	var failed atomic.Pointer[error]
	sh, sm := sha256.New(), sm3lanes.New()
	steps := []func([]byte) error{
		func(b []byte) error { sh.Write(b); return nil },
		func(b []byte) error { sm.Write(b); return nil },
	}
	var chunks Chunks
	if dst != nil {
		chunks = Chunks{}
		sparse, _ := dst.(Skipper)
		steps = append(steps, func(b []byte) error {
			if sparse != nil && allZero(b) {
				if err := sparse.Skip(len(b)); err != nil {
					return &WriteError{Err: err}
				}
			} else if _, err := dst.Write(b); err != nil {
				return &WriteError{Err: err}
			}
			// Every piece but the last is a whole chunk (io.ReadFull).
			chunks = append(chunks, crc32.Checksum(b, castagnoli))
			return nil
		})
	}
	var wg sync.WaitGroup
	ins := make([]chan *chunk, len(steps))
	for i, step := range steps {
		ins[i] = make(chan *chunk, inFlight)
		wg.Add(1)
		go func(in <-chan *chunk) {
			defer wg.Done()
			for ch := range in {
				if failed.Load() == nil {
					if err := step(ch.buf[:ch.n]); err != nil {
						failed.CompareAndSwap(nil, &err)
					}
				}
				if ch.refs.Add(-1) == 0 {
					free <- ch
				}
			}
		}(ins[i])
	}
	var total int64
	var readErr error
	for failed.Load() == nil {
		ch := <-free
		n, err := io.ReadFull(src, ch.buf)
		if n > 0 {
			ch.n = n
			total += int64(n)
			ch.refs.Store(int32(len(steps)))
			for _, in := range ins {
				in <- ch
			}
		} else {
			free <- ch
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			readErr = &ReadError{Err: err}
			break
		}
	}
	for _, in := range ins {
		close(in)
	}
	wg.Wait()
	var sum Sum
	copy(sum.SHA256[:], sh.Sum(nil))
	copy(sum.SM3[:], sm.Sum(nil))
	if readErr != nil {
		return sum, nil, total, readErr
	}
	if err := failed.Load(); err != nil {
		return sum, nil, total, *err
	}
	return sum, chunks, total, nil
}

// Streams is how many copies at once keep this computer's hashing busy.
// Where SM3 runs in the lanes of vector registers (see sm3lanes), that is
// enough files to fill the lanes; otherwise one more than the cores, so
// every core hashes while a read waits.
func Streams() int {
	if sm3lanes.Lanes() {
		return sm3lanes.Width
	}
	return min(runtime.NumCPU()+1, 5)
}

// ReadError is an error reading the source of a Copy.
type ReadError struct{ Err error }

func (e *ReadError) Error() string { return "read: " + e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

// WriteError is an error writing the destination of a Copy.
type WriteError struct{ Err error }

func (e *WriteError) Error() string { return "write: " + e.Err.Error() }
func (e *WriteError) Unwrap() error { return e.Err }

// File hashes the file at path.
func File(path string) (Sum, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return Sum{}, 0, fmt.Errorf("digest: %w", err)
	}
	defer f.Close()
	return Copy(nil, pagecache.ReadOnce(f))
}

// Bytes hashes b.
func Bytes(b []byte) Sum {
	var s Sum
	s.SHA256 = sha256.Sum256(b)
	h := sm3.New()
	h.Write(b)
	copy(s.SM3[:], h.Sum(nil))
	return s
}

// Skipper is a destination that can leave a run of zeros as a hole instead
// of writing it (a sparse file): a recording of zeros then takes no space.
type Skipper interface {
	Skip(n int) error
}

// zeros is a chunk of zeros to compare with.
var zeros = make([]byte, ChunkSize)

// allZero reports whether b holds only zero bytes (a memory compare, far
// faster than the hashes over the same bytes).
func allZero(b []byte) bool {
	for len(b) > 0 {
		n := min(len(b), len(zeros))
		if !bytes.Equal(b[:n], zeros[:n]) {
			return false
		}
		b = b[n:]
	}
	return true
}

// Zero reports whether r holds only zeros, reading at most the first and
// last MiB and a MiB in the middle: what a sparse placeholder file looks
// like. A recording of any media has headers that are not zero.
func Zero(r io.ReaderAt, size int64) bool {
	if size == 0 {
		return false
	}
	buf := make([]byte, min(size, 1<<20))
	for _, off := range []int64{0, max(0, size/2-int64(len(buf))/2), max(0, size-int64(len(buf)))} {
		n, err := r.ReadAt(buf, off)
		if n == 0 && err != nil {
			return false
		}
		if !allZero(buf[:n]) {
			return false
		}
	}
	return true
}
