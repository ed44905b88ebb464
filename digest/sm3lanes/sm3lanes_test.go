package sm3lanes

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"
)

func plainSM3(b []byte) []byte {
	h := sm3.New()
	h.Write(b)
	return h.Sum(nil)
}

// GB/T 32905-2016, appendix A.
func TestKnownAnswers(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"},
		{string(bytes.Repeat([]byte("abcd"), 16)), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"},
	} {
		h := New()
		h.Write([]byte(c.in))
		if got := hex.EncodeToString(h.Sum(nil)); got != c.want {
			t.Errorf("SM3(%.8q…) = %s, want %s", c.in, got, c.want)
		}
	}
}

// kernels are the eight-lane functions this CPU can run.
func kernels(t *testing.T) []namedKernel {
	if len(available) == 0 {
		t.Skip("no eight-lane SM3 on this CPU")
	}
	return available
}

// Each kernel against the one-message SM3: eight different messages of n
// blocks, then the plain code finishes each from the kernel's state.
func TestKernelsMatchPlainSM3(t *testing.T) {
	for _, k := range kernels(t) {
		blocks := k.run
		t.Run(k.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			fresh := &digest{one: sm3.New()}
			fresh.out()
			iv := fresh.h
			for _, n := range []int{1, 2, 3, 17, 64} {
				var msgs [8][]byte
				var state [8][8]uint32
				var ptr [8]*byte
				for i := range msgs {
					msgs[i] = make([]byte, n*BlockSize)
					for j := range msgs[i] {
						msgs[i][j] = byte(rng.Uint32())
					}
					ptr[i] = &msgs[i][0]
					for w := range state {
						state[w][i] = iv[w]
					}
				}
				blocks(&state, &ptr, n)
				for i := range msgs {
					d := &digest{one: sm3.New()}
					for w := range state {
						d.h[w] = state[w][i]
					}
					d.hashed = uint64(n * BlockSize)
					d.in()
					if got, want := d.one.Sum(nil), plainSM3(msgs[i]); !bytes.Equal(got, want) {
						t.Fatalf("%d blocks, lane %d: %x, want %x", n, i, got, want)
					}
				}
			}
		})
	}
}

// The start-up check turns away a kernel that hashes wrongly: here one that
// misses the last block, and one that mixes up two lanes.
func TestAgreesRefusesAWrongKernel(t *testing.T) {
	for _, k := range kernels(t) {
		if !agrees(k.run) {
			t.Fatalf("%s: refused, though it matches plain SM3", k.name)
		}
		short := func(h *[8][8]uint32, p *[8]*byte, n int) { k.run(h, p, n-1) }
		swapped := func(h *[8][8]uint32, p *[8]*byte, n int) {
			p[2], p[5] = p[5], p[2]
			k.run(h, p, n)
		}
		if agrees(short) || agrees(swapped) {
			t.Fatalf("%s: a wrong kernel was accepted", k.name)
		}
	}
}

// Many messages hashed at once, of sizes that leave lanes to be refilled
// part-way and written in pieces of every kind, each against plain SM3.
// Each kernel this CPU runs takes its turn in the engine, so the AVX2 one
// (most office PCs) is tried here even where AVX-512 would be chosen.
func TestConcurrentMessages(t *testing.T) {
	for _, k := range kernels(t) {
		t.Run(k.name, func(t *testing.T) {
			was, wasFew := blocks8, lanes.few
			blocks8, lanes.few = k.run, k.few
			defer func() { blocks8, lanes.few = was, wasFew }()
			concurrentMessages(t)
		})
	}
}

