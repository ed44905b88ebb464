// Package cli is evidock's command-line framework: what every command
// shares. It owns the exit codes, the language the user reads and the
// messages in each language (a Catalog of translation files, the program's
// merged from every package of commands by AddMessages), flags whose help
// is translated (Flags), and the one way to declare a command (Declare,
// Command): from its declaration every command gets --help in Chinese and
// English, --json, --lang, a usage error for wrong flags and its errors
// turned into exit codes. Main runs a command line; a Call is one run of a
// command, with the session it acts through (login, the password prompt
// through golang.org/x/term), its output made safe for a terminal, and the
// helpers the commands share. The commands themselves live in the packages
// of internal/commands, each declaring its own in init; cmd/evidock
// imports them all and declares the window (DeclareWindow).
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
