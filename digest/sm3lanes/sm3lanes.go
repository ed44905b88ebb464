// Package sm3lanes computes SM3 (GB/T 32905-2016) for many messages at once.
//
// One SM3 message cannot be hashed faster than its chain of blocks allows,
// and on the workstation's CPU that chain is the slowest part of an import.
// But an import hashes several files at the same time, and a vector
// register holds eight 32-bit lanes: so the blocks of up to eight messages
// go through the compression function together, message i in lane i. On a
// CPU with AVX2 or AVX-512 this hashes several times more bytes per core
// than hashing the messages one by one; elsewhere New is plain SM3.
package sm3lanes

import (
	"encoding"
	"encoding/binary"
	"hash"
	"runtime"

	"github.com/emmansun/gmsm/sm3"
)

// Size is the size of an SM3 sum in bytes.
const Size = sm3.Size

// BlockSize is SM3's block size in bytes.
const BlockSize = sm3.BlockSize

// Lanes reports whether this CPU hashes messages side by side; when false,
// New returns the one-message SM3 and hashing more at once gains nothing.
func Lanes() bool { return blocks8 != nil }

// New returns a new SM3 hash. Its Write may wait while the blocks share a
// lane with other messages, so it is for hashing many messages on several
// goroutines at once; a single message is hashed as fast as plain SM3.
func New() hash.Hash {
	if blocks8 == nil {
		return sm3.New()
	}
	d := &digest{done: make(chan struct{}, 1)}
	d.Reset()
	return d
}

// iv is SM3's initial value.
var iv = [8]uint32{0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e}

// digest is one message. h, hashed and the job are touched by a lane
// runner only between the job's hand-over and its done signal.
type digest struct {
	h      [8]uint32
	hashed uint64 // bytes through the compression function, whole blocks
	x      [BlockSize]byte
	nx     int
	job    []byte // whole blocks waiting for, or in, a lane
	done   chan struct{}
	one    hash.Hash // plain SM3, for blocks not worth a lane

	// streaming says d is counted among the engine's streams, until Sum,
	// Reset or, for a message given up half-way, the garbage collector.
	streaming bool
	uncount   runtime.Cleanup
}

func (d *digest) Size() int      { return Size }
func (d *digest) BlockSize() int { return BlockSize }

func (d *digest) Reset() {
	lanes.part(d)
	d.h, d.hashed, d.nx, d.job = iv, 0, 0, nil
}

func (d *digest) Write(p []byte) (int, error) {
	n := len(p)
	if d.nx > 0 {
		c := copy(d.x[d.nx:], p)
		d.nx += c
		p = p[c:]
		if d.nx < BlockSize {
			return n, nil
		}
		d.alone(d.x[:])
		d.nx = 0
	}
	if whole := len(p) &^ (BlockSize - 1); whole > 0 {
		if whole >= minShared && lanes.join(d) {
			lanes.hash(d, p[:whole])
		} else {
			d.alone(p[:whole])
		}
		p = p[whole:]
	}
	d.nx = copy(d.x[:], p)
	return n, nil
}

// minShared is the least a Write hands to a lane: below it, waiting for a
// lane costs more than hashing the blocks alone.
const minShared = 16 << 10

// Sum appends the SM3 of what was written to b; d is unchanged.
func (d *digest) Sum(b []byte) []byte {
	lanes.part(d)
	return d.plain(d.x[:d.nx]).Sum(b)
}

// alone hashes whole blocks with the one-message SM3.
func (d *digest) alone(p []byte) {
	one := d.plain(nil)
	one.Write(p)
	state, _ := one.(encoding.BinaryMarshaler).MarshalBinary()
	for i := range d.h {
		d.h[i] = binary.BigEndian.Uint32(state[len(magic)+4*i:])
	}
	d.hashed += uint64(len(p))
}

const magic = "sm3\x03"

// plain returns the one-message SM3 in d's state, with pending bytes
// buffered, by way of its marshalled form.
func (d *digest) plain(pending []byte) hash.Hash {
	state := make([]byte, 0, len(magic)+8*4+BlockSize+8)
	state = append(state, magic...)
	for _, w := range d.h {
		state = binary.BigEndian.AppendUint32(state, w)
	}
	var buf [BlockSize]byte
	copy(buf[:], pending)
	state = append(state, buf[:]...)
	state = binary.BigEndian.AppendUint64(state, d.hashed+uint64(len(pending)))
	if d.one == nil {
		d.one = sm3.New()
	}
	if err := d.one.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
		// The state is made above in the form gmsm writes; a change there is
		// a programming error, caught by the tests at once.
		panic("sm3lanes: " + err.Error())
	}
	return d.one
}
