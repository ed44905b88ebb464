package volume

import (
	"fmt"
	"time"
)

// Option configures a Watcher.
type Option func(*Watcher) error

// Defaults for a Watcher.
const (
	// DefaultPollInterval is how often the mount table (or, on Windows, the
	// drive letters) is read again even when nothing announced a change.
	DefaultPollInterval = time.Second
	// DefaultProbeTimeout bounds the stat of each volume's root per scan.
	DefaultProbeTimeout = time.Second
	// recheckEvery and recheckWindow: a folder that appears under a mount
	// root before its mount is finished is checked again this often for this
	// long (udisks creates /media/user/LABEL, then mounts on it).
	recheckEvery  = 250 * time.Millisecond
	recheckWindow = 3 * time.Second
	// settle lets a burst of notifications end before one scan handles them.
	settle = 20 * time.Millisecond
)

// WithPollInterval sets how often the watcher scans without being told of a
// change (DefaultPollInterval by default). On Linux it bounds how late a dead
// FUSE mount is noticed; on Windows it is the detection latency.
func WithPollInterval(d time.Duration) Option {
	return func(w *Watcher) error {
		if d <= 0 {
			return fmt.Errorf("poll interval %v: must be positive", d)
		}
		w.poll = d
		return nil
	}
}

// WithProbeTimeout sets how long a scan waits for the stat of a volume's
// root (DefaultProbeTimeout by default). A volume whose stat does not answer
// in time keeps its previous state.
func WithProbeTimeout(d time.Duration) Option {
	return func(w *Watcher) error {
		if d <= 0 {
			return fmt.Errorf("probe timeout %v: must be positive", d)
		}
		w.probeTimeout = d
		return nil
	}
}

// WithLogger sets a function that receives one line for each notable thing:
// a root that cannot be watched, a dead FUSE mount, a failed scan. By default
// nothing is logged.
func WithLogger(logf func(string)) Option {
	return func(w *Watcher) error {
		if logf == nil {
			logf = func(string) {}
		}
		w.logf = logf
		return nil
	}
}
