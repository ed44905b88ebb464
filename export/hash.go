package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"

	"github.com/emmansun/gmsm/sm3"
)

// Hashes are the two digests evidock keeps for every file, computed from one
// read of its bytes, and the number of bytes read.
type Hashes struct {
	SHA256 string // lower-case hex
	SM3    string // lower-case hex
	Size   int64
}

// dualHash computes SHA-256 and SM3 of what is written to it.
type dualHash struct {
	sha, sm hash.Hash
	n       int64
}

func newDualHash() *dualHash {
	return &dualHash{sha: sha256.New(), sm: sm3.New()}
}

func (d *dualHash) Write(p []byte) (int, error) {
	d.sha.Write(p)
	d.sm.Write(p)
	d.n += int64(len(p))
	return len(p), nil
}

func (d *dualHash) sum() Hashes {
	return Hashes{
		SHA256: hex.EncodeToString(d.sha.Sum(nil)),
		SM3:    hex.EncodeToString(d.sm.Sum(nil)),
		Size:   d.n,
	}
}

// chunkSize is how much is copied between checks of the context and calls of
// the progress callback.
const chunkSize = 1 << 20

// copyHashed copies r to w (w may be nil to only hash), computing both hashes
// in the same pass. It stops when ctx is cancelled and calls step after every
// chunk with the number of bytes in it.
func copyHashed(ctx context.Context, w io.Writer, r io.Reader, step func(n int64)) (Hashes, error) {
	h := newDualHash()
	dst := io.Writer(h)
	if w != nil {
		dst = io.MultiWriter(w, h)
	}
	buf := make([]byte, chunkSize)
	for {
		if err := ctx.Err(); err != nil {
			return Hashes{}, err
		}
		n, rerr := io.ReadFull(r, buf)
		if n > 0 {
			if _, err := dst.Write(buf[:n]); err != nil {
				return Hashes{}, err
			}
			if step != nil {
				step(int64(n))
			}
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			return h.sum(), nil
		}
		if rerr != nil {
			return Hashes{}, rerr
		}
	}
}

// hashFile returns the hashes of the file at path.
func hashFile(ctx context.Context, path string) (Hashes, error) {
	f, err := os.Open(path)
	if err != nil {
		return Hashes{}, err
	}
	defer f.Close()
	h, err := copyHashed(ctx, nil, f, nil)
	if err != nil {
		return Hashes{}, fmt.Errorf("hash %s: %w", path, err)
	}
	return h, nil
}

// hashBytes returns the hashes of b.
func hashBytes(b []byte) Hashes {
	h := newDualHash()
	h.Write(b)
	return h.sum()
}
