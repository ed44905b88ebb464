//go:build !amd64

package sm3lanes

// blocks8 is nil: only amd64 has the eight-lane code; elsewhere every
// message is hashed on its own.
var blocks8 func(h *[8][8]uint32, p *[8]*byte, n int)

// available is empty: see blocks8.
var available = map[string]func(h *[8][8]uint32, p *[8]*byte, n int){}

func fewMessages() int32 { return 0 }
