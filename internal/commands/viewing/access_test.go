package viewing

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"evidock/access"
	"evidock/internal/cli"
	"evidock/ledger"
	"evidock/records"
	"evidock/regulation"
	"evidock/store"
)

func TestAccessCommands(t *testing.T) {
	c := testCLI{T: t, Data: t.TempDir()}
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "CLIP0001.MP4"), []byte("clip of officer 1001"), 0o644)

	// Not set up: import, recordings and ledger run as the workstation;
	// commands that need a user say to run init.
	c.OK("", "", "import", "--device", "D1", "--officer", "1001", src)
	var recs []records.Recording
	json.Unmarshal([]byte(c.OK("", "", "recordings", "--json")), &recs)
	if len(recs) != 1 {
		t.Fatalf("recordings: %v", recs)
	}
	rec := recs[0].ID
	if code, _, errOut := c.Run("", "", "", "", "user", "list"); code != cli.ExitUsage || !strings.Contains(errOut, "init") {
		t.Fatalf("user list before init: %d %s", code, errOut)
	}

	// init takes the password twice from standard input.
	if code, _, errOut := c.Run("", "", "", "admin password\nother\n", "init", "--admin", "root"); code == cli.ExitOK || !strings.Contains(errOut, "不同") {
		t.Fatalf("init with differing passwords: %d %s", code, errOut)
	}
	if code, out, errOut := c.Run("", "", "", "admin password\nadmin password\n", "init", "--admin", "root"); code != cli.ExitOK {
		t.Fatalf("init: %d %s %s", code, out, errOut)
	}
	if code, _, _ := c.Run("", "admin password", "", "", "init", "--admin", "root2"); code == cli.ExitOK {
		t.Fatal("second init succeeded")
	}

	// Set up: recordings and ledger need --user; import and verify do not.
	for _, args := range [][]string{{"recordings"}, {"ledger"}} {
		if code, _, errOut := c.Run("", "", "", "", args...); code != cli.ExitUsage || !strings.Contains(errOut, "--user") {
			t.Fatalf("%v without --user: %d %s", args, code, errOut)
		}
	}
	c.OK("", "", "verify")
	if code, _, _ := c.Run("root", "wrong password", "", "", "ledger"); code != cli.ExitRefused {
		t.Fatalf("wrong password: exit %d", code)
	}
	// The password may come from standard input.
	if code, _, errOut := c.Run("root", "", "", "admin password\n", "ledger"); code != cli.ExitOK {
		t.Fatalf("password from stdin: %d %s", code, errOut)
	}

	c.OK("root", "admin password", "user", "add", "off", "--roles", "officer", "--officer", "1001", "--display", "张三")
	c.OK("root", "admin password", "user", "add", "boss", "--roles", "leader")
	c.OK("root", "admin password", "user", "add", "keeper", "--roles", "custodian,supervisor")
	var users []store.User
	json.Unmarshal([]byte(c.OK("root", "admin password", "user", "list", "--json")), &users)
	if len(users) != 5 || users[4].Name != store.ServiceName || users[1].Name != "keeper" || len(users[1].Roles) != 2 {
		t.Fatalf("users %+v", users)
	}
	if code, _, _ := c.Run("off", "initial password", "", "", "user", "add", "x", "--roles", "admin"); code != cli.ExitRefused {
		t.Fatalf("officer added a user: exit %d", code)
	}

	reason := `案件 "2025-17"; DROP TABLE requests; --`
	out := c.OK("off", "initial password", "request", "view", "--recordings", rec, "--purpose", "办案", "--reason", reason)
	if !strings.HasPrefix(out, "申请 1：") {
		t.Fatalf("request view: %q", out)
	}
	if code, _, _ := c.Run("off", "initial password", "", "", "play", rec, "--no-open"); code != cli.ExitRefused {
		t.Fatalf("play before approval: exit %d", code)
	}
	if code, _, _ := c.Run("off", "initial password", "", "", "request", "approve", "1"); code != cli.ExitRefused {
		t.Fatalf("officer approved: exit %d", code)
	}
	var pending []access.Request
	json.Unmarshal([]byte(c.OK("boss", "initial password", "request", "list", "--pending", "--json")), &pending)
	if len(pending) != 1 || pending[0].Reason != reason {
		t.Fatalf("pending %+v", pending)
	}
	c.OK("boss", "initial password", "request", "approve", "1", "--note", "同意")
	// Approved, but not yet registered by the custodian (Art. 16-17).
	if code, _, errOut := c.Run("off", "initial password", "", "", "play", rec, "--no-open"); code != cli.ExitRefused || !strings.Contains(errOut, "查阅登记") {
		t.Fatalf("play before the viewing was registered: exit %d %s", code, errOut)
	}
	c.OK("keeper", "initial password", "register", "add", "--request", "1", "--recording", rec, "--viewer", "off")

	out = c.OK("off", "initial password", "play", rec, "--no-open")
	path := strings.TrimSpace(out)
	if !strings.HasPrefix(path, filepath.Join(c.Data, "play")) || !strings.HasSuffix(path, ".MP4") {
		t.Fatalf("play printed %q", out)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("copy left after play: %v", err)
	}

	var buf bytes.Buffer
	buf.WriteString(c.OK("keeper", "initial password", "register", "--csv"))
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
	c.OK("keeper", "initial password", "classify", rec, "--level", "state", "--reason", "涉密")
	json.Unmarshal([]byte(c.OK("off", "initial password", "recordings", "--json")), &recs)
	if len(recs) != 0 {
		t.Fatalf("officer still sees %d recordings", len(recs))
	}

	// Password change, then the old one no longer works.
	c.OK("off", "initial password", "passwd") // new password from $EVIDOCK_NEW_PASSWORD: the same text
	code, _, _ := c.Run("off", "initial password", "changed password", "", "passwd")
	if code != cli.ExitOK {
		t.Fatalf("passwd: exit %d", code)
	}
	if code, _, _ := c.Run("off", "initial password", "", "", "request", "list"); code != cli.ExitRefused {
		t.Fatalf("old password accepted: exit %d", code)
	}
	c.OK("root", "admin password", "user", "disable", "off", "--reason", "transferred")
	if code, _, errOut := c.Run("off", "changed password", "", "", "request", "list"); code != cli.ExitRefused || !strings.Contains(errOut, "已停用") {
		t.Fatalf("disabled user: %d %s", code, errOut)
	}

	// Everything above is in the ledger, refusals included.
	var entries []ledger.Entry
	json.Unmarshal([]byte(c.OK("root", "admin password", "ledger", "--json")), &entries)
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
