package replicate

import (
	"context"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// limiter holds all uploads of a run to a rate in bytes a second, across
// the parallel parts minio-go sends.
type limiter struct {
	rate float64 // bytes a second; 0: no limit

	mu   sync.Mutex
	next time.Time // when the bytes granted so far have been paid for
}

// wait blocks until n more bytes may go, or ctx ends.
func (l *limiter) wait(ctx context.Context, n int) error {
	if l == nil || l.rate <= 0 || n <= 0 {
		return nil
	}
	l.mu.Lock()
	now := time.Now()
	if l.next.Before(now) {
		l.next = now
	}
	l.next = l.next.Add(time.Duration(float64(n) / l.rate * float64(time.Second)))
	d := l.next.Sub(now)
	l.mu.Unlock()
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// fileBody is an archived file as an upload body: it counts the bytes read
// and holds them to the limiter. It is an io.ReaderAt and io.Seeker, so
// minio-go streams parts straight from the file (no part buffers).
type fileBody struct {
	ctx  context.Context
	f    *os.File
	lim  *limiter
	sent *atomic.Int64
}

func (b *fileBody) Read(p []byte) (int, error) {
	n, err := b.f.Read(p)
	return n, b.account(n, err)
}

func (b *fileBody) ReadAt(p []byte, off int64) (int, error) {
	n, err := b.f.ReadAt(p, off)
	return n, b.account(n, err)
}

func (b *fileBody) Seek(off int64, whence int) (int64, error) { return b.f.Seek(off, whence) }

func (b *fileBody) account(n int, err error) error {
	if n > 0 {
		b.sent.Add(int64(n))
		if werr := b.lim.wait(b.ctx, n); werr != nil {
			return werr
		}
	}
	return err
}

var (
	_ io.ReaderAt = (*fileBody)(nil)
	_ io.Seeker   = (*fileBody)(nil)
)
