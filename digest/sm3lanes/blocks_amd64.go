package sm3lanes

import "golang.org/x/sys/cpu"

//go:generate go run gen_blocks.go

// blocks8AVX2 and blocks8AVX512 are the kernel in assembly (see kernel.go
// and gen_blocks.go).
//
//go:noescape
func blocks8AVX2(h *[8][8]uint32, p *[8]*byte, n int)

//go:noescape
func blocks8AVX512(h *[8][8]uint32, p *[8]*byte, n int)

// available holds the versions this CPU runs, fastest first.
var available = func() []namedKernel {
	var a []namedKernel
	if cpu.X86.HasAVX512F && cpu.X86.HasAVX512VL {
		// A pass over eight lanes costs about what 2.5 messages one by one do.
		a = append(a, namedKernel{"AVX512", blocks8AVX512, 2})
	}
	if cpu.X86.HasAVX2 {
		a = append(a, namedKernel{"AVX2", blocks8AVX2, 3})
	}
	return a
}()
