package human

import (
	"testing"
	"time"
)

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{
		0:                     "0 B",
		999:                   "999 B",
		1000:                  "1.0 KB",
		1500:                  "1.5 KB",
		999_949:               "999.9 KB",
		999_999:               "1.0 MB",
		2_147_500_032:         "2.1 GB",
		4_700_000_000:         "4.7 GB",
		25_000_000_000:        "25.0 GB",
		1 << 62:               "4.6 EB",
		9_223_372_036_854_775: "9.2 PB",
	} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestClock(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                                  "0:00",
		1499 * time.Millisecond:            "0:01",
		754600 * time.Millisecond:          "12:35",
		59*time.Minute + 59*time.Second:    "59:59",
		time.Hour:                          "1:00:00",
		26*time.Hour + 3*time.Minute + 4e9: "26:03:04",
	} {
		if got := Clock(d); got != want {
			t.Errorf("Clock(%v) = %q, want %q", d, got, want)
		}
	}
}
