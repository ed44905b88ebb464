package cli

import (
	"bufio"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"evidock/access"
	"evidock/archive"
	"evidock/custody"
	"evidock/digest"
	"evidock/ingest/dock"
	"evidock/replicate"
	"evidock/retention"
	"evidock/safekeeping"
	"evidock/store"
)

// The exit codes as ints, as a process and the tests see them: 0 done, 1
// a verification found problems, 2 a usage error or a refusal, 3 a fault.
const (
	ExitOK       = int(OK)     // done
	ExitProblems = int(Failed) // a verification found problems
	ExitUsage    = int(Usage)  // a usage error
	ExitRefused  = int(Usage)  // not permitted, a wrong password, a disabled account: a refusal
	ExitFault    = int(Fault)  // a fault
)

// Main wires the command line to the core. Its fields are the process's
// outside world, so tests run it in-process.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// OwnProcess is set when Main is the process (not a test running it):
	// then it may tune the process itself (the import's memory limit).
	OwnProcess bool
	// SelfTest tests the hash kernels before verify (digest.SelfTest when
	// nil); tests give a failing one.
	SelfTest func() ([]digest.Kernel, error)

	dataDir     string
	user        string        // --user: who acts; "" is the workstation where allowed
	stdin       *bufio.Reader // Stdin, read line by line (passwords, confirmations)
	p           Printer       // the messages in the language the user reads
	lang        Lang          // that language
	printedJSON bool          // the command has printed its JSON
}

// frameworkFS are the texts of what every command shares (usage, help,
// refusals, login) in Chinese and English.
//
//go:embed messages/commands/*.json
var frameworkFS embed.FS

// catalog holds the program's messages: the framework's and those each
// package of commands adds (AddMessages); the tests check every key is in
// both languages.
var catalog = MustLoad(frameworkFS, "messages/commands")

// AddMessages adds the translation files in dir of fsys (AREA-zh.json,
// AREA-en.json) to the program's messages. A package of commands calls it
// in its init with its own embedded files; it panics when a file cannot be
// read or a key is already taken, which the program's tests catch.
func AddMessages(fsys fs.FS, dir string) {
	if err := catalog.load(fsys, dir); err != nil {
		panic(err)
	}
}

// Messages is the program's messages, every package's included.
func Messages() *Catalog { return catalog }

// window opens the window when evidock runs without a command (see
// DeclareWindow); nil in a program without one.
var window func(ctx context.Context, dataDir string) error

// DeclareWindow says what opens the program's window when it is run
// without a command: the one place that imports the window's package
// (cmd/evidock) declares it, so the commands need not.
func DeclareWindow(open func(ctx context.Context, dataDir string) error) { window = open }

// DataDir is the data folder the command works on (--data, $EVIDOCK_DATA
// or the OS's per-user data folder).
func (m *Main) DataDir() string { return m.dataDir }

// User is --user: who acts; "" is the workstation where allowed.
func (m *Main) User() string { return m.user }

// Lang is the language the user reads.
func (m *Main) Lang() Lang { return m.lang }

// Printer is the messages in the language the user reads.
func (m *Main) Printer() Printer { return m.p }

// PrintedJSON says the command has printed its JSON itself (watch's lines),
// so nothing is added at its end.
func (m *Main) PrintedJSON() { m.printedJSON = true }

// usageError is a mistake in the command line, said in the user's words;
// it exits 2. With a command, its usage line follows the message.
type usageError struct {
	msg      string
	synopsis *Command
}

func (e usageError) Error() string { return e.msg }

// UsageErr is a usage error (exit 2) saying msg, already in the user's
// words.
func UsageErr(msg string) error { return usageError{msg: msg} }

// Usagef is a usage error of the message key.
func (m *Main) Usagef(key string, args ...any) error { return usageError{msg: m.Tr(key, args...)} }

// Tr is the message key in the user's language.
func (m *Main) Tr(key string, args ...any) string { return m.p.Sprintf(key, args...) }

