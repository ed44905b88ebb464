package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"evidock/store"
)

// Exit codes.
const (
	exitOK       = 0
	exitProblems = 1 // problems found, or an import that did not complete
	exitUsage    = 2 // a mistake in the command, or what the rules refuse (see refusals)
)

// Main wires the command line to the core. Its fields are the process's
// outside world, so tests run it in-process.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string

	dataDir string
	user    string        // --user: who acts; "" is the workstation where allowed
	stdin   *bufio.Reader // Stdin, read line by line (passwords, confirmations)
}

type command struct {
	name, usage, help string
	run               func(m *Main, ctx context.Context, args []string) int
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// usageError is a command-line mistake; it exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Run runs one command line and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	m.Stdout, m.Stderr = &safeOutput{w: m.Stdout}, &safeOutput{w: m.Stderr}
	global := flag.NewFlagSet("evidock", flag.ContinueOnError)
	global.SetOutput(m.Stderr)
	global.StringVar(&m.dataDir, "data", "", "data folder (default $EVIDOCK_DATA, else the user data folder)")
	global.StringVar(&m.user, "user", "", "act as this user; the password comes from $EVIDOCK_PASSWORD or a prompt")
	global.Usage = m.usage
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if m.dataDir == "" {
		m.dataDir = m.Getenv("EVIDOCK_DATA")
	}
	if m.dataDir == "" {
		m.dataDir = defaultDataDir(m.Getenv)
	}
	rest := global.Args()
	if len(rest) == 0 {
		return m.runGUI(ctx)
	}
	c, ok := commands[rest[0]]
	if !ok {
		fmt.Fprintf(m.Stderr, "evidock: unknown command %q\n\n", rest[0])
		m.usage()
		return exitUsage
	}
	return c.run(m, ctx, rest[1:])
}

func (m *Main) usage() {
	fmt.Fprintln(m.Stderr, "usage: evidock [--data DIR] [--user NAME] [command] [options]")
	fmt.Fprintln(m.Stderr, "\nWith no command the workstation window opens. Commands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(m.Stderr, "  %-12s %s\n", n, commands[n].help)
	}
}

// flags makes a command's flag set that reports mistakes as usage errors.
func (m *Main) flags(c string) *flag.FlagSet {
	fs := flag.NewFlagSet("evidock "+c, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	if cmd, ok := commands[c]; ok {
		fs.Usage = func() {
			fmt.Fprintf(m.Stderr, "usage: evidock [--data DIR] %s\n%s\n", cmd.usage, cmd.help)
			fs.PrintDefaults()
		}
	}
	return fs
}

// parse parses args; it returns false with the exit code when the command
// should not run.
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	return 0, true
}

// open opens the data folder.
func (m *Main) open() (*store.Store, error) {
	return store.Open(m.dataDir)
}

// errProblems ends a command that has already said what it found wrong
// (verify, import, check, space, backup): it exits 1 and fail prints nothing.
var errProblems = errors.New("problems found")

// fail prints err plainly and returns the exit code it deserves.
func (m *Main) fail(err error) int {
	if errors.Is(err, errProblems) {
		return exitProblems
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(m.Stderr, "evidock:", ue.msg)
		return exitUsage
	}
	if store.IsDiskFull(err) {
		// Never SQLite's own words: what happened and what to do.
		fmt.Fprintln(m.Stderr, "evidock: 磁盘已满，此操作没有执行，请腾出空间后重试 (the disk is full: this was not done; free space and try again)")
		return exitProblems
	}
	for _, r := range refusals {
		if errors.Is(err, r.err) {
			fmt.Fprintf(m.Stderr, "evidock: %s: %v\n", r.say, err)
			return exitUsage
		}
	}
	fmt.Fprintln(m.Stderr, "evidock:", err)
	return exitProblems
}

// refusals are the errors that mean "you may not, or this cannot be done
// as asked": each exits 2 with its plain words first.
var refusals = []struct {
	err error
	say string
}{
	{store.ErrRefused, "不允许 (not permitted; the attempt is in the ledger)"},
	{store.ErrBadPassword, "用户名或密码错误 (wrong user name or password)"},
	{store.ErrDisabled, "账户已停用 (account disabled)"},
	{store.ErrNotFound, "不存在 (not found)"},
	{store.ErrInvalid, "不符合规定 (not acceptable)"},
	{store.ErrUnchanged, "已经如此，未作改动 (already so; nothing changed)"},
	{store.ErrNoService, "没有服务账户 (no service account)"},
	{store.ErrConflict, "与现状不符 (does not fit the current state)"},
	{store.ErrDecided, "已经决定 (already decided)"},
	{store.ErrNoUser, "没有这个用户 (no such user)"},
	{store.ErrUserExists, "用户已存在 (the user exists)"},
	{store.ErrInvalidUser, "用户信息不符合规定 (not an acceptable user)"},
	{store.ErrSetUp, "数据文件夹已经设置过 (already set up)"},
}

func (m *Main) printJSON(v any) {
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// printList prints a list command's rows: with --json as a JSON array ([]
// when there are none), else as a table, the tab-separated header first and
// then line(w, row) for each row.
func printList[T any](m *Main, asJSON bool, rows []T, header string, line func(w io.Writer, row T)) error {
	if asJSON {
		if rows == nil {
			rows = []T{}
		}
		m.printJSON(rows)
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
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

// isTerminal reports whether w is a terminal, where progress is drawn.
func isTerminal(w io.Writer) bool {
	if s, ok := w.(*safeOutput); ok {
		w = s.w
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
