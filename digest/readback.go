package digest

import (
	"bytes"
	"crypto/sha256"
	"hash"
	"hash/crc32"
)

// castagnoli is CRC-32C, which the CPU computes in hardware on amd64 and
// arm64: checking a read-back costs next to nothing beside the hashes.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Chunks are the CRC-32C checksums of consecutive ChunkSize pieces of the
// bytes a Copy wrote. Re-reading a copy and comparing chunk by chunk proves
// the disk returns what was written, and names where it does not, at a
// fraction of the cost of hashing it again; the copy's SHA-256 and SM3 were
// computed from the very bytes these checksums were.
type Chunks []uint32

// Readback takes the bytes of a copy as they are read back from the disk
// (as an io.Writer, in order, in pieces of any size) and tells whether they
// are exactly the bytes that were written.
type Readback interface {
	Write(p []byte) (int, error)
	// Match reports whether everything written matched, and nothing is
	// missing or extra.
	Match() bool
}

// Readback checks a read-back against the chunk checksums.
func (c Chunks) Readback() Readback { return &chunkCheck{want: c, ok: true} }

type chunkCheck struct {
	want Chunks
	crc  uint32
	fill int // bytes of the current chunk seen
	next int // index of the current chunk
	ok   bool
}

func (c *chunkCheck) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), ChunkSize-c.fill)
		c.crc = crc32.Update(c.crc, castagnoli, p[:k])
		c.fill += k
		p = p[k:]
		if c.fill == ChunkSize {
			c.close()
		}
	}
	return n, nil
}

// close ends the current chunk and compares it.
func (c *chunkCheck) close() {
	if c.next >= len(c.want) || c.want[c.next] != c.crc {
		c.ok = false
	}
	c.next++
	c.crc, c.fill = 0, 0
}

func (c *chunkCheck) Match() bool {
	if c.fill > 0 {
		c.close()
	}
	return c.ok && c.next == len(c.want)
}

// Readback checks a read-back against the SHA-256, for copies made without
// chunk checksums.
func (s Sum) Readback() Readback { return &sumCheck{h: sha256.New(), want: s.SHA256} }

type sumCheck struct {
	h    hash.Hash
	want [sha256.Size]byte
}

func (c *sumCheck) Write(p []byte) (int, error) { return c.h.Write(p) }
func (c *sumCheck) Match() bool                 { return bytes.Equal(c.h.Sum(nil), c.want[:]) }