// Run runs one command line and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	m.Stdout, m.Stderr = &safeOutput{w: m.Stdout}, &safeOutput{w: m.Stderr}
	option := langOption(args)
	if option == "" {
		option = m.Getenv("EVIDOCK_LANG") // the language setting of scripts and services
	}
	lang, err := PickLang(option, m.Getenv)
	m.p, m.lang = catalog.Printer(lang), lang
	if err != nil {
		fmt.Fprintln(m.Stderr, "evidock:", err)
		return ExitUsage
	}
	global := NewFlags("evidock")
	global.StringVar(&m.dataDir, "data", "", "flag.data")
	global.StringVar(&m.user, "user", "", "flag.user")
	global.String("lang", "", "flag.lang")
	rest, err := global.ParseLeading(args)
	if errors.Is(err, flag.ErrHelp) {
		m.usage(m.Stdout)
		global.WriteHelp(m.Stdout, m.p)
		return ExitOK
	}
	if err != nil {
		fmt.Fprintln(m.Stderr, "evidock:", m.flagMistake(err))
		m.usage(m.Stderr)
		return ExitUsage
	}
	if m.dataDir == "" {
		m.dataDir = m.Getenv("EVIDOCK_DATA")
	}
	if m.dataDir == "" {
		m.dataDir = defaultDataDir(m.Getenv)
	}
	if len(rest) == 0 {
		return m.runWindow(ctx)
	}
	c, cargs := find(rest)
	switch {
	case c == nil:
		fmt.Fprintln(m.Stderr, m.Tr("usage.unknown_command", rest[0]))
		m.usage(m.Stderr)
		return ExitUsage
	case c.Flags == nil && len(cargs) > 0 && isHelp(cargs[0]):
		m.groupHelp(m.Stdout, c)
		return ExitOK
	case c.Flags == nil:
		if len(cargs) > 0 {
			fmt.Fprintln(m.Stderr, m.Tr("usage.unknown_verb", c.Name, cargs[0]))
		}
		m.groupHelp(m.Stderr, c)
		return ExitUsage
	}
	return m.runCommand(ctx, c, cargs)
}

// runWindow opens the window on the data folder (see DeclareWindow).
func (m *Main) runWindow(ctx context.Context) int {
	if window == nil {
		m.usage(m.Stderr)
		return ExitUsage
	}
	if err := window(ctx, m.dataDir); err != nil {
		return m.fail(err)
	}
	return ExitOK
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	return arg == "help" || arg == "-h" || arg == "--help" || arg == "-help"
}

// langOption is the value of --lang anywhere on the command line, which
// must be known before anything is said.
func langOption(args []string) string {
	lang := ""
	for i, a := range args {
		switch {
		case a == "--":
			return lang
		case a == "--lang" || a == "-lang":
			if i+1 < len(args) {
				lang = args[i+1]
			}
		case strings.HasPrefix(a, "--lang="), strings.HasPrefix(a, "-lang="):
			lang = a[strings.IndexByte(a, '=')+1:]
		}
	}
	return lang
}

// fail says what went wrong in the user's language and returns the exit
// code it deserves.
func (m *Main) fail(err error) int {
	code := exitCode(err)
	if errors.Is(err, ErrFailed) || errors.Is(err, ErrReported) {
		return code
	}
	fmt.Fprintln(m.Stderr, "evidock:", m.errorText(err))
	var ue usageError
	if errors.As(err, &ue) && ue.synopsis != nil {
		fmt.Fprintln(m.Stderr, m.synopsis(ue.synopsis))
		fmt.Fprintln(m.Stderr, m.Tr("usage.see_help", ue.synopsis.Name))
	}
	return code
}

