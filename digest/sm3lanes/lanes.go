package sm3lanes

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Width is how many messages share one pass of the compression function:
// hashing this many at once fills the lanes.
const Width = 8

// step is the most blocks of each message one pass takes before free lanes
// are refilled: 1 MiB, a few milliseconds, is the longest a message waits
// for a lane when there is one.
const step = 1 << 14

// lanes hands whole blocks of messages to runner goroutines, each filling
// the eight lanes from a first-come queue.
var lanes = &engine{max: runtime.NumCPU(), few: fewStreams, arrived: make(chan struct{}, 1)}

type engine struct {
	mu      sync.Mutex
	queue   []*digest
	runners int
	max     int
	held    int // lanes busy over all runners

	// arrived wakes a runner waiting for its lanes to fill.
	arrived chan struct{}

	// streams counts the messages being written in large pieces: those
	// that will want a lane again soon. With few of them each is hashed
	// alone on its own core, since a pass over eight lanes costs about as
	// much as 2.5 (AVX-512) or 4 (AVX2) messages hashed one by one.
	streams atomic.Int32
	few     int32
}

// patience is how long a runner holds its busy lanes while it waits for
// the other messages' next blocks: a pass costs the same whether one lane
// is busy or eight, and the writers have buffers in hand meanwhile.
const patience = 5 * time.Millisecond

// join counts d among the streams; it says whether d should share lanes.
func (e *engine) join(d *digest) bool {
	if !d.streaming {
		d.streaming = true
		e.streams.Add(1)
		d.uncount = runtime.AddCleanup(d, func(e *engine) { e.streams.Add(-1) }, e)
	}
	return e.streams.Load() > e.few
}

// part counts d out of the streams.
func (e *engine) part(d *digest) {
	if d.streaming {
		d.streaming = false
		d.uncount.Stop()
		e.streams.Add(-1)
		e.poke() // a runner waiting for d's next blocks need not
	}
}

// missing is how many streams no runner holds a lane for: their next
// blocks may yet come to the queue.
func (e *engine) missing() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return int(e.streams.Load()) - e.held
}

// hash runs p, whole blocks, through d's state and returns when done.
func (e *engine) hash(d *digest, p []byte) {
	d.job = p
	e.mu.Lock()
	e.queue = append(e.queue, d)
	// One runner takes eight messages; another starts only when eight more
	// wait, so the lanes stay full rather than spread thin.
	start := e.runners == 0 || (len(e.queue) >= Width && e.runners < e.max)
	if start {
		e.runners++
	}
	e.mu.Unlock()
	if start {
		go e.run()
	}
	e.poke()
	<-d.done
}

// take fills the free lanes from the queue and says how many are busy; with
// none busy the runner is done and is counted out. was is how many were
// busy at the runner's last take.
func (e *engine) take(busy *[Width]*digest, was int) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for i := range busy {
		if busy[i] == nil && len(e.queue) > 0 {
			busy[i] = e.queue[0]
			e.queue[0] = nil
			e.queue = e.queue[1:]
		}
		if busy[i] != nil {
			n++
		}
	}
	e.held += n - was
	if n == 0 {
		e.runners--
		e.queue = nil
	}
	return n
}

func (e *engine) run() {
	var (
		busy  [Width]*digest
		state [8][Width]uint32
		ptr   [Width]*byte
	)
	// freed says a pass ended a message's blocks. Only then is it worth
	// waiting for others: a message whose next blocks are late (its
	// recorder is slow) must not hold up every pass.
	freed, n := true, 0
	for {
		n = e.take(&busy, n)
		if n == 0 {
			return
		}
		if freed && n < Width {
			n = e.wait(&busy, n)
		}
		freed = false
		if n == 1 {
			// One message alone runs faster through the one-message code.
			for i, d := range busy {
				if d != nil {
					k := min(len(d.job), step*BlockSize)
					d.alone(d.job[:k])
					busy[i] = advance(d, k)
					freed = busy[i] == nil
				}
			}
			continue
		}
		blocks := step
		var some *byte
		for _, d := range busy {
			if d != nil {
				blocks = min(blocks, len(d.job)/BlockSize)
				some = &d.job[0]
			}
		}
		for i, d := range busy {
			if d == nil {
				// An idle lane hashes a busy one's bytes; its result is dropped.
				ptr[i] = some
				continue
			}
			ptr[i] = &d.job[0]
			for w := range state {
				state[w][i] = d.h[w]
			}
		}
		blocks8(&state, &ptr, blocks)
		for i, d := range busy {
			if d == nil {
				continue
			}
			for w := range state {
				d.h[w] = state[w][i]
			}
			d.hashed += uint64(blocks * BlockSize)
			busy[i] = advance(d, blocks*BlockSize)
			freed = freed || busy[i] == nil
		}
	}
}

// poke wakes a runner waiting for lanes to fill, to look again.
func (e *engine) poke() {
	select {
	case e.arrived <- struct{}{}:
	default:
	}
}

// wait fills more lanes as other messages' blocks arrive, until all lanes
// are busy, no stream is left without one, or patience runs out.
func (e *engine) wait(busy *[Width]*digest, n int) int {
	timer := time.NewTimer(patience)
	defer timer.Stop()
	for n < Width && e.missing() > 0 {
		select {
		case <-e.arrived:
			n = e.take(busy, n)
		case <-timer.C:
			return n
		}
	}
	return n
}

// advance moves d's job on by k hashed bytes; when the job is done it tells
// the writer and frees the lane (nil), else it keeps the lane (d).
func advance(d *digest, k int) *digest {
	d.job = d.job[k:]
	if len(d.job) > 0 {
		return d
	}
	d.job = nil
	d.done <- struct{}{}
	return nil
}
