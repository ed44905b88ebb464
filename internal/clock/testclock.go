//go:build testclock

package clock

import (
	"os"
	"sync"
	"time"
)

const settable = true

var (
	startOnce sync.Once
	started   time.Time // the system time of the first call
)

// Now is EVIDOCK_TEST_NOW plus the time since the process first asked,
// so that durations (a lockout, an import's run) still pass.
func now() time.Time {
	startOnce.Do(func() { started = time.Now() })
	v := os.Getenv(EnvVar)
	if v == "" {
		return time.Now()
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		panic("clock: " + EnvVar + " is not an RFC 3339 time: " + v)
	}
	return t.Add(time.Since(started))
}
