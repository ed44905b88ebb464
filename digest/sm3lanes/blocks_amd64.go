package sm3lanes

import "golang.org/x/sys/cpu"

//go:generate go run gen_blocks.go

// blocks8AVX2 and blocks8AVX512 run n blocks of eight messages through the
// SM3 compression function: h[w][i] is word w of message i's state and p[i]
// points at its next n*64 bytes.
//
//go:noescape
func blocks8AVX2(h *[8][8]uint32, p *[8]*byte, n int)

//go:noescape
func blocks8AVX512(h *[8][8]uint32, p *[8]*byte, n int)

// available holds the versions this CPU runs.
var available = func() map[string]func(h *[8][8]uint32, p *[8]*byte, n int) {
	a := map[string]func(h *[8][8]uint32, p *[8]*byte, n int){}
	if cpu.X86.HasAVX2 {
		a["AVX2"] = blocks8AVX2
	}
	if cpu.X86.HasAVX512F && cpu.X86.HasAVX512VL {
		a["AVX512"] = blocks8AVX512
	}
	return a
}()

// blocks8 is the fastest version this CPU runs, or nil.
var blocks8 = func() func(h *[8][8]uint32, p *[8]*byte, n int) {
	if f := available["AVX512"]; f != nil {
		return f
	}
	return available["AVX2"]
}()

// fewMessages is how many messages at once are still hashed one by one:
// below that, the lanes of one pass cost more than they save.
func fewMessages() int32 {
	if available["AVX512"] != nil {
		return 2
	}
	return 3
}
