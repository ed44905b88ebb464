package archive_test

import (
	"bytes"
	"errors"
	"testing"

	"evidock/archive"
	"evidock/digest"
	"evidock/internal/storetest"
)

// TestSealRereads checks Seal's read-back (O_DIRECT on Linux) on sizes that
// are not whole disk blocks, with both kinds of check, and that it catches a
// copy whose bytes on disk differ from those written and hashed.
func TestSealRereads(t *testing.T) {
	st := storetest.Open(t)
	for _, n := range []int{0, 1, 4095, 4097, digest.ChunkSize + 513, 3*digest.ChunkSize - 1} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(i*7 + n)
		}
		for _, mode := range []string{"chunks", "sha256"} {
			for _, corrupt := range []bool{false, true} {
				if corrupt && n == 0 {
					continue
				}
				tmp, err := st.Archive().CreateTemp("seal")
				if err != nil {
					t.Fatal(err)
				}
				sum, chunks, _, err := digest.CopyChunked(tmp, bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				if corrupt { // the disk holds something other than what was written
					if _, err := tmp.WriteAt([]byte{data[n/2] ^ 1}, int64(n/2)); err != nil {
						t.Fatal(err)
					}
				}
				want := chunks.Readback()
				if mode == "sha256" {
					want = sum.Readback()
				}
				err = st.Archive().Seal(tmp, want, int64(n))
				if corrupt != errors.Is(err, archive.ErrCopyMismatch) || (!corrupt && err != nil) {
					t.Errorf("%d bytes, %s, corrupt %v: Seal = %v", n, mode, corrupt, err)
				}
			}
		}
	}
}
