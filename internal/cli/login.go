package cli

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

// Who says which actor a command may run as.
type Who int

const (
	// workstationUntilSetUp: the workstation while the data folder has no
	// users, then a logged-in user (recordings, ledger).
	WorkstationUntilSetUp Who = iota
	// userOnly: always a logged-in user (user, request, play, register,
	// classify, passwd).
	UserOnly
	// setupUntilSetUp: the set-up session (an administrator recorded as
	// "setup") while the data folder has no users, then a logged-in user
	// (registering officers and recorders, answering follow-up questions).
	SetupUntilSetUp
	// workstationAlways: the workstation, --user or not (verify; check,
	// backup and space without --user).
	WorkstationAlways
	// serviceUnlessUser: --user when given, else the docking session: the
	// workstation before set-up, then the service account (watch).
	ServiceUnlessUser
	// workstationUnlessUser: --user when given, else the workstation
	// (scheduled checks, backups and space run unattended).
	WorkstationUnlessUser
	// noSession: the command opens the data folder itself, or needs none.
	NoSession
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
func (m *Main) login(ctx context.Context, st *store.Store, w Who) (*store.Session, string, error) {
	if w == WorkstationUnlessUser {
		w = WorkstationAlways
		if m.user != "" {
			w = UserOnly
		}
	}
	if w == WorkstationAlways {
		return st.Workstation(), "", nil
	}
	if w == ServiceUnlessUser && m.user == "" {
		sess, err := st.DockingSession(ctx)
		return sess, "", err
	}
	has, err := st.HasUsers(ctx)
	if err != nil {
		return nil, "", err
	}
	switch {
	case !has && w == SetupUntilSetUp && m.user == "":
		sess, err := st.Setup(ctx)
		return sess, "", err
	case !has && (m.user != "" || w == UserOnly):
		return nil, "", m.Usagef("login.not_set_up")
	case !has:
		return st.Workstation(), "", nil
	case m.user == "":
		return nil, "", m.Usagef("login.first")
	}
	pw, err := m.password(m.Tr("login.prompt", m.user))
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

// NewPassword is $EVIDOCK_NEW_PASSWORD, or a line typed twice.
func (m *Main) NewPassword(whose string) (string, error) {
	if pw := m.Getenv("EVIDOCK_NEW_PASSWORD"); pw != "" {
		return pw, nil
	}
	pw, err := m.readSecret(m.Tr("login.new_prompt", whose))
	if err != nil {
		return "", err
	}
	again, err := m.readSecret(m.Tr("login.again_prompt"))
	if err != nil {
		return "", err
	}
	if pw != again {
		return "", m.Usagef("login.differ")
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
			return "", fmt.Errorf("%s: %w", m.Tr("login.read_password"), err)
		}
		return string(b), nil
	}
	line, err := m.ReadLine()
	if err != nil {
		return "", fmt.Errorf("%s: %w", m.Tr("login.read_password"), err)
	}
	return line, nil
}

// ReadLine reads one line of standard input, without its line ending.
func (m *Main) ReadLine() (string, error) {
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
		return "", errors.New(m.Tr("err.stdin_ended"))
	}
	return strings.TrimRight(line, "\r\n"), err
}
