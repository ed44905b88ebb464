// Package clock is evidock's one source of the current time for every
// decision it records: import and ledger times, lateness, retention and
// lockouts all ask Now.
//
// A release build returns the system clock and nothing else. A binary built
// with the build tag testclock reads the current time from the environment
// variable EVIDOCK_TEST_NOW (RFC 3339) when it is set, and lets it run on
// from there, so that end-to-end tests can age a data folder ("import a card
// in 2024, purge it now") without touching the system clock.
package clock

import "time"

// EnvVar is the variable a testclock build reads the current time from.
const EnvVar = "EVIDOCK_TEST_NOW"

// Now is the current time.
func Now() time.Time { return now() }

// Settable reports whether this binary honours EnvVar (built with the
// testclock tag).
func Settable() bool { return settable }
