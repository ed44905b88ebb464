package store

import (
	"errors"
	"testing"

	"evidock/digest"
)

// TestSealRereads checks Seal's read-back (O_DIRECT on Linux) on sizes that
// are not whole disk blocks, and that it catches a copy that differs.
func TestSealRereads(t *testing.T) {
	st := openTest(t)
	for _, n := range []int{0, 1, 4095, 4097, digest.ChunkSize + 513, 3*digest.ChunkSize - 1} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(i*7 + n)
		}
		for _, corrupt := range []bool{false, true} {
			tmp, err := st.archive.CreateTemp("seal")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tmp.Write(data); err != nil {
				t.Fatal(err)
			}
			sum := digest.Bytes(data)
			if corrupt {
				sum.SHA256[0] ^= 1 // what was hashed is not what is on disk
			}
			err = st.archive.Seal(tmp, sum, int64(n))
			if corrupt != errors.Is(err, ErrCopyMismatch) || (!corrupt && err != nil) {
				t.Errorf("%d bytes, corrupt %v: Seal = %v", n, corrupt, err)
			}
		}
	}
}
