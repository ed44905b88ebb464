package clitest

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"evidock/internal/cli"
)

// The passwords of the fixtures' users: the administrator's (SetUp) and
// everyone else's, as `user add` makes them from $EVIDOCK_NEW_PASSWORD.
const (
	AdminPW   = "admin password"
	InitialPW = "initial password"
)

// CLI runs evidock commands in-process on one data folder.
type CLI struct {
	T    *testing.T
	Data string
}

// Run runs args as user (with password pw; "" runs without --user) and
// returns the exit code, stdout and stderr. newPW is
// $EVIDOCK_NEW_PASSWORD and stdin is standard input.
func (c CLI) Run(user, pw, newPW, stdin string, args ...string) (int, string, string) {
	c.T.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{"EVIDOCK_PASSWORD": pw, "EVIDOCK_NEW_PASSWORD": newPW}
	m := &cli.Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return env[k] }}
	full := []string{"--data", c.Data}
	if user != "" {
		full = append(full, "--user", user)
	}
	code := m.Run(context.Background(), append(full, args...))
	return code, out.String(), errOut.String()
}

// OK runs and fails the test unless it exits 0.
func (c CLI) OK(user, pw string, args ...string) string {
	c.T.Helper()
	code, out, errOut := c.Run(user, pw, InitialPW, "", args...)
	if code != cli.ExitOK {
		c.T.Fatalf("evidock %v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out
}
