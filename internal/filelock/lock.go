package filelock

import "errors"

// ErrHeld means another live process holds the lock.
var ErrHeld = errors.New("locked by a running process")
