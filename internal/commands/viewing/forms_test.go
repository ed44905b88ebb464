package viewing

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evidock/digest"
	"evidock/followups"
	"evidock/internal/cli"
	"evidock/internal/clitest"
	"evidock/internal/pdfcheck"
	"evidock/records"
	"evidock/store"
)

// dockGap imports two one-minute clips of CAM-1 ten minutes apart: an
// interruption (Art. 11).
func dockGap(t *testing.T, dir string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	run, err := records.BeginImport(ctx, st.Workstation(), records.ImportSpec{Source: "dock", DeviceID: "CAM-1", OfficerID: "1001"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-2 * time.Hour).Truncate(time.Minute)
	for i, name := range []string{"FILE0010.MP4", "FILE0011.MP4"} {
		tmp, err := run.CreateTemp()
		if err != nil {
			t.Fatal(err)
		}
		sum, n, err := digest.Copy(tmp, bytes.NewReader([]byte("gap clip "+name)))
		if err != nil {
			t.Fatal(err)
		}
		when := at.Add(time.Duration(i) * 11 * time.Minute)
		if _, err := run.Archive(ctx, tmp, records.Incoming{Name: name, SourcePath: "DCIM/" + name, FileTime: when, Kind: "video",
			Sum: sum, Size: n, Facts: records.Facts{RecordedAt: when.UTC(), Duration: time.Minute}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := run.Finish(ctx, records.Summary{Status: store.StatusComplete, Files: 2, New: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := followups.UpdateImportTimelines(ctx, st, run.ID); err != nil {
		t.Fatal(err)
	}
}

// The printed forms from the command line: each a PDF of the records in
// the regulation's words, each print a ledger entry; an id that does not
// exist, or a record the user may not see, exits 2.
func TestFormCommands(t *testing.T) {
	c, rec := clitest.SetUp(t)
	dockGap(t, c.Data)
	dir := t.TempDir()
	read := func(name string) pdfcheck.Doc {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return pdfcheck.Check(t, name, b)
	}

	c.OK("off", ipw, "card", "--officer", "1001,1002", "--out", filepath.Join(dir, "card.pdf"))
	read("card.pdf").Contains(t, "您好，我们是江源区文广旅局执法人员张三、李四，为保护您的合法权益")
	if code, _, errOut := c.Run("off", ipw, "", "", "card", "--officer", "1001,9999", "--out", filepath.Join(dir, "x.pdf")); code != cli.ExitUsage || !strings.Contains(errOut, "9999") {
		t.Errorf("a card for an unknown officer: exit %d %s", code, errOut)
	}

	c.OK("off", ipw, "not-recorded", "file", "--date", "2025-03-05", "--place", "某宾馆", "--activity", "日常执法检查",
		"--reason", "涉及国家秘密、商业秘密或者个人隐私", "--basis", "第七条第一项", "--text", "客房内涉及个人隐私")
	c.OK("off", ipw, "form", "not-recorded", "1", "--out", filepath.Join(dir, "nr.pdf"))
	read("nr.pdf").Contains(t, "未进行现场执法记录工作记录", "张三（1001）", "日常执法检查", "待主管领导确认")
	if code, _, _ := c.Run("off2", ipw, "", "", "form", "not-recorded", "1", "--out", filepath.Join(dir, "x.pdf")); code != cli.ExitUsage {
		t.Errorf("another officer printed the work record: exit %d, want 2 (not found for him)", code)
	}
	c.OK("boss", ipw, "not-recorded", "ack", "1", "--note", "同意")
	c.OK("boss", ipw, "form", "not-recorded", "1", "--out", filepath.Join(dir, "nr2.pdf"))
	read("nr2.pdf").Contains(t, "boss", "确认：同意")

	c.OK("off", ipw, "explain", "--gap", "1", "--reason", "电量不足", "--text", "更换电池", "--stated")
	c.OK("off", ipw, "form", "interruption", "1", "--out", filepath.Join(dir, "gap.pdf"))
	read("gap.pdf").Contains(t, "执法记录中断情况书面说明", "CAM-1", "FILE0010.MP4", "FILE0011.MP4", "电量不足：更换电池", "张三（1001）")
	if code, _, _ := c.Run("off", ipw, "", "", "form", "interruption", "99", "--out", filepath.Join(dir, "x.pdf")); code != cli.ExitUsage {
		t.Errorf("an interruption that does not exist: exit %d", code)
	}

	c.OK("off", ipw, "request", "view", "--recordings", rec, "--purpose", "证据提取", "--reason", "移送法院")
	c.OK("boss", ipw, "request", "approve", "1", "--note", "同意调取")
	c.OK("keeper", ipw, "register", "add", "--request", "1", "--recording", rec, "--viewer", "off")
	c.OK("off", ipw, "play", rec, "--request", "1", "--no-open")
	c.OK("keeper", ipw, "form", "viewing", "1", "--out", filepath.Join(dir, "req.pdf"))
	read("req.pdf").Contains(t, "执法音像资料调取审批登记表", "证据提取：移送法院", "FILE0001.MP4", "同意（boss", "同意调取", "工作站内播放")
	if _, err := os.Stat(filepath.Join(dir, "x.pdf")); !os.IsNotExist(err) {
		t.Error("a refused form left a file")
	}

	out := c.OK("root", adminPW, "ledger", "--json")
	if n := strings.Count(out, `"action": "form.print"`); n != 5 {
		t.Errorf("%d form.print entries, want 5", n)
	}
}
