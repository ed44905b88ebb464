package sm3lanes

import (
	"encoding/binary"
	"errors"
)

// iv is SM3's initial value (GB/T 32905-2016, 4.1), written out here so
// that a known-answer test of the lanes does not borrow anything from the
// implementation it checks against.
var iv = [8]uint32{0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e}

// ErrNoLanes means this CPU has no eight-lane kernel (see Kernel).
var ErrNoLanes = errors.New("sm3lanes: no eight-lane kernel on this CPU")

// SumLanes hashes the Width messages side by side through the eight-lane
// kernel New uses, every block of each, padding included, going through
// it; nothing of the one-message SM3 takes part. It is for known-answer
// self-tests: the messages must pad to the same number of blocks.
func SumLanes(msgs [Width][]byte) ([Width][Size]byte, error) {
	if blocks8 == nil {
		return [Width][Size]byte{}, ErrNoLanes
	}
	return sumLanes(blocks8, msgs)
}

// sumLanes is SumLanes through kernel k.
func sumLanes(k kernel, msgs [Width][]byte) ([Width][Size]byte, error) {
	var (
		out    [Width][Size]byte
		padded [Width][]byte
		ptr    [Width]*byte
		state  [8][Width]uint32
	)
	for i, m := range msgs {
		padded[i] = pad(m)
		if len(padded[i]) != len(padded[0]) {
			return out, errors.New("sm3lanes: SumLanes: the messages pad to different numbers of blocks")
		}
		ptr[i] = &padded[i][0]
		for w := range state {
			state[w][i] = iv[w]
		}
	}
	k(&state, &ptr, len(padded[0])/BlockSize)
	for i := range out {
		for w := range state {
			binary.BigEndian.PutUint32(out[i][4*w:], state[w][i])
		}
	}
	return out, nil
}

// pad is m with SM3's padding (GB/T 32905-2016, 5.2): a one bit, zeros to
// 448 bits mod 512, then the length in bits as 64 bits big-endian.
func pad(m []byte) []byte {
	n := (len(m) + 1 + 8 + BlockSize - 1) / BlockSize * BlockSize
	p := make([]byte, n)
	copy(p, m)
	p[len(m)] = 0x80
	binary.BigEndian.PutUint64(p[n-8:], uint64(len(m))*8)
	return p
}
