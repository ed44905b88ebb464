package archive

import (
	"context"
	"fmt"
	"sync"
)

// reserveMargin is room kept free on the archive disk beyond every copy in
// flight: for the ledger, its write-ahead log and the temp files' slack.
const reserveMargin = 64 << 20

// Room shares the archive disk's room among the copies in flight of
// every import in this process. A copy starts only when the disk has room
// for it besides what the others in flight still need, so a disk with
// room for five of eight recordings archives five, in order, instead of
// running all eight into a full disk at once.
type Room struct {
	mu       sync.Mutex
	cond     *sync.Cond
	reserved int64 // bytes promised to copies in flight
	inFlight int
	free     func() int64 // bytes free on the archive's disk; -1 unknown
}

func NewRoom(free func() int64) *Room {
	g := &Room{free: free}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// Reserve waits until size bytes fit, and returns the release to call when
// the copy has ended (archived or not). With nothing else in flight and
// still no room it returns ErrDiskFull at once.
func (g *Room) Reserve(ctx context.Context, size int64) (func(), error) {
	stop := context.AfterFunc(ctx, func() {
		g.mu.Lock()
		g.cond.Broadcast()
		g.mu.Unlock()
	})
	defer stop()
	g.mu.Lock()
	defer g.mu.Unlock()
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		free := g.free()
		if free < 0 || free-g.reserved-reserveMargin >= size {
			break
		}
		if g.inFlight == 0 {
			return nil, fmt.Errorf("%w: %d bytes needed, %d free", ErrDiskFull, size+reserveMargin, max(free, 0))
		}
		g.cond.Wait() // another copy ends, and its space is counted anew
	}
	g.reserved += size
	g.inFlight++
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			g.reserved -= size
			g.inFlight--
			g.cond.Broadcast()
			g.mu.Unlock()
		})
	}, nil
}
