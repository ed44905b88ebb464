package sm3lanes

import (
	"fmt"
	"hash"
	"sync"
	"testing"

	"github.com/emmansun/gmsm/sm3"
)

// BenchmarkMessages hashes k messages of 8 MiB at once, written in 1 MiB
// pieces as digest.Copy does, with the shared lanes and with plain SM3 on
// k goroutines. MB/s is over all k messages.
func BenchmarkMessages(b *testing.B) {
	const size, piece = 8 << 20, 1 << 20
	buf := make([]byte, size)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	for _, k := range []int{1, 2, 4, 8, 16} {
		for _, kind := range []struct {
			name string
			new  func() hash.Hash
		}{{"lanes", New}, {"plain", sm3.New}} {
			b.Run(fmt.Sprintf("%s/%d", kind.name, k), func(b *testing.B) {
				b.SetBytes(int64(k * size))
				for b.Loop() {
					var wg sync.WaitGroup
					for range k {
						wg.Go(func() {
							h := kind.new()
							for off := 0; off < size; off += piece {
								h.Write(buf[off : off+piece])
							}
							h.Sum(nil)
						})
					}
					wg.Wait()
				}
			})
		}
	}
}

// BenchmarkKernel is one pass over eight lanes of 64 KiB each.
func BenchmarkKernel(b *testing.B) {
	for _, k := range available {
		f := k.run
		b.Run(k.name, func(b *testing.B) {
			var state [8][8]uint32
			var ptr [8]*byte
			data := make([]byte, 8*step*BlockSize)
			for i := range ptr {
				ptr[i] = &data[i*step*BlockSize]
			}
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				f(&state, &ptr, step)
			}
		})
	}
}