func concurrentMessages(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	sizes := []int{0, 1, 63, 64, 65, 1000, minShared - 1, minShared, minShared + 1,
		step * BlockSize, step*BlockSize + 64, 3*step*BlockSize - 7, 1 << 20, 5<<20 + 13}
	var msgs [][]byte
	for r := 0; r < 3; r++ {
		for _, n := range sizes {
			b := make([]byte, n)
			for j := range b {
				b[j] = byte(rng.Uint32())
			}
			msgs = append(msgs, b)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(msgs))
	for k, m := range msgs {
		piece := []int{1 << 20, 64 << 10, 4096, 100003, 7}[k%5]
		wg.Go(func() {
			h := New()
			for rest := m; len(rest) > 0; {
				n := min(piece, len(rest))
				h.Write(rest[:n])
				rest = rest[n:]
			}
			if got, want := h.Sum(nil), plainSM3(m); !bytes.Equal(got, want) {
				errs <- fmt.Errorf("message %d (%d bytes, pieces of %d): %x, want %x", k, len(m), piece, got, want)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	lanes.mu.Lock()
	defer lanes.mu.Unlock()
	if lanes.runners != 0 || len(lanes.queue) != 0 || lanes.held != 0 {
		t.Errorf("after all messages: %d runners, %d queued, %d lanes held", lanes.runners, len(lanes.queue), lanes.held)
	}
}

// Sum leaves the hash as it was, and Reset starts again.
func TestSumAndReset(t *testing.T) {
	b := bytes.Repeat([]byte("录像"), 40000)
	h := New()
	h.Write(b[:70000])
	h.Sum(nil)
	h.Write(b[70000:])
	if got, want := h.Sum(nil), plainSM3(b); !bytes.Equal(got, want) {
		t.Fatalf("Sum in the middle changed the hash: %x, want %x", got, want)
	}
	h.Reset()
	h.Write([]byte("abc"))
	if got := hex.EncodeToString(h.Sum(nil)); got != "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" {
		t.Fatalf("after Reset: %s", got)
	}
}

// FuzzSM3 compares New with plain gmsm/sm3 over random messages written in
// pieces of random size, three at once and each from its own offset, with
// the engine on its own choice of kernel and then on each kernel this CPU
// runs, made to share lanes however few messages there are.
func FuzzSM3(f *testing.F) {
	f.Add([]byte("abc"), uint16(1))
	f.Add(bytes.Repeat([]byte{0xff}, 3*minShared+5), uint16(40000))
	f.Add(bytes.Repeat([]byte("录像"), 2*minShared/3+11), uint16(minShared+3))
	f.Fuzz(func(t *testing.T, b []byte, piece uint16) {
		p := max(int(piece), 1)
		threeAtOnce(t, b, p)
		for _, k := range available {
			was, wasFew := blocks8, lanes.few
			blocks8, lanes.few = k.run, 0
			threeAtOnce(t, b, p)
			blocks8, lanes.few = was, wasFew
		}
	})
}

// threeAtOnce hashes b[k:] for k of 0, 1 and 2 at the same time in pieces
// of p, so the lanes are shared, each against plain SM3.
func threeAtOnce(t *testing.T, b []byte, p int) {
	var wg sync.WaitGroup
	for k := range 3 {
		wg.Go(func() {
			h := New()
			for rest := b[k:]; len(rest) > 0; {
				n := min(p, len(rest))
				h.Write(rest[:n])
				rest = rest[n:]
			}
			if got, want := h.Sum(nil), plainSM3(b[k:]); !bytes.Equal(got, want) {
				t.Errorf("%d bytes in pieces of %d (kernel %s): %x, want %x", len(b)-k, p, Kernel(), got, want)
			}
		})
		if k >= len(b) {
			break
		}
	}
	wg.Wait()
}

// FuzzKernels runs each kernel this CPU has directly on eight messages cut
// from the input at eight different byte offsets (so no two share an
// alignment) and of different lengths: the kernel takes the whole blocks
// all eight have, plain SM3 finishes each, and each must equal plain SM3
// of the whole message.
func FuzzKernels(f *testing.F) {
	f.Add(bytes.Repeat([]byte{0x5a}, 3*BlockSize+7), uint8(0))
	f.Add(bytes.Repeat([]byte("abcd"), 300), uint8(13))
	f.Fuzz(func(t *testing.T, b []byte, skew uint8) {
		if len(available) == 0 {
			t.Skip("no eight-lane SM3 on this CPU")
		}
		if len(b) < Width+BlockSize {
			return // not a whole block in every lane
		}
		var msgs [Width][]byte
		blocks := len(b)
		for i := range msgs {
			end := max(i, len(b)-(i*int(skew))%(BlockSize+1))
			msgs[i] = b[i:end]
			blocks = min(blocks, len(msgs[i])/BlockSize)
		}
		if blocks == 0 {
			return
		}
		for _, k := range available {
			var state [8][Width]uint32
			var ptr [Width]*byte
			for i := range msgs {
				ptr[i] = &msgs[i][0]
				for w := range state {
					state[w][i] = iv[w]
				}
			}
			k.run(&state, &ptr, blocks)
			for i, m := range msgs {
				d := &digest{one: sm3.New(), hashed: uint64(blocks * BlockSize)}
				for w := range state {
					d.h[w] = state[w][i]
				}
				d.in()
				d.one.Write(m[blocks*BlockSize:])
				if got, want := d.one.Sum(nil), plainSM3(m); !bytes.Equal(got, want) {
					t.Errorf("%s lane %d: %d bytes at offset %d: %x, want %x", k.name, i, len(m), i, got, want)
				}
			}
		}
	})
}

// A message given up half-way, never summed, stops counting as a stream
// once it is garbage: else every later message would wait for lanes to
// fill with messages that will never come.
func TestAbandonedMessageStopsCounting(t *testing.T) {
	if !Lanes() {
		t.Skip("no eight-lane SM3 on this CPU")
	}
	before := lanes.streams.Load()
	func() {
		h := New()
		h.Write(make([]byte, 1<<20))
	}()
	if got := lanes.streams.Load(); got != before+1 {
		t.Fatalf("streams after a large Write = %d, want %d", got, before+1)
	}
	for range 100 {
		runtime.GC()
		if lanes.streams.Load() == before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("streams = %d after the message was dropped, want %d", lanes.streams.Load(), before)
}

// SumLanes gives the standard's answers in every lane of every kernel this
// CPU runs (digest.SelfTest relies on it), and refuses messages of
// different lengths in blocks.
func TestSumLanesKnownAnswers(t *testing.T) {
	for _, k := range kernels(t) {
		for _, c := range []struct{ in, want string }{
			{"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"},
			{string(bytes.Repeat([]byte("abcd"), 16)), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"},
		} {
			var msgs [Width][]byte
			for i := range msgs {
				msgs[i] = []byte(c.in)
			}
			sums, err := sumLanes(k.run, msgs)
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range sums {
				if got := hex.EncodeToString(s[:]); got != c.want {
					t.Errorf("%s lane %d: SM3(%.8q…) = %s, want %s", k.name, i, c.in, got, c.want)
				}
			}
		}
		var mixed [Width][]byte
		mixed[3] = make([]byte, 100)
		if _, err := sumLanes(k.run, mixed); err == nil {
			t.Errorf("%s: messages of one and two blocks were accepted", k.name)
		}
	}
}
