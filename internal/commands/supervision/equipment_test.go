package supervision

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"evidock/custody"
	"evidock/followups"
	"evidock/internal/cli"
	"evidock/internal/clitest"
	"evidock/ledger"
)

// A recorder's state, the pre-use check at checkout and the violation
// register, on the command line.
func TestEquipmentAndViolationCommands(t *testing.T) {
	c, _ := clitest.SetUp(t) // CAM-1 holds FILE0001.MP4 of officer 1001
	src := t.TempDir()
	for i, name := range []string{"FILE0002.MP4", "FILE0004.MP4"} { // 0003 missing
		p := filepath.Join(src, name)
		os.WriteFile(p, []byte("clip "+name), 0o644)
		at := time.Now().Add(time.Duration(i-2) * time.Minute)
		os.Chtimes(p, at, at)
	}
	c.OK("keeper", ipw, "import", "--device", "CAM-1", "--officer", "1001", src)

	c.OK("keeper", ipw, "device", "state", "CAM-1", "--set", "维修", "--note", "屏幕损坏")
	if code, _, errOut := c.Run("keeper", ipw, "", "", "checkout", "CAM-1", "--officer", "1001"); code != cli.ExitUsage || !strings.Contains(errOut, "维修") {
		t.Errorf("checkout of a recorder under repair: exit %d %s", code, errOut)
	}
	if code, _, _ := c.Run("off", ipw, "", "", "device", "state", "CAM-1", "--set", "在用", "--note", "x"); code != cli.ExitRefused {
		t.Errorf("an officer changed a recorder's state: exit %d, want 3 (not permitted)", code)
	}
	if code, _, errOut := c.Run("keeper", ipw, "", "", "device", "state", "CAM-1", "--set", "坏了", "--note", "x"); code != cli.ExitUsage || !strings.Contains(errOut, "在用") {
		t.Errorf("an unknown state: exit %d %s", code, errOut)
	}
	c.OK("keeper", ipw, "device", "state", "CAM-1", "--set", "in_use", "--note", "修好")
	if out := c.OK("keeper", ipw, "device", "list"); !strings.Contains(out, "在用") {
		t.Errorf("device list:\n%s", out)
	}
	if out := c.OK("sup", ipw, "device", "state", "CAM-1"); !strings.Contains(out, "维修") || !strings.Contains(out, "屏幕损坏") || !strings.Contains(out, "user:keeper") {
		t.Errorf("history:\n%s", out)
	}

	out := c.OK("keeper", ipw, "checkout", "CAM-1", "--officer", "1001", "--check", "电池容量,内存空间")
	if !strings.Contains(out, "不合格") || !strings.Contains(out, "系统日期和时间") {
		t.Errorf("a check without the clock ticked:\n%s", out)
	}
	var checks []custody.PreUseRecord
	json.Unmarshal([]byte(c.OK("sup", ipw, "preuse", "--open", "--json")), &checks)
	if len(checks) != 1 || strings.Join(checks[0].Problems, ",") != "clock" {
		t.Fatalf("open pre-use checks: %+v", checks)
	}
	var items []followups.OpenItem
	json.Unmarshal([]byte(c.OK("sup", ipw, "open-items", "--kind", "preuse", "--json")), &items)
	if len(items) != 1 {
		t.Errorf("the failed check is not an open item: %+v", items)
	}
	c.OK("sup", ipw, "preuse", "ack", "1", "--note", "已当面提醒")
	if code, _, errOut := c.Run("sup", ipw, "", "", "preuse", "ack", "1", "--note", "again"); code != cli.ExitUsage || !strings.Contains(errOut, "already") {
		t.Errorf("second acknowledgement: exit %d %s", code, errOut)
	}

	// The register: the supervisor's list raises what the records show.
	var rows []violationRow
	json.Unmarshal([]byte(c.OK("sup", ipw, "violation", "list", "--json")), &rows)
	var gap *violationRow
	for i, r := range rows {
		if r.Sign == custody.SignClipGap {
			gap = &rows[i]
		}
	}
	if gap == nil || !strings.Contains(gap.Detail, "0003") || gap.ItemCite != "第二十条第（一）项" || gap.ItemText != "故意删除有效证据信息" {
		t.Fatalf("register: %+v", rows)
	}
	id := strconv.FormatInt(gap.ID, 10)
	if code, _, errOut := c.Run("boss", ipw, "", "", "violation", "decide", id, "--measure", "书面检查"); code != cli.ExitUsage || !strings.Contains(errOut, "raised") {
		t.Errorf("deciding a sign not opened: exit %d %s", code, errOut)
	}
	if code, _, errOut := c.Run("boss", ipw, "", "", "violation", "decide", id, "--measure", "罚款"); code != cli.ExitUsage || !strings.Contains(errOut, "书面检查") {
		t.Errorf("a measure Art. 21 does not have: exit %d %s", code, errOut)
	}
	if code, _, _ := c.Run("sup", ipw, "", "", "violation", "open", "999", "--note", "x"); code != cli.ExitUsage {
		t.Errorf("opening no entry: exit %d", code)
	}
	c.OK("sup", ipw, "violation", "open", id, "--note", "核查 0003 去向")
	c.OK("boss", ipw, "violation", "decide", id, "--measure", "书面检查、全局通报批评", "--note", "经核查，误删")
	c.OK("sup", ipw, "violation", "close", id, "--note", "已执行")
	json.Unmarshal([]byte(c.OK("off", ipw, "violation", "list", "--json")), &rows)
	found := false
	for _, r := range rows {
		if r.Officer != "1001" {
			t.Errorf("officer 1001 sees %+v", r)
		}
		if r.ID == gap.ID {
			found = true
			if r.Status != custody.ViolationClosed || strings.Join(r.MeasureTexts, "、") != "书面检查、全局通报批评" {
				t.Errorf("the case as the officer sees it: %+v", r)
			}
		}
	}
	if !found {
		t.Error("the officer does not see the case about him")
	}
	var none []violationRow
	json.Unmarshal([]byte(c.OK("off2", ipw, "violation", "list", "--json")), &none)
	if len(none) != 0 {
		t.Errorf("officer 1002 sees %+v", none)
	}
	var entries []ledger.Entry
	json.Unmarshal([]byte(c.OK("root", adminPW, "ledger", "--json")), &entries)
	steps := map[string]bool{}
	for _, e := range entries {
		steps[e.Action] = true
	}
	for _, a := range []string{"device.state", "device.preuse_check", "preuse.ack", "violation.raise", "violation.open", "violation.decide", "violation.close"} {
		if !steps[a] {
			t.Errorf("no %s entry in the ledger", a)
		}
	}
}
