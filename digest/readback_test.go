package digest

import (
	"bytes"
	"crypto/rand"
	"testing"
)

// A read-back matches only the exact bytes written: any flipped byte, a
// missing tail or an extra byte fails, whatever the read sizes.
func TestReadbackChunks(t *testing.T) {
	for _, size := range []int{0, 1, ChunkSize, 3*ChunkSize + 5} {
		data := make([]byte, size)
		rand.Read(data)
		var copyBuf bytes.Buffer
		sum, chunks, n, err := CopyChunked(&copyBuf, bytes.NewReader(data))
		if err != nil || n != int64(size) {
			t.Fatal(n, err)
		}
		check := func(name string, back []byte, piece int, want bool) {
			t.Helper()
			for _, rb := range []Readback{chunks.Readback(), sum.Readback()} {
				for p := back; len(p) > 0; {
					k := min(piece, len(p))
					rb.Write(p[:k])
					p = p[k:]
				}
				if got := rb.Match(); got != want {
					t.Errorf("size %d, %s, %T: Match = %v, want %v", size, name, rb, got, want)
				}
			}
		}
		check("as written", copyBuf.Bytes(), 4096, true)
		check("as written, odd pieces", copyBuf.Bytes(), 777, true)
		check("one byte more", append(bytes.Clone(data), 0), ChunkSize, false)
		if size > 0 {
			for _, at := range []int{0, size / 2, size - 1} {
				bad := bytes.Clone(data)
				bad[at] ^= 1
				check("a flipped byte", bad, 65536, false)
			}
			check("the last byte missing", data[:size-1], ChunkSize, false)
		}
	}
}

func TestChunksOnlyWhenCopying(t *testing.T) {
	_, chunks, _, err := CopyChunked(nil, bytes.NewReader([]byte("x")))
	if err != nil || chunks != nil {
		t.Fatalf("hash-only copy gave chunks %v, %v", chunks, err)
	}
}
