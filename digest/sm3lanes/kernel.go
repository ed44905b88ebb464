package sm3lanes

import (
	"bytes"

	"github.com/emmansun/gmsm/sm3"
)

// kernel runs n blocks of eight messages through the SM3 compression
// function: h[w][i] is word w of message i's state and p[i] points at its
// next n*64 bytes.
type kernel func(h *[8][8]uint32, p *[8]*byte, n int)

// namedKernel is one version of the kernel. few is how many messages at
// once are still better hashed one by one with it.
type namedKernel struct {
	name string
	run  kernel
	few  int32
}

// blocks8 is the fastest kernel this CPU runs that hashes as the plain SM3
// does, or nil; fewStreams is its namedKernel.few and kernelName its name.
var blocks8, fewStreams, kernelName = choose()

func choose() (kernel, int32, string) {
	for _, k := range available {
		if agrees(k.run) {
			return k.run, k.few, k.name
		}
	}
	return nil, 0, ""
}

// Kernel names the eight-lane kernel New hashes with on this CPU ("AVX512"
// or "AVX2"), or "" when every message is hashed on its own.
func Kernel() string { return kernelName }

// agrees reports whether k hashes eight different messages of three blocks
// as the plain SM3 does. It runs once at start: every recording's SM3 is
// computed with the kernel and checked again with it by verify, so a kernel
// that goes wrong on some CPU must not be used at all.
func agrees(k kernel) bool {
	const blocks = 3
	var (
		msgs  [8][]byte
		state [8][8]uint32
		ptr   [8]*byte
	)
	start := &digest{one: sm3.New()}
	start.out()
	for i := range msgs {
		msgs[i] = make([]byte, blocks*BlockSize)
		for j := range msgs[i] {
			msgs[i][j] = byte(i*131 + j*7 + j>>3)
		}
		ptr[i] = &msgs[i][0]
		for w := range state {
			state[w][i] = start.h[w]
		}
	}
	k(&state, &ptr, blocks)
	for i, m := range msgs {
		d := &digest{one: sm3.New(), hashed: blocks * BlockSize}
		for w := range state {
			d.h[w] = state[w][i]
		}
		d.in()
		want := sm3.New()
		want.Write(m)
		if !bytes.Equal(d.one.Sum(nil), want.Sum(nil)) {
			return false
		}
	}
	return true
}
