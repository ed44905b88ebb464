// Package cli provides what every command of a command line shares: the
// exit codes, the language it speaks and its messages in each language
// (a Catalog of translation files), and flags whose help is translated
// (Flags). The commands themselves, and what they do, are declared by the
// program (evidock's in cmd/evidock/command.go).
package cli

import "errors"

// Code is a process exit code. Every command ends with one of these four,
// so a script can tell "it did not work" from "I asked wrongly" from "I
// may not".
type Code int

// The exit codes.
const (
	OK           Code = 0 // done as asked
	Failed       Code = 1 // a failure: a verification found problems (tampering, a disc or checkpoint that does not check out), or the work failed (an I/O error, a full disk, a failed self-test)
	Usage        Code = 2 // a usage error: an unknown command or flag, a missing or wrong argument, a request that cannot be done as given
	NotPermitted Code = 3 // not permitted: the user lacks the permission, the password is wrong, the account is disabled
)

// ErrFailed ends a command that found problems and has already said what
// they are (verify, verify-disc, check): it exits Failed and nothing more
// is printed.
var ErrFailed = errors.New("problems found")

// ErrReported ends a command that failed and has already said why, in its
// own words or its JSON (an import that did not complete): it exits Failed
// and nothing more is printed.
var ErrReported = errors.New("failed; already reported")
