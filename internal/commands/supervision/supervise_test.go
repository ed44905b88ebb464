package supervision

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"evidock/custody"
	"evidock/followups"
	"evidock/internal/cli"
)

// The custody and supervision commands, end to end in one data folder.
func TestSuperviseCommands(t *testing.T) {
	c := testCLI{T: t, Data: t.TempDir()}
	const pw = "admin password"
	if code, out, errOut := c.Run("", "", "", pw+"\n"+pw+"\n", "init", "--admin", "root"); code != cli.ExitOK {
		t.Fatalf("init: %d %s %s", code, out, errOut)
	}
	c.OK("root", pw, "officer", "add", "1001", "--name", "张三")
	c.OK("root", pw, "device", "add", "CAM-1", "--officer", "1001")
	c.OK("root", pw, "user", "add", "keeper", "--roles", "custodian")
	c.OK("root", pw, "user", "add", "off", "--roles", "officer", "--officer", "1001")
	c.OK("root", pw, "user", "add", "boss", "--roles", "leader")
	c.OK("root", pw, "user", "add", "sup", "--roles", "supervisor")
	const ipw = "initial password"

	if out := c.OK("keeper", ipw, "checkout", "CAM-1", "--officer", "1001"); !strings.Contains(out, "CAM-1 已交给 1001") {
		t.Errorf("checkout: %s", out)
	}
	if code, _, errOut := c.Run("keeper", ipw, "", "", "checkout", "CAM-1", "--officer", "1001"); code == cli.ExitOK {
		t.Errorf("second checkout succeeded: %s", errOut)
	}
	var recs []custody.CustodyRecord
	json.Unmarshal([]byte(c.OK("sup", ipw, "custody", "--device", "CAM-1", "--json")), &recs)
	if len(recs) != 1 || recs[0].Officer != "1001" {
		t.Fatalf("custody: %+v", recs)
	}
	c.OK("keeper", ipw, "checkin", "CAM-1")
	if code, _, _ := c.Run("off", ipw, "", "", "checkout", "CAM-1", "--officer", "1001"); code == cli.ExitOK {
		t.Error("an officer checked a recorder out")
	}
	c.OK("off", ipw, "lost", "CAM-1", "--text", "巡查途中遗失")

	out := c.OK("off", ipw, "not-recorded", "file", "--date", "2025-03-05", "--place", "某宾馆", "--activity", "inspection",
		"--reason", "secret_privacy", "--basis", "第七条第一项", "--text", "涉及个人隐私")
	if !strings.Contains(out, "未录像说明 1 已提交") {
		t.Fatalf("file: %s", out)
	}
	var items []followups.OpenItem
	json.Unmarshal([]byte(c.OK("off", ipw, "open-items", "--json")), &items)
	if len(items) != 1 || items[0].Kind != followups.ItemNotRecorded {
		t.Errorf("officer's open items: %+v", items)
	}
	c.OK("boss", ipw, "not-recorded", "ack", "1", "--note", "已阅")

	var d followups.Dashboard
	json.Unmarshal([]byte(c.OK("sup", ipw, "dashboard", "--from", "2025-03-01", "--to", "2025-03-31", "--json")), &d)
	if len(d.Officers) != 1 || d.Officers[0].NotRecorded != 1 || len(d.Daily) != 31 {
		t.Errorf("dashboard: %+v", d)
	}
	dir := t.TempDir()
	for _, f := range []string{"xlsx", "csv", "pdf"} {
		path := filepath.Join(dir, "r."+f)
		c.OK("sup", ipw, "report", "--from", "2025-03-01", "--to", "2025-03-31", "--format", f, "--out", path)
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if code, _, _ := c.Run("off", ipw, "", "", "report", "--from", "2025-03-01", "--to", "2025-03-31", "--out", filepath.Join(dir, "x.pdf")); code == cli.ExitOK {
		t.Error("an officer wrote the supervisor's report")
	}
}
