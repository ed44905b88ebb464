package replicate

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The bandwidth limit schedules bytes at its rate across every caller: the
// bytes granted so far are paid for at start + bytes/rate, whatever the
// size of each grant; without a rate nothing waits.
func TestLimiterSchedulesBytesAtItsRate(t *testing.T) {
	var none *limiter
	if err := none.wait(context.Background(), 1<<30); err != nil {
		t.Fatalf("no limiter: %v", err)
	}
	if err := (&limiter{}).wait(context.Background(), 1<<30); err != nil {
		t.Fatalf("no rate: %v", err)
	}
	// A cancelled context: each wait books its bytes and returns at once,
	// so the schedule can be read without waiting for it.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	l := &limiter{rate: 1_000_000} // 8 Mbit/s
	start := time.Now()
	for _, n := range []int{100_000, 400_000, 250_000, 250_000} {
		if err := l.wait(ctx, n); !errors.Is(err, context.Canceled) {
			t.Fatalf("wait for %d bytes: %v", n, err)
		}
	}
	if got := l.next.Sub(start); got < time.Second || got > time.Second+200*time.Millisecond {
		t.Errorf("1,000,000 bytes at 1,000,000 B/s are paid for after %v, want 1 s", got)
	}
}
