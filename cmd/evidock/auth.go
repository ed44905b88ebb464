package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"evidock/store"
)

func init() {
	register(command{name: "init", usage: "init --admin NAME [--display TEXT]",
		help: "set the data folder up: create the first administrator (asks for the password)", run: (*Main).initCmd})
	register(command{name: "passwd", usage: "passwd [NAME]",
		help: "change your password, or (as administrator) reset NAME's", run: (*Main).passwdCmd})
}

// who says which actor a command may run as.
type who int

const (
	// workstationUntilSetUp: the workstation while the data folder has no
	// users, then a logged-in user (recordings, ledger).
	workstationUntilSetUp who = iota
	// userOnly: always a logged-in user (user, request, play, register,
	// classify, passwd).
	userOnly
	// setupUntilSetUp: the set-up session (an administrator recorded as
	// "setup") while the data folder has no users, then a logged-in user
	// (registering officers and recorders, answering follow-up questions).
	setupUntilSetUp
	// workstationAlways: the workstation, --user or not (verify; check,
	// backup and space without --user).
	workstationAlways
	// serviceUnlessUser: --user when given, else the docking session: the
	// workstation before set-up, then the service account (watch).
	serviceUnlessUser
)

// with opens the data folder, takes the session w says, runs fn with it and
// turns what went wrong into the exit code.
func (m *Main) with(ctx context.Context, w who, fn func(*store.Session) error) int {
	st, err := m.open()
	if err != nil {
		return m.fail(err)
	}
	defer st.Close()
	sess, err := m.session(ctx, st, w)
	if err != nil {
		return m.fail(err)
	}
	if err := fn(sess); err != nil {
		return m.fail(err)
	}
	return exitOK
}

// session returns the session a command acts through. This is the policy
// of the command line:
//
//   - Until `evidock init --admin NAME` has created the first user, the data
//     folder is "not set up": `recordings` and `ledger` run as the
//     workstation, and the commands that need a user say to run init.
//   - Once any user exists, `recordings` and `ledger` need --user NAME, as do
//     user, request, play, register, classify and passwd; without it they
//     fail with a usage error.
//   - `import` needs --user once users exist, like every other command.
//   - `watch` runs as --user when given, else as the service account an
//     administrator set up (user add NAME --roles service); before set-up,
//     as the workstation.
//   - `verify` always runs as the workstation (an integrity check), as do
//     `check`, `backup` and `space` without --user.
//
// The password is $EVIDOCK_PASSWORD when set (for scripts), else one line
// read from standard input after a prompt, without echo on a terminal.
// Every login, failed or not, is a ledger entry.
func (m *Main) session(ctx context.Context, st *store.Store, w who) (*store.Session, error) {
	sess, _, err := m.login(ctx, st, w)
	return sess, err
}

// login is session that also returns the password the user logged in with.
func (m *Main) login(ctx context.Context, st *store.Store, w who) (*store.Session, string, error) {
	if w == workstationAlways {
		return st.Workstation(), "", nil
	}
	if w == serviceUnlessUser && m.user == "" {
		sess, err := st.DockingSession(ctx)
		return sess, "", err
	}
	has, err := st.HasUsers(ctx)
	if err != nil {
		return nil, "", err
	}
	switch {
	case !has && w == setupUntilSetUp && m.user == "":
		sess, err := st.Setup(ctx)
		return sess, "", err
	case !has && (m.user != "" || w == userOnly):
		return nil, "", usageError{"the data folder is not set up: run `evidock init --admin NAME` first"}
	case !has:
		return st.Workstation(), "", nil
	case m.user == "":
		return nil, "", usageError{"请先登录 (log in first): this data folder has users; give --user NAME (password from $EVIDOCK_PASSWORD or the prompt)"}
	}
	pw, err := m.password("password for " + m.user)
	if err != nil {
		return nil, "", err
	}
	sess, err := st.Login(ctx, m.user, pw)
	return sess, pw, err
}

// password is $EVIDOCK_PASSWORD, or a line from standard input.
func (m *Main) password(prompt string) (string, error) {
	if pw := m.Getenv("EVIDOCK_PASSWORD"); pw != "" {
		return pw, nil
	}
	return m.readSecret(prompt)
}

// newPassword is $EVIDOCK_NEW_PASSWORD, or a line typed twice.
func (m *Main) newPassword(whose string) (string, error) {
	if pw := m.Getenv("EVIDOCK_NEW_PASSWORD"); pw != "" {
		return pw, nil
	}
	pw, err := m.readSecret("new password for " + whose)
	if err != nil {
		return "", err
	}
	again, err := m.readSecret("the same password again")
	if err != nil {
		return "", err
	}
	if pw != again {
		return "", errors.New("the two passwords differ")
	}
	return pw, nil
}

// readSecret prompts on standard error and reads a line. From a terminal
// it reads through golang.org/x/term, which turns the echo off while the
// password is typed (on every system evidock runs on); from a pipe it reads
// a plain line, as scripts feed it.
func (m *Main) readSecret(prompt string) (string, error) {
	fmt.Fprintf(m.Stderr, "%s: ", prompt)
	if f, ok := m.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(m.Stderr) // the Enter the user typed was not echoed either
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		return string(b), nil
	}
	line, err := m.readLine()
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	return line, nil
}

// readLine reads one line of standard input, without its line ending.
func (m *Main) readLine() (string, error) {
	if m.stdin == nil {
		in := m.Stdin
		if in == nil {
			in = strings.NewReader("")
		}
		m.stdin = bufio.NewReader(in)
	}
	line, err := m.stdin.ReadString('\n')
	if err == io.EOF && line != "" {
		err = nil
	}
	if err == io.EOF {
		return "", errors.New("standard input ended")
	}
	return strings.TrimRight(line, "\r\n"), err
}

func (m *Main) initCmd(ctx context.Context, args []string) int {
	fs := m.flags("init")
	admin := fs.String("admin", "", "the administrator's user name")
	display := fs.String("display", "", "the administrator's name as shown")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *admin == "" || fs.NArg() != 0 {
		fs.Usage()
		return exitUsage
	}
	st, err := m.open()
	if err != nil {
		return m.fail(err)
	}
	defer st.Close()
	if has, err := st.HasUsers(ctx); err != nil {
		return m.fail(err)
	} else if has {
		return m.fail(store.ErrSetUp)
	}
	pw := m.Getenv("EVIDOCK_PASSWORD")
	if pw == "" {
		if pw, err = m.newPassword(*admin); err != nil {
			return m.fail(err)
		}
	}
	if _, err := st.InitAdmin(ctx, *admin, *display, pw); err != nil {
		return m.fail(err)
	}
	fmt.Fprintf(m.Stdout, "administrator %s created; from now on give --user NAME\n", *admin)
	return exitOK
}

func (m *Main) passwdCmd(ctx context.Context, args []string) int {
	fs := m.flags("passwd")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return exitUsage
	}
	st, err := m.open()
	if err != nil {
		return m.fail(err)
	}
	defer st.Close()
	sess, old, err := m.login(ctx, st, userOnly)
	if err != nil {
		return m.fail(err)
	}
	name := sess.Actor().Name
	if fs.NArg() == 1 {
		name = fs.Arg(0)
	}
	pw, err := m.newPassword(name)
	if err != nil {
		return m.fail(err)
	}
	if err := sess.ChangePassword(ctx, name, old, pw); err != nil {
		return m.fail(err)
	}
	fmt.Fprintf(m.Stdout, "password of %s changed\n", name)
	return exitOK
}
