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
	"fmt"
	"hash"
	"runtime"

	"github.com/emmansun/gmsm/sm3"
)

// Size is the size of an SM3 sum in bytes.
const Size = 32

// BlockSize is SM3's block size in bytes.
const BlockSize = 64

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
	return &digest{one: sm3.New(), done: make(chan struct{}, 1)}
}

// digest is one message. Between Writes its state is in one, the plain
// SM3; a large Write moves it into h for a lane and back. h, hashed and job
// are touched by a lane runner only between the job's hand-over and its
// done signal.
type digest struct {
	one    hash.Hash
	len    uint64    // bytes written
	h      [8]uint32 // the state while in a lane
	hashed uint64    // bytes through the compression function while in a lane
	job    []byte    // whole blocks waiting for, or in, a lane
	done   chan struct{}

	// streaming says d is counted among the engine's streams, until Sum,
	// Reset or, for a message given up half-way, the garbage collector.
	streaming bool
	uncount   runtime.Cleanup
}

func (d *digest) Size() int      { return Size }
func (d *digest) BlockSize() int { return BlockSize }

func (d *digest) Reset() {
	lanes.part(d)
	d.one.Reset()
	d.len = 0
}

func (d *digest) Write(p []byte) (int, error) {
	n := len(p)
	if len(p) >= minShared {
		// Fill the plain SM3's part-block, so the rest starts on a block.
		if pending := int(d.len % BlockSize); pending > 0 {
			d.one.Write(p[:BlockSize-pending])
			d.len += uint64(BlockSize - pending)
			p = p[BlockSize-pending:]
		}
		if whole := len(p) &^ (BlockSize - 1); whole >= minShared && lanes.join(d) {
			d.out()
			d.hashed = d.len
			lanes.hash(d, p[:whole])
			d.in()
			d.len += uint64(whole)
			p = p[whole:]
		}
	}
	d.one.Write(p)
	d.len += uint64(len(p))
	return n, nil
}

// minShared is the least a Write hands to a lane: below it, waiting for a
// lane costs more than hashing the blocks alone.
const minShared = 16 << 10

// Sum appends the SM3 of what was written to b; d is unchanged.
func (d *digest) Sum(b []byte) []byte {
	lanes.part(d)
	return d.one.Sum(b)
}

// alone runs whole blocks through the state in h with the plain SM3: one
// message alone goes faster that way than in a lane.
func (d *digest) alone(p []byte) {
	d.in()
	d.one.Write(p)
	d.hashed += uint64(len(p))
	d.out()
}

// magic starts gmsm's marshalled SM3 state: magic, h big-endian, the
// part-block buffer, then the length.
const magic = "sm3\x03"

// out takes the state, at a block boundary, from the plain SM3 into h.
func (d *digest) out() {
	state, err := d.one.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil || len(state) < len(magic)+8*4 {
		// gmsm marshals without fail; a change there is a programming error
		// the tests catch at once.
		panic(fmt.Sprintf("sm3lanes: SM3 state of %d bytes: %v", len(state), err))
	}
	for i := range d.h {
		d.h[i] = binary.BigEndian.Uint32(state[len(magic)+4*i:])
	}
}

// in puts the state in h back into the plain SM3.
func (d *digest) in() {
	state := make([]byte, 0, len(magic)+8*4+BlockSize+8)
	state = append(state, magic...)
	for _, w := range d.h {
		state = binary.BigEndian.AppendUint32(state, w)
	}
	state = append(state, make([]byte, BlockSize)...)
	state = binary.BigEndian.AppendUint64(state, d.hashed)
	if err := d.one.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
		panic("sm3lanes: " + err.Error())
	}
}
