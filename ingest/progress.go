package ingest

import (
	"context"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// Progress is how far an import is. It is sent about ten times a second and
// once at the end.
type Progress struct {
	FilesDone  int           `json:"files_done"`
	FilesTotal int           `json:"files_total"`
	BytesDone  int64         `json:"bytes_done"`
	BytesTotal int64         `json:"bytes_total"`
	Current    string        `json:"current"`     // a file being read
	Rate       float64       `json:"bytes_per_s"` // since the start
	Elapsed    time.Duration `json:"elapsed_ns"`
}

// Remaining estimates the time left, or 0 when it cannot yet be told.
func (p Progress) Remaining() time.Duration {
	if p.Rate <= 0 || p.BytesDone == 0 {
		return 0
	}
	return time.Duration(float64(p.BytesTotal-p.BytesDone) / p.Rate * float64(time.Second))
}

// tracker collects progress from the workers and reports it from one
// goroutine, throttled, so callers never see concurrent calls.
type tracker struct {
	files, filesTotal atomic.Int64
	bytes             atomic.Int64
	bytesTotal        int64
	start             time.Time
	mu                sync.Mutex
	current           string
	report            func(Progress)
	stop              chan struct{}
	done              chan struct{}
}

func newTracker(files int, bytes int64, report func(Progress)) *tracker {
	t := &tracker{bytesTotal: bytes, start: time.Now(), report: report,
		stop: make(chan struct{}), done: make(chan struct{})}
	t.filesTotal.Store(int64(files))
	go func() {
		defer close(t.done)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				t.send()
			case <-t.stop:
				t.send()
				return
			}
		}
	}()
	return t
}

func (t *tracker) setCurrent(p string) {
	t.mu.Lock()
	t.current = p
	t.mu.Unlock()
}

func (t *tracker) send() {
	if t.report == nil {
		return
	}
	t.mu.Lock()
	cur := t.current
	t.mu.Unlock()
	el := time.Since(t.start)
	p := Progress{FilesDone: int(t.files.Load()), FilesTotal: int(t.filesTotal.Load()),
		BytesDone: t.bytes.Load(), BytesTotal: t.bytesTotal, Current: cur, Elapsed: el}
	if el > 0 {
		p.Rate = float64(p.BytesDone) / el.Seconds()
	}
	t.report(p)
}

func (t *tracker) close() {
	close(t.stop)
	<-t.done
}

// stoppable ends a read with the context's error once the run is stopped,
// so a large file in flight does not hold up a cancelled import.
type stoppable struct {
	ctx context.Context
	r   io.Reader
}

func (s stoppable) Read(p []byte) (int, error) {
	if err := s.ctx.Err(); err != nil {
		return 0, err
	}
	return s.r.Read(p)
}

// countingReader adds what it reads to the tracker.
type countingReader struct {
	r interface{ Read([]byte) (int, error) }
	t *tracker
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.t.bytes.Add(int64(n))
	return n, err
}
