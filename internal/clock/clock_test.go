package clock

import (
	"testing"
	"time"
)

// A release build ignores EVIDOCK_TEST_NOW; a testclock build follows it.
func TestEnvVar(t *testing.T) {
	t.Setenv(EnvVar, "2024-03-01T09:00:00+08:00")
	got := Now()
	want := time.Date(2024, 3, 1, 1, 0, 0, 0, time.UTC)
	if Settable() {
		if d := got.Sub(want); d < 0 || d > time.Minute {
			t.Fatalf("testclock build: Now() = %v, want about %v", got, want)
		}
		return
	}
	if d := time.Since(got); d < -time.Second || d > time.Second {
		t.Fatalf("release build: Now() = %v, want the system time (EVIDOCK_TEST_NOW must be ignored)", got)
	}
}
