package recordings

import (
	"encoding/json"
	"strings"
	"testing"

	"evidock/followups"
	"evidock/internal/cli"
	"evidock/internal/clitest"
	"evidock/ledger"
	"evidock/records"
)

// The command line takes the regulation's Chinese words as well as the
// keys, lists both in --help, and answers an unknown id, a value the rules
// forbid or something already done with exit 2 and a message.
func TestRegulationWordsOnTheCommandLine(t *testing.T) {
	c, rec := clitest.SetUp(t)
	c.OK("off", ipw, "categorize", "--recordings", rec, "--category", "日常执法检查")
	var recs []records.Recording
	json.Unmarshal([]byte(c.OK("keeper", ipw, "recordings", "--json")), &recs)
	if recs[0].Category != "inspection" {
		t.Fatalf("category %q after categorize --category 日常执法检查", recs[0].Category)
	}
	c.OK("off", ipw, "categorize", "--recordings", rec, "--category", "complaint")
	out := c.OK("off", ipw, "not-recorded", "file", "--date", "2025-03-05", "--place", "某宾馆", "--activity", "实施行政强制措施",
		"--reason", "情况紧急，不能进行执法记录", "--basis", "第七条第二项", "--text", "当事人突发疾病")
	if !strings.Contains(out, "未录像说明 1 已提交") {
		t.Fatalf("file: %s", out)
	}
	var nrs []followups.NotRecorded
	json.Unmarshal([]byte(c.OK("off", ipw, "not-recorded", "list", "--json")), &nrs)
	if len(nrs) != 1 || nrs[0].Category != "enforcement" || nrs[0].Reason != "emergency" {
		t.Fatalf("work record: %+v", nrs)
	}
	c.OK("keeper", ipw, "classify", rec, "--level", "商业秘密", "--reason", "涉及企业经营信息")

	// --help lists keys and words.
	for _, args := range [][]string{{"categorize", "--help"}, {"explain", "--help"}, {"not-recorded", "file", "--help"}} {
		code, out, _ := c.Run("", "", "", "", args...)
		if code != cli.ExitOK || !strings.Contains(out, "日常执法检查") && !strings.Contains(out, "电量不足") {
			t.Errorf("%v: exit %d, help without the regulation's words:\n%s", args, code, out)
		}
	}
	if _, out, _ := c.Run("", "", "", "", "explain", "--help"); !strings.Contains(out, "battery 电量不足") {
		t.Errorf("explain --help does not pair key and word:\n%s", out)
	}

	for _, tc := range []struct {
		user string
		args []string
		want string
	}{
		{"off", []string{"categorize", "--recordings", rec, "--category", "日常检查"}, "日常执法检查"},
		{"off", []string{"categorize", "--recordings", "no-such-recording", "--category", "日常执法检查"}, "not found"},
		{"off", []string{"explain", "--gap", "99", "--reason", "电量不足"}, "not found"},
		{"off", []string{"explain", "--gap", "99", "--reason", "没电了"}, "电量不足"},
		{"root", []string{"retention", "--set-years", "0", "--reason", "试一试"}, "至少保存 1 年"},
		{"boss", []string{"not-recorded", "ack", "7"}, "not found"},
		{"keeper", []string{"classify", "no-such-recording", "--level", "普通", "--reason", "x"}, "not found"},
		{"boss", []string{"request", "approve", "42"}, "not found"},
		{"keeper", []string{"checkin", "CAM-1"}, "not checked out"},
		{"root", []string{"user", "add", "x", "--roles", "局长"}, "主管领导"},
	} {
		code, out, errOut := c.Run(tc.user, ipw, "", "", tc.args...)
		if tc.user == "root" {
			code, out, errOut = c.Run(tc.user, adminPW, "", "", tc.args...)
		}
		if code != cli.ExitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, want 2 saying %q\nstdout: %s\nstderr: %s", tc.args, code, tc.want, out, errOut)
		}
	}
	// Acknowledging twice: the second time says it is already done.
	c.OK("boss", ipw, "not-recorded", "ack", "1")
	if code, _, errOut := c.Run("boss", ipw, "", "", "not-recorded", "ack", "1"); code != cli.ExitUsage || !strings.Contains(errOut, "already") {
		t.Errorf("second acknowledgement: exit %d %s", code, errOut)
	}
	// The base retention is unchanged after the refused --set-years 0.
	var entries []ledger.Entry
	json.Unmarshal([]byte(c.OK("root", adminPW, "ledger", "--json")), &entries)
	for _, e := range entries {
		if e.Action == "retention.policy" {
			t.Errorf("a retention change was written: %+v", e)
		}
	}
}
