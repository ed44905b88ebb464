package store

import "errors"

// errLocked means another live process holds the lock.
var errLocked = errors.New("locked by a running process")
