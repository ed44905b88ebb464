package shell

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
)

// RedrawInterval is how often queued redraws reach the widgets: about ten
// times a second, however fast events arrive.
const RedrawInterval = 100 * time.Millisecond

// Bridge is the only place where work running on other goroutines (the
// docking service, searches, verification) changes widgets. One-off results
// go through Do; frequent updates such as import progress go through Redraw,
// which keeps only the newest change per key and applies the lot at most
// every RedrawInterval.
type Bridge struct {
	mu      sync.Mutex
	pending map[string]func()
	order   []string
	kick    chan struct{}

	// manual queues Do's functions too, for Flush to run on the caller's
	// goroutine: Fyne's test driver runs fyne.Do at once on the calling
	// goroutine, which would race with the test.
	manual bool
	queued []func()

	// closed is set once the window has closed: what still comes from other
	// goroutines then has no widgets to change, and Fyne, its loop ended,
	// would run it on the caller's goroutine.
	closed atomic.Bool
}

// Close drops what is sent after the window has closed.
func (b *Bridge) Close() { b.closed.Store(true) }

// NewBridge makes a bridge; Run must be running for Redraw to take effect
// (tests may call Flush instead).
func NewBridge() *Bridge {
	return &Bridge{pending: map[string]func(){}, kick: make(chan struct{}, 1)}
}

// Do runs fn on the UI goroutine.
func (b *Bridge) Do(fn func()) {
	if b.closed.Load() {
		return
	}
	if b.manual {
		b.mu.Lock()
		b.queued = append(b.queued, fn)
		b.mu.Unlock()
		return
	}
	fyne.Do(fn)
}

// Redraw queues fn under key, replacing a queued fn with the same key, to
// be run on the UI goroutine with the next batch.
func (b *Bridge) Redraw(key string, fn func()) {
	b.mu.Lock()
	if _, ok := b.pending[key]; !ok {
		b.order = append(b.order, key)
	}
	b.pending[key] = fn
	b.mu.Unlock()
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

// take removes and returns the queued redraws in the order first queued.
func (b *Bridge) take() []func() {
	b.mu.Lock()
	defer b.mu.Unlock()
	fns := b.queued
	b.queued = nil
	for _, k := range b.order {
		fns = append(fns, b.pending[k])
	}
	b.pending, b.order = map[string]func(){}, nil
	return fns
}

// Flush applies the queued redraws now, waiting until they are done; with
// a manual bridge it runs them (and what they queue) on the caller's
// goroutine.
func (b *Bridge) Flush() {
	if b.closed.Load() {
		return
	}
	for {
		fns := b.take()
		if len(fns) == 0 {
			return
		}
		run := func() {
			for _, fn := range fns {
				fn()
			}
		}
		if b.manual {
			run()
			continue
		}
		fyne.DoAndWait(run)
		return
	}
}

// Run applies queued redraws, at most once per RedrawInterval, until ctx
// ends.
func (b *Bridge) Run(ctx context.Context) {
	if b.manual {
		return
	}
	last := time.Time{}
	for {
		select {
		case <-ctx.Done():
			return
		case <-b.kick:
		}
		if wait := RedrawInterval - time.Since(last); wait > 0 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
		}
		last = time.Now()
		if fns := b.take(); len(fns) > 0 && !b.closed.Load() {
			fyne.Do(func() {
				for _, fn := range fns {
					fn()
				}
			})
		}
	}
}

// SetManual makes the caller run the queued work with Flush (tests on
// Fyne's test driver); otherwise Run does.
func (b *Bridge) SetManual(manual bool) { b.manual = manual }
