package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"evidock/access"
	"evidock/ledger"
	"evidock/records"
	"evidock/regulation"
	"evidock/store"
)

// cli runs evidock commands in-process on one data folder.
type testCLI struct {
	t    *testing.T
	data string
}

// run runs args as user (with password pw; "" runs without --user) and
// returns the exit code, stdout and stderr. stdin is standard input.
func (c testCLI) run(user, pw, newPW, stdin string, args ...string) (int, string, string) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{"EVIDOCK_PASSWORD": pw, "EVIDOCK_NEW_PASSWORD": newPW}
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return env[k] }}
	full := []string{"--data", c.data}
	if user != "" {
		full = append(full, "--user", user)
	}
	code := m.Run(context.Background(), append(full, args...))
	return code, out.String(), errOut.String()
}

// ok runs and fails the test unless it exits 0.
func (c testCLI) ok(user, pw string, args ...string) string {
	c.t.Helper()
	code, out, errOut := c.run(user, pw, "initial password", "", args...)
	if code != ExitOK {
		c.t.Fatalf("evidock %v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out
}

func TestAccessCommands(t *testing.T) {
	c := testCLI{t: t, data: t.TempDir()}
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "CLIP0001.MP4"), []byte("clip of officer 1001"), 0o644)

	// Not set up: import, recordings and ledger run as the workstation;
	// commands that need a user say to run init.
	c.ok("", "", "import", "--device", "D1", "--officer", "1001", src)
	var recs []records.Recording
	json.Unmarshal([]byte(c.ok("", "", "recordings", "--json")), &recs)
	if len(recs) != 1 {
		t.Fatalf("recordings: %v", recs)
	}
	rec := recs[0].ID
	if code, _, errOut := c.run("", "", "", "", "user", "list"); code != ExitUsage || !strings.Contains(errOut, "init") {
		t.Fatalf("user list before init: %d %s", code, errOut)
	}

	// init takes the password twice from standard input.
	if code, _, errOut := c.run("", "", "", "admin password\nother\n", "init", "--admin", "root"); code == ExitOK || !strings.Contains(errOut, "不同") {
		t.Fatalf("init with differing passwords: %d %s", code, errOut)
	}
	if code, out, errOut := c.run("", "", "", "admin password\nadmin password\n", "init", "--admin", "root"); code != ExitOK {
		t.Fatalf("init: %d %s %s", code, out, errOut)
	}
	if code, _, _ := c.run("", "admin password", "", "", "init", "--admin", "root2"); code == ExitOK {
		t.Fatal("second init succeeded")
	}

	// Set up: recordings and ledger need --user; import and verify do not.
	for _, args := range [][]string{{"recordings"}, {"ledger"}} {
		if code, _, errOut := c.run("", "", "", "", args...); code != ExitUsage || !strings.Contains(errOut, "--user") {
			t.Fatalf("%v without --user: %d %s", args, code, errOut)
		}
	}
	c.ok("", "", "verify")
	if code, _, _ := c.run("root", "wrong password", "", "", "ledger"); code != ExitRefused {
		t.Fatalf("wrong password: exit %d", code)
	}
	// The password may come from standard input.
	if code, _, errOut := c.run("root", "", "", "admin password\n", "ledger"); code != ExitOK {
		t.Fatalf("password from stdin: %d %s", code, errOut)
	}

	c.ok("root", "admin password", "user", "add", "off", "--roles", "officer", "--officer", "1001", "--display", "张三")
	c.ok("root", "admin password", "user", "add", "boss", "--roles", "leader")
	c.ok("root", "admin password", "user", "add", "keeper", "--roles", "custodian,supervisor")
	var users []store.User
	json.Unmarshal([]byte(c.ok("root", "admin password", "user", "list", "--json")), &users)
	if len(users) != 5 || users[4].Name != store.ServiceName || users[1].Name != "keeper" || len(users[1].Roles) != 2 {
		t.Fatalf("users %+v", users)
	}
	if code, _, _ := c.run("off", "initial password", "", "", "user", "add", "x", "--roles", "admin"); code != ExitRefused {
		t.Fatalf("officer added a user: exit %d", code)
	}

	reason := `案件 "2025-17"; DROP TABLE requests; --`
	out := c.ok("off", "initial password", "request", "view", "--recordings", rec, "--purpose", "办案", "--reason", reason)
	if !strings.HasPrefix(out, "申请 1：") {
		t.Fatalf("request view: %q", out)
	}
	if code, _, _ := c.run("off", "initial password", "", "", "play", rec, "--no-open"); code != ExitRefused {
		t.Fatalf("play before approval: exit %d", code)
	}
	if code, _, _ := c.run("off", "initial password", "", "", "request", "approve", "1"); code != ExitRefused {
		t.Fatalf("officer approved: exit %d", code)
	}
	var pending []access.Request
	json.Unmarshal([]byte(c.ok("boss", "initial password", "request", "list", "--pending", "--json")), &pending)
	if len(pending) != 1 || pending[0].Reason != reason {
		t.Fatalf("pending %+v", pending)
	}
	c.ok("boss", "initial password", "request", "approve", "1", "--note", "同意")
	// Approved, but not yet registered by the custodian (Art. 16-17).
	if code, _, errOut := c.run("off", "initial password", "", "", "play", rec, "--no-open"); code != ExitRefused || !strings.Contains(errOut, "查阅登记") {
		t.Fatalf("play before the viewing was registered: exit %d %s", code, errOut)
	}
	c.ok("keeper", "initial password", "register", "add", "--request", "1", "--recording", rec, "--viewer", "off")

	out = c.ok("off", "initial password", "play", rec, "--no-open")
	path := strings.TrimSpace(out)
	if !strings.HasPrefix(path, filepath.Join(c.data, "play")) || !strings.HasSuffix(path, ".MP4") {
		t.Fatalf("play printed %q", out)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("copy left after play: %v", err)
	}

	var buf bytes.Buffer
	buf.WriteString(c.ok("keeper", "initial password", "register", "--csv"))
	if !strings.HasPrefix(buf.String(), "\ufeff时间,") {
		t.Errorf("register --csv has no byte order mark or Chinese titles: %q", buf.String())
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("register csv: %v %v", rows, err)
	}
	rows = rows[1:] // the registration, then the play
	if rows[1][1] != rec || rows[1][2] != "off" || rows[1][3] != regulation.Purposes.Word("case", regulation.ZH) || rows[1][4] != reason || rows[1][5] != "boss" {
		t.Fatalf("register row %q", rows[1])
	}

	// Classified as a state secret, the recording leaves the officer's search.
	c.ok("keeper", "initial password", "classify", rec, "--level", "state", "--reason", "涉密")
	json.Unmarshal([]byte(c.ok("off", "initial password", "recordings", "--json")), &recs)
	if len(recs) != 0 {
		t.Fatalf("officer still sees %d recordings", len(recs))
	}

	// Password change, then the old one no longer works.
	c.ok("off", "initial password", "passwd") // new password from $EVIDOCK_NEW_PASSWORD: the same text
	code, _, _ := c.run("off", "initial password", "changed password", "", "passwd")
	if code != ExitOK {
		t.Fatalf("passwd: exit %d", code)
	}
	if code, _, _ := c.run("off", "initial password", "", "", "request", "list"); code != ExitRefused {
		t.Fatalf("old password accepted: exit %d", code)
	}
	c.ok("root", "admin password", "user", "disable", "off", "--reason", "transferred")
	if code, _, errOut := c.run("off", "changed password", "", "", "request", "list"); code != ExitRefused || !strings.Contains(errOut, "已停用") {
		t.Fatalf("disabled user: %d %s", code, errOut)
	}

	// Everything above is in the ledger, refusals included.
	var entries []ledger.Entry
	json.Unmarshal([]byte(c.ok("root", "admin password", "ledger", "--json")), &entries)
	seen := map[string]int{}
	for _, e := range entries {
		seen[e.Action]++
	}
	for _, a := range []string{"user.add", "login", "login.failed", "login.disabled", "request.view", "request.approve", "recording.play", "recording.classify", "refused"} {
		if seen[a] == 0 {
			t.Errorf("no %s entry in the ledger: %v", a, seen)
		}
	}
}
