// Package cli provides what every command of a command line shares: the
// exit codes, the language it speaks and its messages in each language
// (a Catalog of translation files), and flags whose help is translated
// (Flags). The commands themselves, and what they do, are declared by the
// program (evidock's in cmd/evidock/command.go).
package cli

import "errors"

// Code is a process exit code. Every command ends with one of these four,
// so a script can tell "it found something wrong" from "I asked wrongly or
// may not" from "it could not do the work".
type Code int

// The exit codes.
const (
	OK     Code = 0 // done as asked
	Failed Code = 1 // a verification failed: it found problems (tampering, a rollback or fork, a disc or bucket that does not check out)
	Usage  Code = 2 // usage or refusal: an unknown command or flag, a wrong argument, a request that cannot be done as given, or one the user may not make (no permission, a wrong password, a disabled account)
	Fault  Code = 3 // a fault: the work could not be done (an I/O error, a full disk, a failed self-test, an import that did not complete)
)

// ErrFailed ends a command that found problems and has already said what
// they are (verify, verify-disc, check): it exits Failed and nothing more
// is printed.
var ErrFailed = errors.New("problems found")

// ErrReported ends a command whose work failed and that has already said
// why, in its own words or its JSON (an import that did not complete): it
// exits Fault and nothing more is printed.
var ErrReported = errors.New("failed; already reported")
