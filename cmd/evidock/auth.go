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

	"evidock/internal/cli"
	"evidock/store"
)

func init() {
	declare(command{name: "init", help: "init.help", who: noSession,
		flags: func(f *cli.Flags) runFunc {
			admin := f.String("admin", "", "init.admin")
			display := f.String("display", "", "init.display")
			f.Require("admin")
			return func(ctx context.Context, x *call) error { return x.initCmd(ctx, *admin, *display) }
		}},
		command{name: "passwd", args: "[NAME]", help: "passwd.help", who: userOnly, needs: store.ActUserPassword,
			flags: plain((*call).passwdCmd)})
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
	// workstationUnlessUser: --user when given, else the workstation
	// (scheduled checks, backups and space run unattended).
	workstationUnlessUser
	// noSession: the command opens the data folder itself, or needs none.
	noSession
)

// login returns the session a command acts through, and the password the
// user logged in with. This is the policy of the command line:
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
func (m *Main) login(ctx context.Context, st *store.Store, w who) (*store.Session, string, error) {
	if w == workstationUnlessUser {
		w = workstationAlways
		if m.user != "" {
			w = userOnly
		}
	}
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
		return nil, "", m.usagef("login.not_set_up")
	case !has:
		return st.Workstation(), "", nil
	case m.user == "":
		return nil, "", m.usagef("login.first")
	}
	pw, err := m.password(m.tr("login.prompt", m.user))
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
	pw, err := m.readSecret(m.tr("login.new_prompt", whose))
	if err != nil {
		return "", err
	}
	again, err := m.readSecret(m.tr("login.again_prompt"))
	if err != nil {
		return "", err
	}
	if pw != again {
		return "", m.usagef("login.differ")
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
			return "", fmt.Errorf("%s: %w", m.tr("login.read_password"), err)
		}
		return string(b), nil
	}
	line, err := m.readLine()
	if err != nil {
		return "", fmt.Errorf("%s: %w", m.tr("login.read_password"), err)
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
		return "", errors.New(m.tr("err.stdin_ended"))
	}
	return strings.TrimRight(line, "\r\n"), err
}

func (x *call) initCmd(ctx context.Context, admin, display string) error {
	st, err := x.open()
	if err != nil {
		return err
	}
	if has, err := st.HasUsers(ctx); err != nil {
		return err
	} else if has {
		return store.ErrSetUp
	}
	pw := x.Getenv("EVIDOCK_PASSWORD")
	if pw == "" {
		if pw, err = x.newPassword(admin); err != nil {
			return err
		}
	}
	if _, err := st.InitAdmin(ctx, admin, display, pw); err != nil {
		return err
	}
	x.done("init.done", admin)
	return nil
}

func (x *call) passwdCmd(ctx context.Context) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	name := sess.Actor().Name
	if len(x.args) == 1 {
		name = x.args[0]
	}
	pw, err := x.newPassword(name)
	if err != nil {
		return err
	}
	if err := sess.ChangePassword(ctx, name, x.password, pw); err != nil {
		return err
	}
	x.done("passwd.done", name)
	return nil
}
