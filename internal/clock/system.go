//go:build !testclock

package clock

import "time"

const settable = false

func now() time.Time { return time.Now() }