// exitCode is the exit code err deserves: 1 when a verification found
// problems, 2 for a mistake in the command, a request that cannot be done
// as given or one the user may not make, 3 for a fault.
func exitCode(err error) int {
	var ue usageError
	switch {
	case errors.Is(err, ErrFailed):
		return ExitProblems
	case errors.As(err, &ue):
		return ExitUsage
	case errors.Is(err, store.ErrRefused), errors.Is(err, store.ErrBadPassword), errors.Is(err, store.ErrDisabled):
		return ExitRefused
	}
	for _, r := range refusals {
		if errors.Is(err, r.err) {
			return ExitUsage
		}
	}
	return ExitFault
}

// errorText is err in plain words: a refusal's meaning first, and never
// SQLite's words for a full disk.
func (m *Main) errorText(err error) string {
	var ue usageError
	switch {
	case errors.As(err, &ue):
		return ue.msg
	case archive.IsDiskFull(err):
		return m.Tr("err.disk_full")
	case errors.Is(err, digest.ErrSelfTest):
		return m.Tr("err.self_test", err)
	}
	for _, r := range refusals {
		if errors.Is(err, r.err) {
			return m.Tr(r.key, err)
		}
	}
	return err.Error()
}

// refusals are the errors that mean "you may not, or this cannot be done
// as asked", each said with its plain words first: the first three (not
// permitted, a wrong password, a disabled account) exit 3, the others 2.
var refusals = []struct {
	err error
	key string
}{
	{store.ErrRefused, "refused.not_permitted"},
	{store.ErrBadPassword, "refused.bad_password"},
	{store.ErrDisabled, "refused.disabled"},
	{store.ErrWeakPassword, "refused.weak_password"},
	{store.ErrNotFound, "refused.not_found"},
	{retention.ErrPurged, "refused.purged"},
	{store.ErrInvalid, "refused.invalid"},
	{store.ErrUnchanged, "refused.unchanged"},
	{store.ErrNoService, "refused.no_service"},
	{custody.ErrConflict, "refused.conflict"},
	{access.ErrDecided, "refused.decided"},
	{store.ErrNoUser, "refused.no_user"},
	{store.ErrUserExists, "refused.user_exists"},
	{store.ErrInvalidUser, "refused.invalid_user"},
	{store.ErrLastAdmin, "refused.last_admin"},
	{store.ErrSetUp, "refused.set_up"},
	{safekeeping.ErrNotEmpty, "refused.not_empty"},
	{retention.ErrExists, "refused.exists"},
	{safekeeping.ErrCheckRunning, "refused.busy"},
	{safekeeping.ErrReplicationBusy, "refused.busy"},
	{safekeeping.ErrNoBackupTarget, "refused.no_backup_target"},
	{safekeeping.ErrNoReplicationTarget, "refused.no_replication_target"},
	{replicate.ErrTarget, "refused.target"},
	{dock.ErrSerialMismatch, "refused.serial"},
}

// PrintJSON prints v as indented JSON, names and all in English.
func (m *Main) PrintJSON(v any) {
	m.printedJSON = true
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// PrintList prints a list command's rows: with --json as a JSON array ([]
// when there are none), else as a table, the tab-separated header (a
// message key) first and then line(w, row) for each row.
func PrintList[T any](x *Call, rows []T, header string, line func(w io.Writer, row T)) error {
	m := x.Main
	if x.JSON {
		if rows == nil {
			rows = []T{}
		}
		m.PrintJSON(rows)
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, m.Tr(header))
	for _, r := range rows {
		line(tw, r)
	}
	return tw.Flush()
}

// defaultDataDir is the OS's per-user data folder.
func defaultDataDir(getenv func(string) string) string {
	switch runtime.GOOS {
	case "windows":
		if d := getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "evidock")
		}
	case "darwin":
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, "Library", "Application Support", "evidock")
		}
	default:
		if d := getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "evidock")
		}
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, ".local", "share", "evidock")
		}
	}
	return "evidock-data"
}

// IsTerminal reports whether w is a terminal, where progress is drawn.
func IsTerminal(w io.Writer) bool {
	if s, ok := w.(*safeOutput); ok {
		w = s.w
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// SplitList is the comma-separated list s, its items trimmed, empty ones
// left out.
func SplitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
